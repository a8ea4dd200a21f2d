import Foundation
import HTTPLayer
import Model
import Testing
@testable import Emulator

/// One test per item of the emulator checklist (midonet-rest-api.md §8), over HTTP.
@Suite struct ChecklistTests {
    /// 1. Media types match case-insensitively, one type per header; 406 for a bad Accept or
    /// Content-Type on generic handlers; 405 for verbs a resource does not enable.
    @Test func item1MediaTypesAndDisabledVerbs() async throws {
        let live = try await LiveEmulator.seeded()
        #expect(try await live.get("/routers", accept: Types.routers.uppercased()).status == 200)
        #expect(try await live.get("/routers", accept: Types.routers + "; charset=utf-8").status == 200)
        #expect(try await live.get("/routers", accept: "\(Types.routers), application/json").status == 406)
        #expect(try await live.get("/routers", accept: Types.bridge).status == 406)
        #expect(try await live.send("GET", "/routers").status == 406, "a missing Accept fails to parse")
        #expect(try await live.get("/routers", accept: "*/*").status == 200)
        #expect(try await live.post("/routers", [:], type: Types.bridge).status == 406, "generic handlers answer 406, not 415")
        #expect(try await live.send("POST", "/routers", body: "{}").status == 415, "no Content-Type: no reader")
        // MACPort as the Go client spells it matches MidoNet's MacPort.
        try await live.addBridgePort()
        let mac = try await live.post("/bridges/\(IDs.bridge)/mac_table", ["macAddr": "02:00:00:00:00:01", "portId": .string(IDs.bridgePort)], type: Types.macPort)
        #expect(mac.status == 201)
        for (method, path) in [("PUT", "/chains/\(IDs.chain)"), ("GET", "/rules"), ("POST", "/rules"), ("GET", "/routes"),
                               ("POST", "/routes"), ("POST", "/ports"), ("GET", "/ports/\(IDs.bridgePort)/link"),
                               ("GET", "/chains/\(IDs.chain)/rules/\(IDs.rule)"), ("GET", "/bridges/\(IDs.bridge)/ports/\(IDs.bridgePort)")] {
            let response = try await live.send(method, path, headers: [("Content-Type", "application/json"), ("Accept", "application/json")], body: "{}")
            #expect(response.status == 405, "\(method) \(path)")
            #expect(response.body.isEmpty)
        }
    }

    /// 2. Create answers 201 with an absolute Location and no body; PUT and DELETE 204; errors
    /// are entities with message and code (and violations) typed Error-v1.
    @Test func item2SuccessAndErrorShapes() async throws {
        let live = try LiveEmulator()
        let created = try await live.post("/routers", ["name": "r"], type: Types.router)
        #expect(created.status == 201)
        #expect(created.body.isEmpty)
        let location = try #require(created.headers["Location"])
        #expect(location.hasPrefix(live.base + "/routers/"))
        let router = try await live.json(location, accept: Types.router)
        #expect(router["uri"]?.stringValue == location)
        #expect(try await live.put(location, ["name": "s"], type: Types.router).status == 204)
        #expect(try await live.delete(location).status == 204)
        let invalid = try await live.post("/routes".replacingOccurrences(of: "/routes", with: "/routers/\(IDs.missing)/routes"), ["type": "Normal"], type: Types.route)
        #expect(invalid.status == 400)
        #expect(invalid.headers["Content-Type"] == Types.error)
        #expect(invalid.message == "Validation error(s) found")
        let violations = invalid.json["violations"]?.arrayValue ?? []
        #expect(violations.contains(["property": "srcNetworkAddr", "message": "may not be null"]))
        #expect(violations.contains(["property": "dstNetworkAddr", "message": "may not be null"]))
        let missing = try await live.get("/routers/\(IDs.missing)", accept: Types.router)
        #expect(missing.json == ["message": .string("There is no Router with ID \(IDs.missing)."), "code": 404])
    }

    /// 3. Storage messages name the protobuf class: a bridge is a `Network`.
    @Test(arguments: [
        ("/bridges/\(IDs.missing)", Types.bridge, "There is no Network with ID \(IDs.missing)."),
        ("/routers/\(IDs.missing)", Types.router, "There is no Router with ID \(IDs.missing)."),
        ("/ports/\(IDs.missing)", Types.port, "There is no Port with ID \(IDs.missing)."),
        ("/chains/\(IDs.missing)", Types.chain, "There is no Chain with ID \(IDs.missing)."),
        ("/rules/\(IDs.missing)", Types.rule, "There is no Rule with ID \(IDs.missing)."),
        ("/routes/\(IDs.missing)", Types.route, "There is no Route with ID \(IDs.missing)."),
        ("/tunnel_zones/\(IDs.missing)", Types.tunnelZone, "There is no TunnelZone with ID \(IDs.missing)."),
        ("/hosts/\(IDs.missing)", Types.host, "There is no Host with ID \(IDs.missing)."),
    ])
    func item3StorageMessages(path: String, accept: String, message: String) async throws {
        let live = try LiveEmulator()
        let response = try await live.get(path, accept: accept)
        #expect(response.status == 404)
        #expect(response.message == message)
        let duplicate = try await LiveEmulator.seeded()
        let conflict = try await duplicate.post("/bridges", ["id": .string(IDs.bridge)], type: Types.bridge)
        #expect(conflict.message == "A(n) Network with ID \(IDs.bridge) already exists.")
    }

    /// 4. Bindings are enforced all-or-nothing: a request that fails on its last check leaves
    /// nothing behind, and deletes cascade or clear as §6 says.
    @Test func item4BindingsAreAtomic() async throws {
        let live = try await LiveEmulator.seeded()
        // A bridge whose second filter is missing: 404, and the bridge does not exist.
        let failed = try await live.post("/bridges", ["id": .string(IDs.bridge2), "inboundFilterId": .string(IDs.chain), "outboundFilterId": .string(IDs.missing)], type: Types.bridge)
        #expect(failed.status == 404)
        #expect(try await live.get("/bridges/\(IDs.bridge2)", accept: Types.bridge).status == 404)
        // A rule whose jump target is missing fails after the position check: nothing inserted.
        #expect(try await live.addRule(["type": "jump", "jumpChainId": .string(IDs.missing)]).status == 404)
        #expect(try await live.ruleOrder().isEmpty)
        // A router port whose filter is missing: no port, no Local route.
        let port = try await live.post("/routers/\(IDs.router)/ports", ["type": "Router", "portSubnet": ["10.0.0.1/24"], "inboundFilterId": .string(IDs.missing)], type: Types.port)
        #expect(port.status == 404)
        #expect(try await live.json("/routers/\(IDs.router)/ports", accept: Types.ports).arrayValue?.isEmpty == true)
        #expect(try await live.json("/routers/\(IDs.router)/routes", accept: Types.routes).arrayValue?.isEmpty == true)
        // Cascades: a bridge takes its ports; a port takes its routes and its peer's link.
        try await live.addRouterPort()
        try await live.addBridgePort()
        try await live.expect(201, live.post("/ports/\(IDs.bridgePort)/link", ["peerId": .string(IDs.routerPort)], type: Types.link))
        try await live.expect(204, live.delete("/bridges/\(IDs.bridge)"))
        #expect(try await live.get("/ports/\(IDs.bridgePort)", accept: Types.port).status == 404)
        #expect(try await live.json("/ports/\(IDs.routerPort)", accept: Types.port)["peerId"] == .null)
        try await live.expect(204, live.delete("/ports/\(IDs.routerPort)"))
        #expect(try await live.json("/routers/\(IDs.router)/routes", accept: Types.routes).arrayValue?.isEmpty == true)
    }

    /// 5. Rules: inserted at the top by default, positions 1…n+1, no PUT, jump targets must
    /// exist, and deleting a chain removes the jump rules into it.
    @Test func item5RuleSemantics() async throws {
        let live = try await LiveEmulator.seeded()
        let first = try await live.expect(201, live.addRule(["type": "accept"])).headers["Location"] ?? ""
        let second = try await live.expect(201, live.addRule(["type": "drop"])).headers["Location"] ?? ""
        let order = try await live.ruleOrder()
        #expect(order.map { live.base + "/rules/" + $0 } == [second, first], "default position 1 = top")
        #expect(try await live.addRule(["type": "return", "position": 4]).message == "Position exceeds number of rules in chain")
        let third = try await live.expect(201, live.addRule(["type": "return", "position": 3])).headers["Location"] ?? ""
        #expect(try await live.json(third, accept: Types.rule)["position"] == 3)
        #expect(try await live.put(third, ["type": "return"], type: Types.rule).status == 405)
        #expect(try await live.addRule(["type": "jump", "jumpChainId": .string(IDs.missing)]).message == "There is no Chain with ID \(IDs.missing).")
        try await live.expect(201, live.post("/chains", ["id": .string(IDs.chain2), "name": "KUBE-SERVICES"], type: Types.chain))
        try await live.expect(201, live.addRule(["type": "jump", "jumpChainId": .string(IDs.chain2), "position": 2]))
        #expect(try await live.ruleOrder().count == 4)
        try await live.expect(204, live.delete("/chains/\(IDs.chain2)"))
        let remaining = try await live.json("/chains/\(IDs.chain)/rules", accept: Types.rules).arrayValue ?? []
        #expect(remaining.map { $0["type"] } == ["drop", "accept", "return"])
        #expect(remaining.map { $0["position"] } == [1, 2, 3], "later rules shift up")
    }

    /// 6. A router port POST creates a `Local` /32 route to its address, next hop the port.
    @Test func item6RouterPortCreatesLocalRoute() async throws {
        let live = try await LiveEmulator.seeded()
        try await live.addRouterPort(subnet: "10.1.2.1/24")
        let routes = try await live.json("/routers/\(IDs.router)/routes", accept: Types.routes).arrayValue ?? []
        #expect(routes.count == 1)
        let route = try #require(routes.first)
        #expect(route["type"] == "Local")
        #expect(route["srcNetworkAddr"] == "0.0.0.0")
        #expect(route["srcNetworkLength"] == 0)
        #expect(route["dstNetworkAddr"] == "10.1.2.1")
        #expect(route["dstNetworkLength"] == 32)
        #expect(route["nextHopPort"] == .string(IDs.routerPort))
        #expect(route["routerId"] == .string(IDs.router))
        #expect(route["weight"] == 0)
        let port = try await live.json("/ports/\(IDs.routerPort)", accept: Types.port)
        #expect(port["portAddress"] == "10.1.2.1")
        #expect(port["networkAddress"] == "10.1.2.0")
        #expect(port["networkLength"] == 24)
    }

    /// 7. The bug-compatible quirks, and their fixed behaviour with `--no-bug-compat`.
    @Test(arguments: [true, false])
    func item7Quirks(bugCompatible: Bool) async throws {
        let hosts = EmulatorConfiguration.parseHost("node-1=\(IDs.host)").map { [$0] } ?? []
        let live = try await LiveEmulator.seeded(EmulatorConfiguration(hosts: hosts, quirks: bugCompatible ? .midoNet : .fixed))
        try await live.addRouterPort()
        try await live.addBridgePort()
        // MNA-1249: `portId` in the link body.
        let link = try await live.post("/ports/\(IDs.bridgePort)/link", ["portId": .string(IDs.bridgePort), "peerId": .string(IDs.routerPort)], type: Types.link)
        #expect(link.status == (bugCompatible ? 500 : 201))
        #expect(try await live.json("/ports/\(IDs.bridgePort)", accept: Types.port)["peerId"] == (bugCompatible ? .null : .string(IDs.routerPort)))
        // MNA-1251: a router-port PUT without portMac.
        try await live.expect(204, live.put("/ports/\(IDs.routerPort)", ["type": "Router", "portSubnet": ["10.1.0.1/24"]], type: Types.port))
        #expect(try await live.json("/ports/\(IDs.routerPort)", accept: Types.port)["portMac"] == (bugCompatible ? .null : "ac:ca:ba:00:00:01"))
        // MNA-1293: a tunnel-zone PUT that keeps the name.
        try await live.expect(201, live.post("/tunnel_zones", ["id": .string(IDs.tunnelZone), "name": "default", "type": "vxlan"], type: Types.tunnelZone))
        let rename = try await live.put("/tunnel_zones/\(IDs.tunnelZone)", ["name": "default", "type": "vxlan"], type: Types.tunnelZone)
        #expect(rename.status == (bugCompatible ? 409 : 204))
        // MNA-1315: re-adding a MAC and an ARP entry.
        let mac: JSONValue = ["macAddr": "02:00:00:00:00:01", "portId": .string(IDs.bridgePort)]
        try await live.expect(201, live.post("/bridges/\(IDs.bridge)/mac_table", mac, type: Types.macPort))
        #expect(try await live.post("/bridges/\(IDs.bridge)/mac_table", mac, type: Types.macPort).status == (bugCompatible ? 500 : 409))
        let arp: JSONValue = ["ip": "10.1.0.5", "mac": "02:00:00:00:00:01"]
        try await live.expect(201, live.post("/bridges/\(IDs.bridge)/arp_table", arp, type: Types.ip4Mac))
        #expect(try await live.post("/bridges/\(IDs.bridge)/arp_table", arp, type: Types.ip4Mac).status == (bugCompatible ? 500 : 409))
        // Idempotent deletes for Router, Route and TunnelZone; 404 for the others.
        for path in ["/routers/\(IDs.missing)", "/routes/\(IDs.missing)", "/tunnel_zones/\(IDs.missing)"] {
            #expect(try await live.delete(path).status == 204, "\(path)")
        }
        for path in ["/bridges/\(IDs.missing)", "/chains/\(IDs.missing)", "/rules/\(IDs.missing)", "/ports/\(IDs.missing)", "/hosts/\(IDs.missing)"] {
            #expect(try await live.delete(path).status == 404, "\(path)")
        }
    }

    /// 8. Login returns the token in the JSON body and in a `sessionId` cookie; the mock
    /// provider accepts anything, configured credentials enforce tokens.
    @Test func item8LoginTokenAndCookie() async throws {
        let mock = try LiveEmulator()
        let basic = "Basic " + Data("admin:secret".utf8).base64EncodedString()
        let mockLogin = try await mock.send("POST", "/login", headers: [("Authorization", basic)])
        #expect(mockLogin.status == 200)
        #expect(mockLogin.json == ["key": "00000000", "expires": .null])
        #expect(mockLogin.headers["Set-Cookie"] == "sessionId=00000000")
        #expect(try await mock.get("/routers", accept: Types.routers).status == 200, "the mock provider needs no token")

        let live = try LiveEmulator(EmulatorConfiguration(auth: AuthConfiguration(username: "admin", password: "secret")))
        let login = try await live.send("POST", "/login", headers: [("Authorization", basic), ("X-Auth-Project", "admin")])
        #expect(login.status == 200)
        #expect(login.headers["Content-Type"] == "application/vnd.org.midonet.Token-v1+json")
        let token = try #require(login.json["key"]?.stringValue)
        #expect(login.headers["Set-Cookie"] == "sessionId=\(token)")
        #expect(try await live.send("GET", "/routers", headers: [("Accept", Types.routers), ("X-Auth-Token", token)]).status == 200)
        #expect(try await live.send("GET", "/routers", headers: [("Accept", Types.routers), ("X-Auth-Token", "forged")]).status == 401)
        let wrong = try await live.send("POST", "/login", headers: [("Authorization", "Basic " + Data("admin:wrong".utf8).base64EncodedString())])
        #expect(wrong.status == 401)
        #expect(wrong.headers["WWW-Authenticate"] == "Basic  realm=\"BASIC_AUTH_REALM\"")
    }
}
