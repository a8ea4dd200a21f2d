import Foundation
import Model

/// The REST API over the state: routes a request to its resource handler. Pure and synchronous;
/// `Emulator` serialises calls.
struct MidoNetAPI: Sendable {
    var state: MidoNetState

    init(state: MidoNetState = MidoNetState()) {
        self.state = state
    }

    /// Answers one request below `/midonet-api`; errors become MidoNet's error answers.
    mutating func handle(_ request: APIRequest) -> EmulatorResponse {
        do {
            return try dispatch(request)
        } catch {
            return error.response
        }
    }

    private mutating func dispatch(_ request: APIRequest) throws(APIError) -> EmulatorResponse {
        let s = request.segments
        let method = request.method
        guard let root = s.first else {
            guard method == "GET" else { throw APIError.methodNotAllowed }
            return Reply.ok(RootResource.document(base: request.base), try request.accept(AllowedTypes.application))
        }
        let id = { (index: Int) throws(APIError) -> UUID in try APIRequest.pathID(s[index]) }
        switch (root, s.count, method) {
        // Routers
        case ("routers", 1, "GET"): return try listDevices(RouterRecord.self, request)
        case ("routers", 1, "POST"): return try createDevice(RouterRecord.self, request)
        case ("routers", 2, "GET"): return try getDevice(RouterRecord.self, id(1), request)
        case ("routers", 2, "PUT"): return try updateDevice(RouterRecord.self, id(1), request)
        case ("routers", 2, "DELETE"): return deleteRouter(try id(1))
        case ("routers", 3, "GET") where s[2] == "ports": return try listDevicePorts(id(1), kind: .router, peers: false, request)
        case ("routers", 3, "POST") where s[2] == "ports": return try createPort(on: id(1), kind: .router, request)
        case ("routers", 3, "GET") where s[2] == "peer_ports": return try listDevicePorts(id(1), kind: .router, peers: true, request)
        case ("routers", 3, "GET") where s[2] == "routes": return try listRoutes(of: id(1), request)
        case ("routers", 3, "POST") where s[2] == "routes": return try createRoute(on: id(1), request)
        case ("routers", 4, _) where s[2] == "ports": throw APIError.methodNotAllowed
        // Bridges
        case ("bridges", 1, "GET"): return try listDevices(BridgeRecord.self, request)
        case ("bridges", 1, "POST"): return try createDevice(BridgeRecord.self, request)
        case ("bridges", 2, "GET"): return try getDevice(BridgeRecord.self, id(1), request)
        case ("bridges", 2, "PUT"): return try updateDevice(BridgeRecord.self, id(1), request)
        case ("bridges", 2, "DELETE"): return try deleteBridge(id(1))
        case ("bridges", 3, "GET") where s[2] == "ports": return try listDevicePorts(id(1), kind: .bridge, peers: false, request)
        case ("bridges", 3, "POST") where s[2] == "ports": return try createPort(on: id(1), kind: .bridge, request)
        case ("bridges", 3, "GET") where s[2] == "peer_ports": return try listDevicePorts(id(1), kind: .bridge, peers: true, request)
        case ("bridges", 4, _) where s[2] == "ports": throw APIError.methodNotAllowed
        case ("bridges", 3, _) where s[2] == "mac_table":
            return try macTable(MacTablePath(bridgeId: id(1), vlan: nil), entry: nil, request)
        case ("bridges", 4, _) where s[2] == "mac_table":
            return try macTable(MacTablePath(bridgeId: id(1), vlan: nil), entry: s[3], request)
        case ("bridges", 5, _) where s[2] == "vlans" && s[4] == "mac_table":
            return try macTable(MacTablePath(bridgeId: id(1), vlan: try Self.vlan(s[3])), entry: nil, request)
        case ("bridges", 6, _) where s[2] == "vlans" && s[4] == "mac_table":
            return try macTable(MacTablePath(bridgeId: id(1), vlan: try Self.vlan(s[3])), entry: s[5], request)
        case ("bridges", 3, "GET") where s[2] == "arp_table": return try listArpEntries(id(1), request)
        case ("bridges", 3, "POST") where s[2] == "arp_table": return try addArpEntry(id(1), request)
        case ("bridges", 4, "GET") where s[2] == "arp_table": return try getArpEntry(id(1), s[3], request)
        case ("bridges", 4, "DELETE") where s[2] == "arp_table": return try deleteArpEntry(id(1), s[3])
        // Ports
        case ("ports", 1, "GET"): return try listAllPorts(request)
        case ("ports", 2, "GET"): return try getPort(id(1), request)
        case ("ports", 2, "PUT"): return try updatePort(id(1), request)
        case ("ports", 2, "DELETE"): return try deletePort(id(1))
        case ("ports", 3, "POST") where s[2] == "link": return try linkPort(id(1), request)
        case ("ports", 3, "DELETE") where s[2] == "link": return try unlinkPort(id(1))
        // Routes
        case ("routes", 2, "GET"): return try getRoute(id(1), request)
        case ("routes", 2, "DELETE"): return deleteRoute(try id(1))
        // Chains and rules
        case ("chains", 1, "GET"): return try listChains(request)
        case ("chains", 1, "POST"): return try createChain(request)
        case ("chains", 2, "GET"): return try getChain(id(1), request)
        case ("chains", 2, "DELETE"): return try deleteChain(id(1))
        case ("chains", 3, "GET") where s[2] == "rules": return try listRules(in: id(1), request)
        case ("chains", 3, "POST") where s[2] == "rules": return try createRule(in: id(1), request)
        case ("chains", 4, _) where s[2] == "rules": throw APIError.methodNotAllowed
        case ("rules", 2, "GET"): return try getRule(id(1), request)
        case ("rules", 2, "DELETE"): return try deleteRule(id(1))
        // Tunnel zones and their hosts
        case ("tunnel_zones", 1, "GET"): return try listTunnelZones(request)
        case ("tunnel_zones", 1, "POST"): return try createTunnelZone(request)
        case ("tunnel_zones", 2, "GET"): return try getTunnelZone(id(1), request)
        case ("tunnel_zones", 2, "PUT"): return try updateTunnelZone(id(1), request)
        case ("tunnel_zones", 2, "DELETE"): return deleteTunnelZone(try id(1))
        case ("tunnel_zones", 3, "GET") where s[2] == "hosts": return try listTunnelZoneHosts(id(1), request)
        case ("tunnel_zones", 3, "POST") where s[2] == "hosts": return try addTunnelZoneHost(id(1), request)
        case ("tunnel_zones", 4, "GET") where s[2] == "hosts": return try getTunnelZoneHost(id(1), id(3), request)
        case ("tunnel_zones", 4, "DELETE") where s[2] == "hosts": return try removeTunnelZoneHost(id(1), id(3))
        // Hosts and their port bindings
        case ("hosts", 1, "GET"): return try listHosts(request)
        case ("hosts", 1, "POST"): return try createHost(request)
        case ("hosts", 2, "GET"): return try getHost(id(1), request)
        case ("hosts", 2, "PUT"): return try updateHost(id(1), request)
        case ("hosts", 2, "DELETE"): return try deleteHost(id(1))
        case ("hosts", 3, "GET") where s[2] == "ports": return try listBindings(on: id(1), request)
        case ("hosts", 3, "POST") where s[2] == "ports": return try bindPort(on: id(1), request)
        case ("hosts", 4, "GET") where s[2] == "ports": return try getBinding(on: id(1), id(3), request)
        case ("hosts", 4, "DELETE") where s[2] == "ports": return try unbindPort(id(3))
        default:
            return try fallback(request)
        }
    }

    /// A path that exists with another method is 405 (empty); an unknown root is MidoNet's JSON
    /// 404; anything else under a known root is Jersey's empty 404.
    private func fallback(_ request: APIRequest) throws(APIError) -> EmulatorResponse {
        let s = request.segments
        guard let root = s.first else { throw APIError.notFound }
        let served = ["routers", "bridges", "ports", "routes", "chains", "rules", "tunnel_zones", "hosts"]
        guard served.contains(root) else { throw APIError.status(404, Messages.rootNotFound(root)) }
        if Self.pathExists(s) { throw APIError.methodNotAllowed }
        throw APIError.notFound
    }

    /// Whether some method serves this path (so another method gets 405, not 404).
    static func pathExists(_ s: [String]) -> Bool {
        switch (s[0], s.count) {
        case ("routers", 1), ("bridges", 1), ("ports", 1), ("chains", 1), ("tunnel_zones", 1), ("hosts", 1),
            ("routes", 1), ("rules", 1):
            return true
        case (_, 2): return UUID.parse(s[1]) != nil
        case ("routers", 3): return ["ports", "peer_ports", "routes"].contains(s[2])
        case ("bridges", 3): return ["ports", "peer_ports", "mac_table", "arp_table"].contains(s[2])
        case ("bridges", 4): return s[2] == "arp_table" || s[2] == "mac_table"
        case ("ports", 3): return s[2] == "link"
        case ("chains", 3): return s[2] == "rules"
        case ("tunnel_zones", 3), ("tunnel_zones", 4): return s[2] == "hosts"
        case ("hosts", 3), ("hosts", 4): return s[2] == "ports"
        default: return false
        }
    }

    static func vlan(_ text: String) throws(APIError) -> Int {
        guard let vlan = Int(text), (0...4095).contains(vlan) else { throw APIError.notFound }
        return vlan
    }

    private mutating func macTable(_ path: MacTablePath, entry: String?, _ request: APIRequest) throws(APIError) -> EmulatorResponse {
        switch (entry, request.method) {
        case (nil, "GET"): return try listMacEntries(path, request)
        case (nil, "POST"): return try addMacEntry(path, request)
        case (let key?, "GET"): return try getMacEntry(path, key, request)
        case (let key?, "DELETE"): return try deleteMacEntry(path, key)
        default: throw APIError.methodNotAllowed
        }
    }
}
