import Foundation
import Model

/// What MidoNet has under our tenant and IDs, read through the API: the "actual" side of drift
/// repair. Objects are kept as MidoNet's JSON, keyed like `MidoNetObject.key`.
struct MidoNetInventory: Sendable {
    /// MidoNet's JSON of every object found, by `MidoNetObject.key`.
    var objects: [String: JSONValue] = [:]
    /// Objects that are ours (our tenant's chains and bridges, rules in our chains, ports on our
    /// bridges, router ports linked to our bridges, routes through our router ports) — the only
    /// ones drift repair may delete.
    var ours: [String: MidoNetObject] = [:]
    /// Rule IDs of each of our chains, in chain order.
    var chainRules: [UUID: [UUID]] = [:]

    /// Reads MidoNet. Lists collections rather than GETting each object: O(collections) calls.
    static func read(transport: any MidoNetTransport, ids: GlobalIDs, hostIDs: [UUID]) async throws -> MidoNetInventory {
        var inventory = MidoNetInventory()
        let tenant = ids.tenant.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? ids.tenant
        func list(_ path: String, _ kind: MidoNetKind) async throws -> [JSONValue] {
            let response = try await transport.send(MidoNetRequest(method: "GET", path: path, accept: kind.collectionMediaType))
            if response.status == 404 { return [] }
            guard response.status == 200 else { throw MidoNetError(status: response.status, message: "listing \(path) failed") }
            return (try? JSONDecoder().decode([JSONValue].self, from: Data(response.body))) ?? []
        }
        func uuid(_ value: JSONValue?) -> UUID? { value?.stringValue.flatMap(UUID.init(text:)) }

        for router in try await list("/routers?tenant_id=\(tenant)", .router) {
            guard let id = uuid(router["id"]) else { continue }
            inventory.add(kind: .router, id: id, parent: nil, json: router, ours: true)
        }
        let chains = try await list("/chains?tenant_id=\(tenant)", .chain)
        for chain in chains {
            guard let id = uuid(chain["id"]) else { continue }
            inventory.add(kind: .chain, id: id, parent: nil, json: chain, ours: true)
            var order: [UUID] = []
            for rule in try await list("/chains/\(id.lowerText)/rules", .rule) {
                guard let ruleID = uuid(rule["id"]) else { continue }
                inventory.add(kind: .rule, id: ruleID, parent: id, json: rule, ours: true)
                order.append(ruleID)
            }
            inventory.chainRules[id] = order
        }
        var ourBridgePorts = Set<UUID>()
        for bridge in try await list("/bridges?tenant_id=\(tenant)", .bridge) {
            guard let id = uuid(bridge["id"]) else { continue }
            inventory.add(kind: .bridge, id: id, parent: nil, json: bridge, ours: true)
            for port in try await list("/bridges/\(id.lowerText)/ports", .port) {
                guard let portID = uuid(port["id"]) else { continue }
                ourBridgePorts.insert(portID)
                inventory.add(kind: .port, id: portID, parent: id, json: port, ours: true)
                if let peer = uuid(port["peerId"]) {
                    inventory.objects["PortLink/\(portID.lowerText)"] = ["peerId": .string(peer.lowerText)]
                }
                if let host = uuid(port["hostId"]), let name = port["interfaceName"]?.stringValue {
                    inventory.objects["HostInterfacePort/\(portID.lowerText)/\(host.lowerText)"] = ["interfaceName": .string(name), "hostId": .string(host.lowerText)]
                }
            }
            for entry in try await list("/bridges/\(id.lowerText)/mac_table", .macPort) {
                let object = MacPort(bridgeId: id, macAddr: entry["macAddr"]?.stringValue ?? "", portId: uuid(entry["portId"]) ?? UUID()).object
                inventory.objects[object.key] = entry
                inventory.ours[object.key] = object
            }
            for entry in try await list("/bridges/\(id.lowerText)/arp_table", .ip4Mac) {
                guard let ip = entry["ip"]?.stringValue.flatMap({ IPv4Address($0) }) else { continue }
                let object = IP4Mac(bridgeId: id, ip: ip, mac: entry["mac"]?.stringValue ?? "").object
                inventory.objects[object.key] = entry
                inventory.ours[object.key] = object
            }
        }
        var ourRouterPorts = Set<UUID>()
        for port in try await list("/routers/\(ids.clusterRouter.lowerText)/ports", .port) {
            guard let portID = uuid(port["id"]) else { continue }
            // A router port is ours when its peer is a port on one of our bridges.
            let linkedToUs = uuid(port["peerId"]).map(ourBridgePorts.contains) ?? false
            if linkedToUs { ourRouterPorts.insert(portID) }
            inventory.add(kind: .port, id: portID, parent: ids.clusterRouter, json: port, ours: linkedToUs)
        }
        for route in try await list("/routers/\(ids.clusterRouter.lowerText)/routes", .route) {
            guard let id = uuid(route["id"]) else { continue }
            // MidoNet's own Local routes of router ports, and routes an operator added through
            // other ports, are never ours.
            let viaUs = uuid(route["nextHopPort"]).map(ourRouterPorts.contains) ?? false
            inventory.add(kind: .route, id: id, parent: ids.clusterRouter, json: route, ours: viaUs && route["type"]?.stringValue != "Local")
        }
        let zones = try await list("/tunnel_zones", .tunnelZone)
        for zone in zones {
            guard let id = uuid(zone["id"]) else { continue }
            inventory.add(kind: .tunnelZone, id: id, parent: nil, json: zone, ours: false)
            for member in try await list("/tunnel_zones/\(id.lowerText)/hosts", .tunnelZoneHost) {
                guard let host = uuid(member["hostId"]) else { continue }
                inventory.objects["TunnelZoneHost/\(id.lowerText)/\(host.lowerText)"] = member
            }
        }
        return inventory
    }

    mutating func add(kind: MidoNetKind, id: UUID, parent: UUID?, json: JSONValue, ours isOurs: Bool) {
        let key = "\(kind.rawValue)/\(id.lowerText)"
        objects[key] = json
        if isOurs {
            ours[key] = MidoNetObject(kind: kind, id: id, parentId: parent, path: "", body: JSONBody(json))
        }
    }
}
