import Foundation
import HTTPLayer
import Logging
import Model
@testable import Emulator

/// A real emulator listener on 127.0.0.1 (port 0) and a client for it: the conformance suite
/// talks to MidoNet the way clients do, over HTTP through our HTTP layer.
final class LiveEmulator: Sendable {
    let emulator: Emulator
    let server: EmulatorServer
    let client: HTTPClient
    /// `http://127.0.0.1:PORT/midonet-api`
    let base: String

    init(_ configuration: EmulatorConfiguration = EmulatorConfiguration(), tls: TLSConfiguration? = nil, caFile: String? = nil,
         clock: @escaping @Sendable () -> Double = { Date().timeIntervalSince1970 }) throws {
        emulator = Emulator(configuration: configuration)
        var logger = Logger(label: "emulator-test")
        logger.logLevel = .warning
        server = try EmulatorServer(emulator: emulator, host: "127.0.0.1", port: 0, tls: tls, loops: 1, logger: logger, clock: clock)
        try server.start()
        client = try HTTPClient(configuration: HTTPClientConfiguration(caFile: caFile, loops: 1))
        base = "\(tls == nil ? "http" : "https")://127.0.0.1:\(server.boundPort)/midonet-api"
    }

    deinit {
        client.shutdown()
        server.shutdown()
    }

    /// Sends a request to `base + path` (or to `path` when it is an absolute URL).
    @discardableResult
    func send(_ method: String, _ path: String, headers: [(String, String)] = [], body: String? = nil) async throws -> ClientResponse {
        let url = path.hasPrefix("http") ? path : base + path
        return try await client.execute(
            ClientRequest(method: method, url: url, headers: HTTPHeaders(headers), body: Array((body ?? "").utf8)))
    }

    /// GET with an Accept header.
    func get(_ path: String, accept: String = "application/json") async throws -> ClientResponse {
        try await send("GET", path, headers: [("Accept", accept)])
    }

    /// POST with a Content-Type header.
    @discardableResult
    func post(_ path: String, _ body: JSONValue, type: String = "application/json") async throws -> ClientResponse {
        try await send("POST", path, headers: [("Content-Type", type)], body: body.serialized)
    }

    /// PUT with a Content-Type header.
    @discardableResult
    func put(_ path: String, _ body: JSONValue, type: String = "application/json") async throws -> ClientResponse {
        try await send("PUT", path, headers: [("Content-Type", type)], body: body.serialized)
    }

    @discardableResult
    func delete(_ path: String) async throws -> ClientResponse {
        try await send("DELETE", path)
    }

    /// GET and parse; throws unless 200.
    func json(_ path: String, accept: String = "application/json") async throws -> JSONValue {
        let response = try await get(path, accept: accept)
        guard response.status == 200 else { throw TestFailure("GET \(path): \(response.status) \(response.text)") }
        return try JSONBytes.parse(response.body)
    }
}

struct TestFailure: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}

extension ClientResponse {
    /// The body parsed as JSON (`.null` when empty or not JSON).
    var json: JSONValue { (try? JSONBytes.parse(body)) ?? .null }
    var message: String? { json["message"]?.stringValue }
}

/// Fixed IDs so failures are readable.
enum IDs {
    static let router = "00000000-0000-0000-0000-0000000000a1"
    static let router2 = "00000000-0000-0000-0000-0000000000a2"
    static let bridge = "00000000-0000-0000-0000-0000000000b1"
    static let bridge2 = "00000000-0000-0000-0000-0000000000b2"
    static let chain = "00000000-0000-0000-0000-0000000000c1"
    static let chain2 = "00000000-0000-0000-0000-0000000000c2"
    static let chain3 = "00000000-0000-0000-0000-0000000000c3"
    static let routerPort = "00000000-0000-0000-0000-0000000000d1"
    static let routerPort2 = "00000000-0000-0000-0000-0000000000d2"
    static let bridgePort = "00000000-0000-0000-0000-0000000000e1"
    static let bridgePort2 = "00000000-0000-0000-0000-0000000000e2"
    static let route = "00000000-0000-0000-0000-0000000000f1"
    static let rule = "00000000-0000-0000-0000-000000000011"
    static let tunnelZone = "00000000-0000-0000-0000-000000000021"
    static let host = "00000000-0000-0000-0000-000000000031"
    static let host2 = "00000000-0000-0000-0000-000000000032"
    static let missing = "99999999-9999-9999-9999-999999999999"
}

/// Media types as clients send them.
enum Types {
    static let vendor = "application/vnd.org.midonet."
    static let router = vendor + "Router-v3+json"
    static let routers = vendor + "collection.Router-v3+json"
    static let bridge = vendor + "Bridge-v4+json"
    static let port = vendor + "Port-v3+json"
    static let ports = vendor + "collection.Port-v3+json"
    static let link = vendor + "PortLink-v1+json"
    static let route = vendor + "Route-v1+json"
    static let routes = vendor + "collection.Route-v1+json"
    static let chain = vendor + "Chain-v1+json"
    static let rule = vendor + "Rule-v2+json"
    static let rules = vendor + "collection.Rule-v2+json"
    static let tunnelZone = vendor + "TunnelZone-v1+json"
    static let tunnelZoneHost = vendor + "TunnelZoneHost-v1+json"
    static let tunnelZoneHosts = vendor + "collection.TunnelZoneHost-v1+json"
    static let host = vendor + "Host-v3+json"
    static let hostInterfacePort = vendor + "HostInterfacePort-v1+json"
    static let hostInterfacePorts = vendor + "collection.HostInterfacePort-v1+json"
    /// As the Go client spells it (the server says `MacPort`).
    static let macPort = vendor + "MACPort-v2+json"
    static let ip4Mac = vendor + "IP4Mac-v1+json"
    static let error = vendor + "Error-v1+json"
}

/// Builders for a small topology.
extension LiveEmulator {
    /// A router, a chain, a bridge, and a host (registered with `--host`) in a tunnel zone.
    static func seeded(_ configuration: EmulatorConfiguration = EmulatorConfiguration(hosts: [("node-1", UUID(uuidString: IDs.host)!)])) async throws -> LiveEmulator {
        let live = try LiveEmulator(configuration)
        try await live.expect(201, live.post("/routers", ["id": .string(IDs.router), "name": "ClusterRouter"], type: Types.router))
        try await live.expect(201, live.post("/bridges", ["id": .string(IDs.bridge), "name": "node-1"], type: Types.bridge))
        try await live.expect(201, live.post("/chains", ["id": .string(IDs.chain), "name": "KUBE-MAIN"], type: Types.chain))
        return live
    }

    /// Throws unless the response has `status`.
    @discardableResult
    func expect(_ status: Int, _ response: ClientResponse) throws -> ClientResponse {
        guard response.status == status else { throw TestFailure("expected \(status), got \(response.status): \(response.text)") }
        return response
    }

    func addRouterPort(_ id: String = IDs.routerPort, subnet: String = "10.1.0.1/24", router: String = IDs.router) async throws {
        try expect(201, await post("/routers/\(router)/ports", ["id": .string(id), "type": "Router", "portSubnet": [.string(subnet)], "portMac": "ac:ca:ba:00:00:01"], type: Types.port))
    }

    func addBridgePort(_ id: String = IDs.bridgePort, bridge: String = IDs.bridge, extra: [String: JSONValue] = [:]) async throws {
        var body: [String: JSONValue] = ["id": .string(id), "type": "Bridge"]
        body.merge(extra) { _, new in new }
        try expect(201, await post("/bridges/\(bridge)/ports", .object(body), type: Types.port))
    }

    func addRule(_ body: JSONValue, chain: String = IDs.chain) async throws -> ClientResponse {
        try await post("/chains/\(chain)/rules", body, type: Types.rule)
    }

    /// The ids of a chain's rules in order.
    func ruleOrder(_ chain: String = IDs.chain) async throws -> [String] {
        try await json("/chains/\(chain)/rules", accept: Types.rules).arrayValue?.compactMap { $0["id"]?.stringValue } ?? []
    }
}
