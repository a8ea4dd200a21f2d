import Foundation
import HTTPLayer
import Model
import Testing
@testable import Emulator

/// Rule creation checks (midonet-rest-api.md §5.7), over HTTP.
@Suite struct RuleConformanceTests {
    static let target: JSONValue = ["addressFrom": "10.0.0.5", "addressTo": "10.0.0.5", "portFrom": 0, "portTo": 0]
    static let portTarget: JSONValue = ["addressFrom": "10.0.0.5", "addressTo": "10.0.0.5", "portFrom": 8080, "portTo": 8080]

    /// (body, expected status, expected effective fragmentPolicy or error message).
    static let cases: [(String, JSONValue, Int, String)] = [
        ("plain rule defaults to any", ["type": "accept"], 201, "any"),
        ("L4 match defaults to header", ["type": "accept", "tpDst": ["start": 80, "end": 80]], 201, "header"),
        ("L4 match refuses any", ["type": "accept", "tpDst": ["start": 80, "end": 80], "fragmentPolicy": "any"], 400,
         "For a rule with tpDst or tpSrc constraints, the fragmentPolicy must be 'header' or 'unfragmented'."),
        ("unknown policy", ["type": "accept", "fragmentPolicy": "some"], 400,
         "The valid options for fragmentPolicy are: 'any', 'header', 'nonheader', and 'unfragmented'."),
        ("simple NAT defaults to any", ["type": "dnat", "flowAction": "accept", "natTargets": [target]], 201, "any"),
        ("simple NAT allows header", ["type": "dnat", "flowAction": "accept", "natTargets": [target], "fragmentPolicy": "header"], 201, "header"),
        ("NAT with ports defaults to unfragmented", ["type": "dnat", "flowAction": "accept", "natTargets": [portTarget]], 201, "unfragmented"),
        ("NAT with two targets refuses any", ["type": "snat", "flowAction": "continue", "natTargets": [target, portTarget], "fragmentPolicy": "any"], 400,
         "For a NAT rule with port constraints or multiple targets, the fragmentPolicy must be 'unfragmented'."),
        ("NAT with L4 match and header", ["type": "dnat", "flowAction": "accept", "natTargets": [target], "tpDst": ["start": 80, "end": 80], "fragmentPolicy": "header"], 400,
         "For a NAT rule with port constraints or multiple targets, the fragmentPolicy must be 'unfragmented'."),
        ("NAT without targets", ["type": "dnat", "flowAction": "accept"], 400, "natTargets: size must be between 1 and 2147483647"),
        ("NAT with a bad flow action", ["type": "snat", "flowAction": "drop", "natTargets": [target]], 400, "flowAction: must match \"accept|continue|return\""),
        ("reverse NAT needs a flow action", ["type": "rev_snat"], 400, "flowAction: may not be null"),
        ("jump needs a target", ["type": "jump"], 400, "jumpChainId: may not be null"),
        ("there is no continue type", ["type": "continue"], 400, "Could not resolve type id 'continue' into a subtype of [simple type, class Rule]"),
        ("type is required", ["position": 1], 400, "Missing type id when trying to resolve subtype of [simple type, class Rule]: missing type id property 'type'"),
        ("negative position", ["type": "accept", "position": -1], 400, "position: must be greater than or equal to 1"),
        ("bad address", ["type": "accept", "nwDstAddress": "10.0.0.300"], 400, "nwDstAddress: is an invalid IP format"),
        ("dlType below 0x600", ["type": "accept", "dlType": 5], 400, "dlType: must be greater than or equal to 1536"),
        ("bad MAC", ["type": "accept", "dlSrc": "02:00:00:00:00"], 400, "dlSrc: MAC address string must be 6 words of 1 or 2 hex digits joined with 5 ':'"),
        ("inverted range", ["type": "accept", "tpDst": ["start": 90, "end": 80]], 400, "tpDst: {midokura.javarx.RangeNotValid.message}"),
        ("range without end", ["type": "accept", "tpDst": ["start": 90]], 500, ""),
    ]

    @Test(arguments: cases)
    func ruleCreation(_ name: String, _ body: JSONValue, _ status: Int, _ detail: String) async throws {
        let live = try await LiveEmulator.seeded()
        let response = try await live.addRule(body)
        #expect(response.status == status, "\(name): \(response.text)")
        if status == 201 {
            let rule = try await live.json(response.headers["Location"] ?? "", accept: Types.rule)
            #expect(rule["fragmentPolicy"] == .string(detail), "\(name)")
        } else if status == 400 {
            let violations = response.json["violations"]?.arrayValue ?? []
            let texts = violations.map { "\($0["property"]?.stringValue ?? ""): \($0["message"]?.stringValue ?? "")" }
            let message = response.message ?? ""
            #expect(message == detail || texts.contains(detail) || texts.contains(": " + detail), "\(name): \(response.text)")
        }
    }

    /// What a rule reads back as: every condition field, defaults filled in, the Go client's shapes kept.
    @Test func ruleReadsBackAsMidoNetRendersIt() async throws {
        let live = try await LiveEmulator.seeded()
        let body: JSONValue = [
            "id": .string(IDs.rule), "type": "dnat", "flowAction": "accept", "dlType": 2048, "nwProto": 6,
            "nwDstAddress": "10.96.0.10", "nwDstLength": 32, "tpDst": ["start": 53, "end": 53], "meterName": "m",
            "natTargets": [Self.portTarget], "chainId": .string(IDs.missing), "position": 1,
        ]
        try await live.expect(201, live.addRule(body))
        let rule = try await live.json("/rules/\(IDs.rule)", accept: Types.rule)
        #expect(rule["chainId"] == .string(IDs.chain), "chainId comes from the path")
        #expect(rule["meterName"] == .null, "meterName is not persisted")
        #expect(rule["position"] == 1)
        #expect(rule["nwSrcAddress"] == .null)
        #expect(rule["nwSrcLength"] == 0)
        #expect(rule["invNwDst"] == false)
        #expect(rule["tpDst"] == ["start": 53, "end": 53])
        #expect(rule["natTargets"] == [Self.portTarget])
        #expect(rule["fragmentPolicy"] == "unfragmented")
        #expect(rule["uri"] == .string("\(live.base)/rules/\(IDs.rule)"))
        let listed = try await live.json("/chains/\(IDs.chain)/rules", accept: Types.rules).arrayValue ?? []
        #expect(listed == [rule], "the list renders each rule exactly as GET does")
    }

    @Test func ruleOnMissingChainIs404AfterDuplicateCheck() async throws {
        let live = try await LiveEmulator.seeded()
        #expect(try await live.addRule(["type": "accept"], chain: IDs.missing).message == "There is no Chain with ID \(IDs.missing).")
        try await live.expect(201, live.addRule(["id": .string(IDs.rule), "type": "accept"]))
        #expect(try await live.addRule(["id": .string(IDs.rule), "type": "accept"], chain: IDs.missing).status == 409)
    }

    @Test func chainDeleteClearsFiltersAndLeavesForwardChainDangling() async throws {
        let live = try await LiveEmulator.seeded()
        try await live.expect(204, live.put("/routers/\(IDs.router)", ["inboundFilterId": .string(IDs.chain), "forwardChainId": .string(IDs.chain)], type: Types.router))
        try await live.expect(204, live.put("/bridges/\(IDs.bridge)", ["outboundFilterId": .string(IDs.chain)], type: Types.bridge))
        try await live.addBridgePort(extra: ["inboundFilterId": .string(IDs.chain)])
        try await live.expect(201, live.addRule(["type": "accept"]))
        try await live.expect(204, live.delete("/chains/\(IDs.chain)"))
        let router = try await live.json("/routers/\(IDs.router)", accept: Types.router)
        #expect(router["inboundFilterId"] == .null)
        #expect(router["forwardChainId"] == .string(IDs.chain))
        #expect(try await live.json("/bridges/\(IDs.bridge)", accept: Types.bridge)["outboundFilterId"] == .null)
        #expect(try await live.json("/ports/\(IDs.bridgePort)", accept: Types.port)["inboundFilterId"] == .null)
        #expect(try await live.get("/chains/\(IDs.chain)/rules", accept: Types.rules).status == 404)
    }
}
