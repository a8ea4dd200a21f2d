extension ClusterState {
    /// Replaces everything that came from MidoNet with a fresh snapshot. Queued entries keep
    /// precedence; queued removals of what MidoNet no longer has are forgotten.
    /// Costs one pass over the old and the new snapshot.
    public mutating func replaceSnapshot(_ snapshot: Snapshot) {
        var routes: [String: Route] = [:]
        routes.reserveCapacity(snapshot.routes.count)
        for route in snapshot.routes { routes[route.id] = route }
        for change in routeLayers.replaceSnapshot(routes) { apply(change) }
        for change in nodeLayers.replaceSnapshot(snapshot.nodePodCIDRs) { apply(change) }
        for change in serviceLayers.replaceSnapshot(snapshot.services) { apply(change) }
        hosts = snapshot.hosts
    }

    /// A state built from a snapshot alone.
    public init(snapshot: Snapshot) {
        self.init()
        replaceSnapshot(snapshot)
    }
}
