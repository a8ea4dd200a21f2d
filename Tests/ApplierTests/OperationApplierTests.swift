import Foundation
import Model
import Testing

@testable import Applier

/// `OperationApplier.matches`: after "already exists", is MidoNet's object the one we want?
@Suite struct OperationApplierTests {
    static let chain = UUID(uuidString: "2fda962b-7810-5440-a199-6e3e9f419509")!
    static let rule = Rule(
        type: "dnat", id: UUID(uuidString: "0a1b2c3d-0000-0000-0000-000000000001")!, chainId: chain, position: 3,
        natTargets: [NATTarget(address: IPv4Address("10.1.1.10")!, ports: 8080...8080)], flowAction: "accept"
    ).object
    static let link = PortLink(portId: UUID(uuidString: "0a1b2c3d-0000-0000-0000-000000000002")!, peerId: UUID(uuidString: "0a1b2c3d-0000-0000-0000-0000000000a3")!).object
    static let macEntry = MacPort(bridgeId: chain, macAddr: "02:ab:cd:00:00:01", portId: UUID(uuidString: "0a1b2c3d-0000-0000-0000-000000000002")!).object

    /// A rule as MidoNet answers GET /rules/{id}: our fields, its defaults and links, its position.
    static let ruleAsMidoNetHasIt: JSONValue = [
        "id": "0a1b2c3d-0000-0000-0000-000000000001", "type": "dnat", "chainId": "2fda962b-7810-5440-a199-6e3e9f419509", "position": 1,
        "flowAction": "accept", "fragmentPolicy": "unfragmented", "condInvert": false, "meterName": .null,
        "natTargets": [["addressFrom": "10.1.1.10", "addressTo": "10.1.1.10", "portFrom": 8080, "portTo": 8080]],
        "uri": "http://127.0.0.1:8181/midonet-api/rules/0a1b2c3d-0000-0000-0000-000000000001",
    ]

    static func replacing(_ value: JSONValue, _ key: String, with new: JSONValue) -> JSONValue {
        guard case .object(var fields) = value else { return value }
        fields[key] = new
        return .object(fields)
    }

    @Test(arguments: [
        (rule, ruleAsMidoNetHasIt, true),
        (rule, replacing(ruleAsMidoNetHasIt, "position", with: 7), true),
        (rule, replacing(ruleAsMidoNetHasIt, "flowAction", with: "continue"), false),
        (rule, replacing(ruleAsMidoNetHasIt, "natTargets", with: [["addressFrom": "10.1.1.11", "addressTo": "10.1.1.11", "portFrom": 8080, "portTo": 8080]]), false),
        (rule, replacing(ruleAsMidoNetHasIt, "natTargets", with: []), false),
        (link, ["id": "0a1b2c3d-0000-0000-0000-000000000002", "peerId": "0a1b2c3d-0000-0000-0000-0000000000a3", "type": "Bridge"], true),
        (link, ["id": "0a1b2c3d-0000-0000-0000-000000000002", "peerId": "0A1B2C3D-0000-0000-0000-0000000000A3"], true),
        (link, ["id": "0a1b2c3d-0000-0000-0000-000000000002", "peerId": "0a1b2c3d-0000-0000-0000-0000000000a4"], false),
        (link, ["id": "0a1b2c3d-0000-0000-0000-000000000002", "peerId": .null], false),
        (macEntry, ["macAddr": "02:AB:CD:00:00:01", "portId": "0a1b2c3d-0000-0000-0000-000000000002", "vlanId": 0], true),
        (macEntry, ["macAddr": "02:ab:cd:00:00:01", "portId": "0a1b2c3d-0000-0000-0000-000000000009"], false),
    ] as [(MidoNetObject, JSONValue, Bool)])
    func anExistingObjectMatchesWhenItHasWhatWeSentPositionAside(desired: MidoNetObject, existing: JSONValue, matches: Bool) throws {
        let applier = OperationApplier(transport: Unreachable(), hosts: HostDirectory(transport: Unreachable()))
        #expect(applier.matches(desired, existing) == matches)
    }

    /// `matches` is pure: nothing may be sent.
    struct Unreachable: MidoNetTransport {
        func send(_ request: MidoNetRequest) async throws -> MidoNetResponse {
            Issue.record("matches sent \(request.method) \(request.path)")
            return MidoNetResponse(status: 599, headers: [], body: [])
        }
    }
}
