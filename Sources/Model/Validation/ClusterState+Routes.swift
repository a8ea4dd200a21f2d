extension ClusterState {
    /// Records a queued route (from a translation): added, or replacing the route with the same ID.
    public mutating func upsertRoute(_ route: Route) {
        if let change = routeLayers.setQueued(route, for: route.id) { apply(change) }
    }

    /// Records a queued removal of the route with this ID.
    public mutating func removeRoute(id: String) {
        if let change = routeLayers.setQueued(nil, for: id) { apply(change) }
    }

    /// Moves one route ID in the trie from its old destination to its new one.
    mutating func apply(_ change: LayeredMap<String, Route>.Change) {
        if let old = change.old {
            var ids = routeTrie[old.prefix] ?? []
            ids.removeAll { $0 == change.key }
            routeTrie[old.prefix] = ids.isEmpty ? nil : ids
        }
        if let new = change.new {
            var ids = routeTrie[new.prefix] ?? []
            let position = ids.firstIndex { $0 >= change.key } ?? ids.endIndex
            if position == ids.endIndex || ids[position] != change.key { ids.insert(change.key, at: position) }
            routeTrie[new.prefix] = ids
        }
    }
}
