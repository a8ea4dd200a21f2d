import Foundation
import Model

/// The whole topology, in memory, with the indexes MidoNet's bindings keep (midonet-rest-api.md §6).
///
/// Every mutating request is validated completely before the first write, so a request that
/// fails changes nothing (MidoNet's transactions are all-or-nothing). Lookups by ID are
/// dictionary hits; children are found through the parent's ordered ID lists, never by scanning
/// every object. A rule's position is its index in the chain's array, O(chain length).
struct MidoNetState: Sendable {
    var routers: [UUID: RouterRecord] = [:]
    var bridges: [UUID: BridgeRecord] = [:]
    var ports: [UUID: PortRecord] = [:]
    var routes: [UUID: RouteRecord] = [:]
    var chains: [UUID: ChainRecord] = [:]
    var rules: [UUID: RuleRecord] = [:]
    var tunnelZones: [UUID: TunnelZoneRecord] = [:]
    var hosts: [UUID: HostRecord] = [:]
    /// Chain → routers, bridges and ports whose inbound/outbound filter (or router local-redirect
    /// chain) it is; cleared when the chain is deleted.
    var filterReferrers: [UUID: Set<UUID>] = [:]

    var quirks: Quirks
    private(set) var sequence = 0
    /// MidoNet allocates port tunnel keys from a global counter.
    private(set) var nextTunnelKey = 1
    var random = SystemRandomNumberGenerator()

    init(quirks: Quirks = .midoNet) {
        self.quirks = quirks
    }

    /// The next creation-order number.
    mutating func nextSequence() -> Int {
        sequence += 1
        return sequence
    }

    mutating func allocateTunnelKey() -> Int {
        defer { nextTunnelKey += 1 }
        return nextTunnelKey
    }

    /// A MAC with MidoNet's OUI `ac:ca:ba`, for router ports created without `portMac`.
    mutating func randomPortMac() -> String {
        let bytes = (0..<3).map { _ in UInt8.random(in: 0...255, using: &random) }
        return "ac:ca:ba:" + bytes.map { String(format: "%02x", $0) }.joined(separator: ":")
    }

    // MARK: Filter references

    /// Records that `device` now references `new` chains instead of `old` ones.
    mutating func updateFilterReferences(device: UUID, old: [UUID?], new: [UUID?]) {
        for chain in old.compactMap({ $0 }) where !new.contains(chain) {
            filterReferrers[chain]?.remove(device)
            if filterReferrers[chain]?.isEmpty == true { filterReferrers[chain] = nil }
        }
        for chain in new.compactMap({ $0 }) {
            filterReferrers[chain, default: []].insert(device)
        }
    }

    /// 404 `There is no Chain with ID …` for the first filter that does not exist.
    func checkChainsExist(_ ids: [UUID?]) throws(APIError) {
        for id in ids.compactMap({ $0 }) where chains[id] == nil {
            throw APIError.noSuch("Chain", id)
        }
    }

    // MARK: Deletes and their cascades

    /// Deletes a port: its routes, its peer's link, its host binding, its MAC entries and its
    /// place in its device all go with it.
    mutating func deletePort(_ id: UUID) {
        guard let port = ports.removeValue(forKey: id) else { return }
        for routeId in port.routeIds { routes[routeId] = nil }
        if let peerId = port.peerId { ports[peerId]?.peerId = nil }
        if let hostId = port.hostId { hosts[hostId]?.portIds.removeAll { $0 == id } }
        updateFilterReferences(device: id, old: [port.inboundFilterId, port.outboundFilterId], new: [])
        switch port.kind {
        case .bridge:
            bridges[port.deviceId]?.portIds.removeAll { $0 == id }
            bridges[port.deviceId]?.macTable.removeAll { $0.portId == id }
        case .router:
            routers[port.deviceId]?.portIds.removeAll { $0 == id }
        }
    }

    mutating func deleteRouter(_ id: UUID) {
        guard let router = routers[id] else { return }
        for portId in router.portIds { deletePort(portId) }
        for routeId in router.routeIds { routes[routeId] = nil }
        updateFilterReferences(device: id, old: router.filters, new: [])
        routers[id] = nil
    }

    mutating func deleteBridge(_ id: UUID) {
        guard let bridge = bridges[id] else { return }
        for portId in bridge.portIds { deletePort(portId) }
        updateFilterReferences(device: id, old: bridge.filters, new: [])
        bridges[id] = nil
    }

    mutating func deleteRoute(_ id: UUID) {
        guard let route = routes.removeValue(forKey: id) else { return }
        if let portId = route.nextHopPort { ports[portId]?.routeIds.removeAll { $0 == id } }
        if let routerId = route.routerId { routers[routerId]?.routeIds.removeAll { $0 == id } }
    }

    /// Inserts a validated rule at `index` (0-based) of its chain and records a jump's back-reference.
    mutating func insertRule(_ rule: RuleRecord, at index: Int) {
        rules[rule.id] = rule
        chains[rule.chainId]?.ruleIds.insert(rule.id, at: index)
        if let target = rule.jumpChainId { chains[target]?.jumpRuleIds.insert(rule.id) }
    }

    /// Deletes a rule; later rules move up one position. False (and nothing changed) when its
    /// chain does not list it.
    @discardableResult
    mutating func deleteRule(_ id: UUID) -> Bool {
        guard let rule = rules[id], let index = chains[rule.chainId]?.ruleIds.firstIndex(of: id) else { return false }
        rules[id] = nil
        chains[rule.chainId]?.ruleIds.remove(at: index)
        if let target = rule.jumpChainId { chains[target]?.jumpRuleIds.remove(id) }
        return true
    }

    /// Deletes a chain: first every jump rule into it (from their chains), then its own rules,
    /// then clears the filters that referenced it. Router `forwardChainId` is left dangling.
    mutating func deleteChain(_ id: UUID) {
        guard let chain = chains[id] else { return }
        // Group the inbound jump rules by owning chain so each owner is filtered once.
        var byOwner: [UUID: Set<UUID>] = [:]
        for ruleId in chain.jumpRuleIds {
            if let owner = rules[ruleId]?.chainId { byOwner[owner, default: []].insert(ruleId) }
        }
        for (owner, doomed) in byOwner {
            chains[owner]?.ruleIds.removeAll { doomed.contains($0) }
            for ruleId in doomed { rules[ruleId] = nil }
        }
        for ruleId in chains[id]?.ruleIds ?? [] {
            if let target = rules.removeValue(forKey: ruleId)?.jumpChainId, target != id {
                chains[target]?.jumpRuleIds.remove(ruleId)
            }
        }
        chains[id] = nil
        for device in filterReferrers.removeValue(forKey: id) ?? [] {
            clearFilter(id, on: device)
        }
    }

    /// Sets every filter field of `device` that references `chain` to nil.
    private mutating func clearFilter(_ chain: UUID, on device: UUID) {
        func clear(_ field: inout UUID?) { if field == chain { field = nil } }
        if var router = routers[device] {
            clear(&router.inboundFilterId)
            clear(&router.outboundFilterId)
            clear(&router.localRedirectChainId)
            routers[device] = router
        }
        if var bridge = bridges[device] {
            clear(&bridge.inboundFilterId)
            clear(&bridge.outboundFilterId)
            bridges[device] = bridge
        }
        if var port = ports[device] {
            clear(&port.inboundFilterId)
            clear(&port.outboundFilterId)
            ports[device] = port
        }
    }

    mutating func deleteTunnelZone(_ id: UUID) {
        guard let zone = tunnelZones.removeValue(forKey: id) else { return }
        for hostId in zone.memberIds { hosts[hostId]?.tunnelZoneIds.removeAll { $0 == id } }
    }

    mutating func deleteHost(_ id: UUID) {
        guard let host = hosts.removeValue(forKey: id) else { return }
        for zoneId in host.tunnelZoneIds {
            tunnelZones[zoneId]?.memberIds.removeAll { $0 == id }
            tunnelZones[zoneId]?.memberAddresses[id] = nil
        }
    }

    // MARK: Derived views

    /// The router a route belongs to: the stored one, else its next-hop port's device.
    func routerId(of route: RouteRecord) -> UUID? {
        if let routerId = route.routerId { return routerId }
        if let portId = route.nextHopPort, let port = ports[portId], port.kind == .router { return port.deviceId }
        return nil
    }

    /// A router's routes: its own, then those of each of its ports.
    func routeIds(ofRouter router: RouterRecord) -> [UUID] {
        router.routeIds + router.portIds.flatMap { ports[$0]?.routeIds ?? [] }
    }

    /// Ports linked to the ports of a device.
    func peerPorts(of portIds: [UUID]) -> [PortRecord] {
        portIds.compactMap { ports[$0]?.peerId }.compactMap { ports[$0] }
    }

    /// Objects of a dictionary in creation order.
    static func ordered<Record>(_ records: [UUID: Record], seq: (Record) -> Int) -> [Record] {
        records.values.sorted { seq($0) < seq($1) }
    }
}
