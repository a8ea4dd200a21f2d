import Foundation
import HTTPLayer
import Model
import Testing
@testable import Emulator

/// Devices, ports, links, routes, tunnel zones, bindings and tables (midonet-rest-api.md §5), over HTTP.
@Suite struct TopologyConformanceTests {
    @Test func routerAndBridgeCrud() async throws {
        let live = try LiveEmulator()
        try await live.expect(201, live.post("/routers", ["id": .string(IDs.router), "name": "r", "tenantId": "t1", "unknownField": 1], type: Types.router))
        try await live.expect(201, live.post("/routers", ["id": .string(IDs.router2), "tenantId": "t2"], type: Types.router))
        #expect(try await live.json("/routers?tenant_id=t1", accept: Types.routers).arrayValue?.count == 1)
        #expect(try await live.json("/routers", accept: Types.routers).arrayValue?.count == 2)
        // PUT is a full replacement: omitted fields fall back to defaults.
        try await live.expect(204, live.put("/routers/\(IDs.router)", ["adminStateUp": false, "id": .string(IDs.missing)], type: Types.router))
        let router = try await live.json("/routers/\(IDs.router)", accept: Types.router)
        #expect(router["name"] == .null)
        #expect(router["tenantId"] == .null)
        #expect(router["adminStateUp"] == false)
        #expect(router["id"] == .string(IDs.router), "the path id wins")
        #expect(try await live.post("/bridges", ["vxLanPortIds": []], type: Types.bridge).message == Messages.vxLanPortIdNotSettable)
        #expect(try await live.post("/bridges", ["name": .string(String(repeating: "x", count: 256))], type: Types.bridge).status == 400)
        #expect(try await live.post("/routers", ["loadBalancerId": .string(IDs.missing)], type: Types.router).message == "There is no LoadBalancer with ID \(IDs.missing).")
    }

    @Test func bridgeIsNamedNetworkAndPutMayRepeatTheEmptyVxLanPortList() async throws {
        let live = try await LiveEmulator.seeded()
        #expect(try await live.post("/bridges", ["id": .string(IDs.bridge)], type: Types.bridge).message == "A(n) Network with ID \(IDs.bridge) already exists.")
        #expect(try await live.put("/bridges/\(IDs.missing)", ["vxLanPortIds": []], type: Types.bridge).message == "There is no Network with ID \(IDs.missing).")
        try await live.expect(204, live.put("/bridges/\(IDs.bridge)", ["vxLanPortIds": [], "inboundFilterId": .string(IDs.chain)], type: Types.bridge))
        #expect(try await live.json("/bridges/\(IDs.bridge)", accept: Types.bridge)["inboundFilterId"] == .string(IDs.chain))
        let vxlan = try await live.put("/bridges/\(IDs.bridge)", ["vxLanPortIds": [.string(IDs.missing)]], type: Types.bridge)
        #expect(vxlan.message == Messages.vxLanPortIdNotSettable)
        #expect(try await live.put("/bridges/\(IDs.bridge)", ["qosPolicyId": .string(IDs.missing)], type: Types.bridge).message == "There is no QosPolicy with ID \(IDs.missing).")
    }

    @Test func portsOnDevices() async throws {
        let live = try await LiveEmulator.seeded()
        #expect(try await live.post("/bridges/\(IDs.bridge)/ports", ["type": "Router", "portSubnet": ["10.0.0.1/24"]], type: Types.port).message == "Not a bridge port.")
        #expect(try await live.post("/bridges/\(IDs.bridge)/ports", ["id": .string(IDs.bridgePort)], type: Types.port).status == 400, "type is required")
        try await live.expect(201, live.post("/bridges/\(IDs.bridge)/ports", ["id": .string(IDs.bridgePort), "type": "InteriorBridge", "vlanId": 5], type: Types.port))
        let port = try await live.json("/ports/\(IDs.bridgePort)", accept: Types.port)
        #expect(port["type"] == "Bridge")
        #expect(port["vlanId"] == 5)
        #expect(port["deviceId"] == .string(IDs.bridge))
        #expect(port["tunnelKey"]?.intValue ?? 0 > 0)
        #expect(port["active"] == false)
        // A router port without a MAC gets one with MidoNet's OUI; legacy portAddress makes the subnet.
        try await live.expect(201, live.post("/routers/\(IDs.router)/ports", ["id": .string(IDs.routerPort), "type": "Router", "portAddress": "10.2.0.1", "networkLength": 16], type: Types.port))
        let routerPort = try await live.json("/ports/\(IDs.routerPort)", accept: Types.port)
        #expect(routerPort["portSubnet"] == ["10.2.0.1/16"])
        #expect(routerPort["portMac"]?.stringValue?.hasPrefix("ac:ca:ba:") == true)
        #expect(try await live.post("/routers/\(IDs.router)/ports", ["type": "Router"], type: Types.port).status == 500, "no subnet at all")
        #expect(try await live.json("/ports", accept: Types.ports).arrayValue?.count == 2)
        #expect(try await live.get("/routers/\(IDs.missing)/ports", accept: Types.ports).status == 404)
        // PUT cannot change the kind, keeps the tunnel key.
        #expect(try await live.put("/ports/\(IDs.bridgePort)", ["type": "Router"], type: Types.port).status == 500)
        try await live.expect(204, live.put("/ports/\(IDs.bridgePort)", ["type": "Bridge"], type: Types.port))
        #expect(try await live.json("/ports/\(IDs.bridgePort)", accept: Types.port)["tunnelKey"] == port["tunnelKey"])
    }

    @Test func linksArePeersBothWays() async throws {
        let live = try await LiveEmulator.seeded()
        try await live.addRouterPort()
        try await live.addBridgePort()
        try await live.addBridgePort(IDs.bridgePort2)
        try await live.expect(201, live.post("/ports/\(IDs.bridgePort)/link", ["peerId": .string(IDs.routerPort)], type: Types.link))
        #expect(try await live.json("/ports/\(IDs.routerPort)", accept: Types.port)["peerId"] == .string(IDs.bridgePort))
        #expect(try await live.json("/routers/\(IDs.router)/peer_ports", accept: Types.ports).arrayValue?.first?["id"] == .string(IDs.bridgePort))
        let again = try await live.post("/ports/\(IDs.bridgePort)/link", ["peerId": .string(IDs.routerPort)], type: Types.link)
        #expect(again.status == 409)
        #expect(again.message == "Ports are not linkable.")
        #expect(try await live.post("/ports/\(IDs.bridgePort2)/link", ["peerId": .string(IDs.missing)], type: Types.link).status == 404)
        try await live.expect(204, live.delete("/ports/\(IDs.routerPort)/link"))
        #expect(try await live.json("/ports/\(IDs.bridgePort)", accept: Types.port)["peerId"] == .null)
        #expect(try await live.delete("/ports/\(IDs.routerPort)/link").status == 204, "idempotent")
        #expect(try await live.delete("/ports/\(IDs.missing)/link").status == 404)
    }

    @Test func routesNeedANextHopOnTheSameRouter() async throws {
        let live = try await LiveEmulator.seeded()
        try await live.expect(201, live.post("/routers", ["id": .string(IDs.router2)], type: Types.router))
        try await live.addRouterPort()
        try await live.addRouterPort(IDs.routerPort2, subnet: "10.9.0.1/24", router: IDs.router2)
        let normal: JSONValue = ["id": .string(IDs.route), "type": "Normal", "srcNetworkAddr": "0.0.0.0", "srcNetworkLength": 0,
                                 "dstNetworkAddr": "10.1.0.0", "dstNetworkLength": 24, "nextHopPort": .string(IDs.routerPort)]
        let wrongRouter: JSONValue = ["type": "Normal", "srcNetworkAddr": "0.0.0.0", "dstNetworkAddr": "10.1.0.0", "nextHopPort": .string(IDs.routerPort2)]
        #expect(try await live.post("/routers/\(IDs.router)/routes", wrongRouter, type: Types.route).message == Messages.routeNextHopPort)
        let missingPort: JSONValue = ["type": "Normal", "srcNetworkAddr": "0.0.0.0", "dstNetworkAddr": "10.1.0.0", "nextHopPort": .string(IDs.missing)]
        #expect(try await live.post("/routers/\(IDs.router)/routes", missingPort, type: Types.route).status == 400)
        #expect(try await live.post("/routers/\(IDs.router)/routes", ["type": "Sideways", "srcNetworkAddr": "0.0.0.0", "dstNetworkAddr": "1.1.1.1"], type: Types.route).message == Messages.routeTypeInvalid)
        try await live.expect(201, live.post("/routers/\(IDs.router)/routes", normal, type: Types.route))
        try await live.expect(201, live.post("/routers/\(IDs.router)/routes", ["type": "BlackHole", "srcNetworkAddr": "0.0.0.0", "dstNetworkAddr": "192.168.0.0", "dstNetworkLength": 16], type: Types.route))
        #expect(try await live.json("/routers/\(IDs.router)/routes", accept: Types.routes).arrayValue?.count == 3, "Local + Normal + BlackHole")
        #expect(try await live.put("/routes/\(IDs.route)", normal, type: Types.route).status == 405)
        try await live.expect(204, live.delete("/ports/\(IDs.routerPort)"))
        #expect(try await live.get("/routes/\(IDs.route)", accept: Types.route).status == 404, "routes die with their next-hop port")
        #expect(try await live.json("/routers/\(IDs.router)/routes", accept: Types.routes).arrayValue?.count == 1)
        try await live.expect(204, live.delete("/routers/\(IDs.router)"))
        #expect(try await live.json("/ports", accept: Types.ports).arrayValue?.count == 1)
    }

    @Test func tunnelZonesHostsAndBindings() async throws {
        let hosts = [("node-1", IDs.host), ("node-2", IDs.host2)].compactMap { EmulatorConfiguration.parseHost("\($0.0)=\($0.1)") }
        let live = try await LiveEmulator.seeded(EmulatorConfiguration(hosts: hosts))
        try await live.addBridgePort()
        try await live.addBridgePort(IDs.bridgePort2)
        let binding: JSONValue = ["portId": .string(IDs.bridgePort), "interfaceName": "midokube-mido"]
        #expect(try await live.post("/hosts/\(IDs.host)/ports", binding, type: Types.hostInterfacePort).message == Messages.hostNotInTunnelZone)
        try await live.expect(201, live.post("/tunnel_zones", ["id": .string(IDs.tunnelZone), "name": "default", "type": "vxlan"], type: Types.tunnelZone))
        #expect(try await live.post("/tunnel_zones", ["name": "default", "type": "gre"], type: Types.tunnelZone).message == Messages.tunnelZoneNameExists)
        #expect(try await live.post("/tunnel_zones", ["name": "other", "type": "VXLAN"], type: Types.tunnelZone).status == 400)
        let member: JSONValue = ["hostId": .string(IDs.host), "ipAddress": "192.168.1.10"]
        #expect(try await live.post("/tunnel_zones/\(IDs.tunnelZone)/hosts", member, type: "application/json").status == 415)
        let added = try await live.expect(201, live.post("/tunnel_zones/\(IDs.tunnelZone)/hosts", member, type: Types.tunnelZoneHost))
        #expect(added.headers["Location"] == "\(live.base)/tunnel_zones/\(IDs.tunnelZone)/hosts/\(IDs.host)")
        let duplicate = try await live.post("/tunnel_zones/\(IDs.tunnelZone)/hosts", member, type: Types.tunnelZoneHost)
        #expect(duplicate.status == 409)
        #expect(duplicate.body.isEmpty)
        #expect(try await live.get("/tunnel_zones/\(IDs.tunnelZone)/hosts", accept: "application/json").status == 406)
        #expect(try await live.json("/tunnel_zones/\(IDs.tunnelZone)/hosts", accept: Types.tunnelZoneHosts).arrayValue?.first?["ipAddress"] == "192.168.1.10")
        #expect(try await live.get("/tunnel_zones/\(IDs.tunnelZone)/hosts/\(IDs.host2)", accept: Types.tunnelZoneHost).message == "Resource not found")
        // Binding now works; conflicts as MidoNet reports them.
        let bound = try await live.expect(201, live.post("/hosts/\(IDs.host)/ports", binding, type: Types.hostInterfacePort))
        #expect(bound.headers["Location"] == "\(live.base)/hosts/\(IDs.host)/ports/\(IDs.bridgePort)")
        #expect(try await live.post("/hosts/\(IDs.host)/ports", binding, type: Types.hostInterfacePort).message == "Port \(IDs.bridgePort) is already bound to an interface")
        let sameInterface: JSONValue = ["portId": .string(IDs.bridgePort2), "interfaceName": "midokube-mido"]
        #expect(try await live.post("/hosts/\(IDs.host)/ports", sameInterface, type: Types.hostInterfacePort).message == "Interface midokube-mido is already bound to a port.")
        #expect(try await live.get("/hosts/\(IDs.host)/ports", accept: "application/json").status == 406)
        let bindings = try await live.json("/hosts/\(IDs.host)/ports", accept: Types.hostInterfacePorts).arrayValue ?? []
        #expect(bindings.map { $0["interfaceName"] } == ["midokube-mido"])
        #expect(try await live.json("/ports/\(IDs.bridgePort)", accept: Types.port)["hostId"] == .string(IDs.host))
        // The host cannot go while alive; a seeded (agent-less) host with no bindings can.
        #expect(try await live.delete("/hosts/\(IDs.host)").status == 403)
        try await live.expect(204, live.delete("/hosts/\(IDs.host)/ports/\(IDs.bridgePort)"))
        #expect(try await live.get("/hosts/\(IDs.host)/ports/\(IDs.bridgePort)", accept: Types.hostInterfacePort).message == Messages.hostInterfacePortNotFound)
        try await live.expect(201, live.post("/hosts", ["id": .string(IDs.missing), "name": "spare"], type: Types.host))
        try await live.expect(201, live.post("/tunnel_zones/\(IDs.tunnelZone)/hosts", ["hostId": .string(IDs.missing), "ipAddress": "192.168.1.11"], type: Types.tunnelZoneHost))
        try await live.expect(200, live.delete("/hosts/\(IDs.missing)"))
        #expect(try await live.json("/tunnel_zones/\(IDs.tunnelZone)/hosts", accept: Types.tunnelZoneHosts).arrayValue?.count == 1)
        // Deleting the zone removes it from its members.
        try await live.expect(204, live.delete("/tunnel_zones/\(IDs.tunnelZone)"))
        #expect(try await live.post("/hosts/\(IDs.host)/ports", binding, type: Types.hostInterfacePort).status == 409)
    }

    @Test func macAndArpTables() async throws {
        let live = try await LiveEmulator.seeded()
        try await live.addBridgePort()
        try await live.addBridgePort(IDs.bridgePort2, extra: ["vlanId": 7])
        try await live.expect(201, live.post("/bridges", ["id": .string(IDs.bridge2)], type: Types.bridge))
        let entry: JSONValue = ["macAddr": "02:AB:00:00:00:01", "portId": .string(IDs.bridgePort)]
        let created = try await live.expect(201, live.post("/bridges/\(IDs.bridge)/mac_table", entry, type: Types.macPort))
        #expect(created.headers["Location"] == "\(live.base)/bridges/\(IDs.bridge)/mac_table/02-ab-00-00-00-01_\(IDs.bridgePort)")
        #expect(try await live.post("/bridges/\(IDs.bridge2)/mac_table", entry, type: Types.macPort).message == Messages.macPortOnBridge)
        #expect(try await live.post("/bridges/\(IDs.bridge)/mac_table", ["macAddr": "02:00:00:00:00:02", "portId": .string(IDs.bridgePort2)], type: Types.macPort).message == "The specified port handles traffic only for VLAN 7.")
        try await live.expect(201, live.post("/bridges/\(IDs.bridge)/vlans/7/mac_table", ["macAddr": "02:00:00:00:00:02", "portId": .string(IDs.bridgePort2)], type: Types.macPort))
        #expect(try await live.json("/bridges/\(IDs.bridge)/mac_table", accept: "application/json").arrayValue?.count == 2, "the plain path lists every VLAN")
        #expect(try await live.json("/bridges/\(IDs.bridge)/vlans/7/mac_table", accept: "application/json").arrayValue?.count == 1)
        #expect(try await live.get("/bridges/\(IDs.bridge)/vlans/9/mac_table", accept: "application/json").message == "The specified bridge has no ports assigned to VLAN 9.")
        #expect(try await live.get("/bridges/\(IDs.bridge)/mac_table/02-00-00-00-00-09_\(IDs.bridgePort)", accept: "application/json").message == Messages.macPortNotFound)
        try await live.expect(204, live.delete("/bridges/\(IDs.bridge)/mac_table/02-ab-00-00-00-01_\(IDs.bridgePort)"))
        #expect(try await live.delete("/bridges/\(IDs.bridge)/mac_table/02-ab-00-00-00-01_\(IDs.bridgePort)").status == 204)

        let arp: JSONValue = ["ip": "10.1.0.5", "mac": "02:00:00:00:00:05"]
        #expect(try await live.post("/bridges/\(IDs.bridge)/arp_table", arp, type: "application/json").status == 415, "the ARP POST consumes only IP4Mac-v1")
        try await live.expect(201, live.post("/bridges/\(IDs.bridge)/arp_table", arp, type: Types.ip4Mac))
        #expect(try await live.json("/bridges/\(IDs.bridge)/arp_table/10.1.0.5_02-00-00-00-00-05", accept: Types.ip4Mac)["mac"] == "02:00:00:00:00:05")
        #expect(try await live.get("/bridges/\(IDs.bridge)/arp_table/10.1.0.6_02-00-00-00-00-05", accept: Types.ip4Mac).message == Messages.arpEntryNotFound)
        #expect(try await live.post("/bridges/\(IDs.bridge)/arp_table", ["ip": "10.1.0", "mac": "x"], type: Types.ip4Mac).json["violations"]?.arrayValue?.count == 2)
    }

    @Test func rootResourceAdvertisesTemplates() async throws {
        let live = try LiveEmulator()
        let root = try await live.json("/", accept: "application/vnd.org.midonet.Application-v5+json")
        #expect(root["version"] == "v5.0")
        #expect(root["routers"] == .string(live.base + "/routers"))
        #expect(root["ruleTemplate"] == .string(live.base + "/rules/{id}"))
        #expect(root["tunnelZones"] == .string(live.base + "/tunnel_zones"))
        #expect(root["rules"] == nil, "no collection key for rules")
        #expect(try await live.get("/", accept: Types.router).status == 406)
        #expect(try await live.get("/vlans", accept: "application/json").message == "Root resource vlans not found")
        #expect(try await live.send("GET", "http://127.0.0.1:\(live.server.boundPort)/elsewhere").status == 404)
        let options = try await live.send("OPTIONS", "/routers")
        #expect(options.status == 200)
        #expect(options.headers["Access-Control-Allow-Origin"] == "*")
    }
}
