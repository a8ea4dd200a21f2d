extension ClusterState {
    /// Records a node's PodCIDR from a queued translation; its first and second addresses
    /// become MidoNet's (router port, node port gateway).
    ///
    /// The node's routes (PodCIDR route, address routes) are separate: add them with `upsertRoute(_:)`.
    public mutating func setNode(name: String, podCIDR: IPv4Prefix) {
        if let change = nodeLayers.setQueued(podCIDR, for: name) { apply(change) }
    }

    /// Records a queued removal of a node (or of its PodCIDR).
    public mutating func removeNode(name: String) {
        if let change = nodeLayers.setQueued(nil, for: name) { apply(change) }
    }

    mutating func apply(_ change: LayeredMap<String, IPv4Prefix>.Change) {
        if let old = change.old {
            for gateway in Self.gateways(node: change.key, podCIDR: old) {
                var list = gatewayIndex[gateway.address] ?? []
                list.removeAll { $0 == gateway }
                gatewayIndex[gateway.address] = list.isEmpty ? nil : list
            }
        }
        if let new = change.new {
            for gateway in Self.gateways(node: change.key, podCIDR: new) {
                gatewayIndex[gateway.address, default: []].append(gateway)
            }
        }
    }

    /// The gateways of a PodCIDR that fit in it: none for a /32, only the first for a /31.
    static func gateways(node: String, podCIDR: IPv4Prefix) -> [NodeGateway] {
        let normalized = IPv4Prefix(address: podCIDR.network, length: podCIDR.length)
        return [NodeGateway.Role.routerPort, .nodePort]
            .map { NodeGateway(node: node, podCIDR: normalized, role: $0) }
            .filter { normalized.contains($0.address) }
    }
}
