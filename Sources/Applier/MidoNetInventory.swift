import Foundation
import Model

/// What MidoNet has under our tenant and IDs, read through the API: the "actual" side of drift
/// repair, keyed like `MidoNetObject.key`. Read against `DriftExpectations`, it keeps little of
/// a cluster in step: an object whose digest is the one wanted is only a key in `matched`.
struct MidoNetInventory: Sendable {
    /// The top-level fields kept of each kind's objects that are compared in full: those the
    /// translations set. MidoNet adds URIs and defaults to every object it answers with.
    /// A kind not listed keeps no field.
    typealias Fields = [MidoNetKind: Set<String>]

    /// Objects found as the translations want them (`DriftExpectations.matches`).
    var matched = FoundKeys()
    /// MidoNet's JSON, cut to the expectations' `fields`, of the other objects found that some
    /// translation wants, and of the links and bindings (compared another way).
    var objects: [String: JSONBody] = [:]
    /// Objects that are ours (our tenant's chains and bridges, rules in our chains, ports on our
    /// bridges, router ports linked to our bridges, routes through our router ports) — the only
    /// ones drift repair may delete. `read` keeps those no translation wants (the deletes).
    var ours: [String: MidoNetObject] = [:]
    /// Rule IDs of each of our chains, in chain order.
    var chainRules: [UUID: [UUID]] = [:]
    /// What `read` was told the translations want.
    var expectations = DriftExpectations()

    /// How MidoNet has an object drift repair compares.
    enum Found {
        /// As wanted (by digest).
        case same
        /// Its JSON (cut), to compare in full.
        case existing(JSONBody)
    }

    /// What MidoNet has of `object`; nil when it has no such object.
    func found(_ object: MidoNetObject) -> Found? {
        if matched.contains(object) { return .same }
        return objects[object.key].map(Found.existing)
    }

    /// Reads MidoNet. Lists collections rather than GETting each object: O(collections) calls.
    /// A listing is parsed once and its elements taken one at a time.
    static func read(transport: any MidoNetTransport, ids: GlobalIDs, expectations: DriftExpectations) async throws -> MidoNetInventory {
        var inventory = MidoNetInventory()
        inventory.expectations = expectations
        let tenant = ids.tenant.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? ids.tenant
        func list(_ path: String, _ kind: MidoNetKind) async throws -> [JSONValue] {
            var elements: [JSONValue] = []
            try await transport.forEachListed(path, kind) { elements.append($0) }
            return elements
        }
        func uuid(_ value: JSONValue?) -> UUID? { value?.stringValue.flatMap(UUID.init(text:)) }

        for router in try await list("/routers?tenant_id=\(tenant)", .router) {
            guard let id = uuid(router["id"]) else { continue }
            inventory.add(kind: .router, id: id, parent: nil, json: router, ours: true)
        }
        var chainIDs: [UUID] = []
        try await transport.forEachListed("/chains?tenant_id=\(tenant)", .chain) { chain in
            guard let id = uuid(chain["id"]) else { return }
            inventory.add(kind: .chain, id: id, parent: nil, json: chain, ours: true)
            chainIDs.append(id)
        }
        for id in chainIDs {
            var order: [UUID] = []
            try await transport.forEachListed("/chains/\(id.lowerText)/rules", .rule) { rule in
                guard let ruleID = uuid(rule["id"]) else { return }
                inventory.add(kind: .rule, id: ruleID, parent: id, json: rule, ours: true)
                order.append(ruleID)
            }
            inventory.chainRules[id] = order
        }
        var ourBridgePorts = Set<UUID>()
        var bridgeIDs: [UUID] = []
        try await transport.forEachListed("/bridges?tenant_id=\(tenant)", .bridge) { bridge in
            guard let id = uuid(bridge["id"]) else { return }
            inventory.add(kind: .bridge, id: id, parent: nil, json: bridge, ours: true)
            bridgeIDs.append(id)
        }
        for id in bridgeIDs {
            try await transport.forEachListed("/bridges/\(id.lowerText)/ports", .port) { port in
                guard let portID = uuid(port["id"]) else { return }
                ourBridgePorts.insert(portID)
                inventory.add(kind: .port, id: portID, parent: id, json: port, ours: true)
                if let peer = uuid(port["peerId"]) {
                    inventory.objects["PortLink/\(portID.lowerText)"] = JSONBody(["peerId": .string(peer.lowerText)])
                }
                if let host = uuid(port["hostId"]), let name = port["interfaceName"]?.stringValue {
                    inventory.objects["HostInterfacePort/\(portID.lowerText)/\(host.lowerText)"] = JSONBody(["interfaceName": .string(name), "hostId": .string(host.lowerText)])
                }
            }
            try await transport.forEachListed("/bridges/\(id.lowerText)/mac_table", .macPort) { entry in
                inventory.add(MacPort(bridgeId: id, macAddr: entry["macAddr"]?.stringValue ?? "", portId: uuid(entry["portId"]) ?? UUID()).object, json: entry)
            }
            try await transport.forEachListed("/bridges/\(id.lowerText)/arp_table", .ip4Mac) { entry in
                guard let ip = entry["ip"]?.stringValue.flatMap({ IPv4Address($0) }) else { return }
                inventory.add(IP4Mac(bridgeId: id, ip: ip, mac: entry["mac"]?.stringValue ?? "").object, json: entry)
            }
        }
        var ourRouterPorts = Set<UUID>()
        try await transport.forEachListed("/routers/\(ids.clusterRouter.lowerText)/ports", .port) { port in
            guard let portID = uuid(port["id"]) else { return }
            // A router port is ours when its peer is a port on one of our bridges.
            let linkedToUs = uuid(port["peerId"]).map(ourBridgePorts.contains) ?? false
            if linkedToUs { ourRouterPorts.insert(portID) }
            inventory.add(kind: .port, id: portID, parent: ids.clusterRouter, json: port, ours: linkedToUs)
        }
        try await transport.forEachListed("/routers/\(ids.clusterRouter.lowerText)/routes", .route) { route in
            guard let id = uuid(route["id"]) else { return }
            // MidoNet's own Local routes of router ports, and routes an operator added through
            // other ports, are never ours.
            let viaUs = uuid(route["nextHopPort"]).map(ourRouterPorts.contains) ?? false
            inventory.add(kind: .route, id: id, parent: ids.clusterRouter, json: route, ours: viaUs && route["type"]?.stringValue != "Local")
        }
        let zones = try await list("/tunnel_zones", .tunnelZone)
        for zone in zones {
            guard let id = uuid(zone["id"]) else { continue }
            inventory.add(kind: .tunnelZone, id: id, parent: nil, json: zone, ours: false)
            try await transport.forEachListed("/tunnel_zones/\(id.lowerText)/hosts", .tunnelZoneHost) { member in
                guard let host = uuid(member["hostId"]) else { return }
                inventory.objects["TunnelZoneHost/\(id.lowerText)/\(host.lowerText)"] = inventory.cut(member, kind: .tunnelZoneHost)
            }
        }
        return inventory
    }

    /// An object found: matched, kept to compare, kept to delete, or dropped (neither wanted
    /// nor ours: an operator's route, MidoNet's own).
    mutating func add(kind: MidoNetKind, id: UUID, parent: UUID?, json: JSONValue, ours isOurs: Bool) {
        let key = "\(kind.rawValue)/\(id.lowerText)"
        if expectations.wanted.contains(key) {
            if expectations.matches(key: key, json: json) {
                matched.insert(kind: kind, id: id)
            } else {
                objects[key] = cut(json, kind: kind)
            }
        } else if isOurs {
            ours[key] = MidoNetObject(kind: kind, id: id, parentId: parent, path: "", body: cut(json, kind: kind))
        }
    }

    /// A table entry found (MAC or ARP), ours by where it is: as `add`, by its key.
    mutating func add(_ entry: MidoNetObject, json: JSONValue) {
        let key = entry.key
        if expectations.wanted.contains(key) {
            if expectations.matches(key: key, json: json) {
                matched.insert(key: key)
            } else {
                objects[key] = cut(json, kind: entry.kind)
            }
        } else {
            var object = entry
            object.body = cut(json, kind: entry.kind)
            ours[key] = object
        }
    }

    /// `json` with only the top-level fields the translations set for `kind`.
    func cut(_ json: JSONValue, kind: MidoNetKind) -> JSONBody {
        guard case .object(let all) = json else { return JSONBody(json) }
        let kept = expectations.fields[kind] ?? []
        return JSONBody(.object(all.filter { kept.contains($0.key) }))
    }
}
