import Foundation
import Model
import Testing
@testable import Emulator

/// The core driven directly (no sockets): fast checks of state, indexes and rendering.
@Suite struct CoreStateTests {
    static let chain = "00000000-0000-0000-0000-0000000000c1"
    static let target = "00000000-0000-0000-0000-0000000000c2"

    static func request(_ method: String, _ path: String, _ body: JSONValue? = nil, type: String = "application/json") -> EmulatorRequest {
        EmulatorRequest(method: method, path: "/midonet-api" + path, headers: ["Content-Type": type, "Accept": "application/json", "Host": "h:1"],
                        body: body.map(JSONBytes.write) ?? [])
    }

    static func seededEmulator() -> Emulator {
        let emulator = Emulator()
        _ = emulator.handle(request("POST", "/chains", ["id": .string(chain)]))
        _ = emulator.handle(request("POST", "/chains", ["id": .string(target)]))
        return emulator
    }

    @Test func positionsShiftOnInsertAndDelete() {
        let emulator = Self.seededEmulator()
        var ids: [String] = []
        for position in [1, 2, 1, 4, 2] {
            let response = emulator.handle(Self.request("POST", "/chains/\(Self.chain)/rules", ["type": "accept", "position": .int(position)]))
            ids.append(String(response.headers["Location"]?.suffix(36) ?? ""))
        }
        let order = emulator.withState { state in state.chains[UUID.parse(Self.chain)!]?.ruleIds.map(\.text) ?? [] }
        // Inserted at 1, 2, 1, 4, 2: c e a b d.
        #expect(order == [ids[2], ids[4], ids[0], ids[1], ids[3]])
        _ = emulator.handle(Self.request("DELETE", "/rules/\(ids[4])"))
        let position = (try? JSONBytes.parse(emulator.handle(Self.request("GET", "/rules/\(ids[3])")).body))?["position"]
        #expect(position == 4)
    }

    @Test func chainDeleteRemovesInboundJumpsAndBackReferences() {
        let emulator = Self.seededEmulator()
        _ = emulator.handle(Self.request("POST", "/chains/\(Self.chain)/rules", ["type": "jump", "jumpChainId": .string(Self.target)]))
        _ = emulator.handle(Self.request("POST", "/chains/\(Self.target)/rules", ["type": "jump", "jumpChainId": .string(Self.chain)]))
        #expect(emulator.handle(Self.request("DELETE", "/chains/\(Self.target)")).status == 204)
        emulator.withState { state in
            #expect(state.rules.isEmpty, "the jump into it and its own rule are gone")
            #expect(state.chains[UUID.parse(Self.chain)!]?.ruleIds.isEmpty == true)
            #expect(state.chains[UUID.parse(Self.chain)!]?.jumpRuleIds.isEmpty == true)
        }
    }

    @Test func filterIndexFollowsUpdates() {
        let emulator = Self.seededEmulator()
        let bridge = "00000000-0000-0000-0000-0000000000b1"
        _ = emulator.handle(Self.request("POST", "/bridges", ["id": .string(bridge), "inboundFilterId": .string(Self.chain)]))
        _ = emulator.handle(Self.request("PUT", "/bridges/\(bridge)", ["inboundFilterId": .string(Self.target)]))
        emulator.withState { state in
            #expect(state.filterReferrers[UUID.parse(Self.chain)!] == nil)
            #expect(state.filterReferrers[UUID.parse(Self.target)!] == [UUID.parse(bridge)!])
        }
    }

    @Test(arguments: ["jump", "dnat", "snat", "rev_snat", "accept", "l2_transform"])
    func ruleWriterMatchesTheGenericRendering(type: String) throws {
        var body: [String: JSONValue] = ["type": .string(type), "nwSrcAddress": "10.0.0.1", "nwSrcLength": 8, "dlSrc": "02:AA:00:00:00:01",
                                         "inPorts": [.string(Self.chain)], "invNwSrc": true, "tpSrc": ["start": 1, "end": 2]]
        body["jumpChainId"] = .string(Self.target)
        body["flowAction"] = "continue"
        body["natTargets"] = [["addressFrom": "1.1.1.1", "addressTo": "1.1.1.2", "portFrom": 1, "portTo": 9]]
        let api = MidoNetAPI()
        let draft = try api.parseRule(BodyReader(fields: body, model: "Rule"), chainId: try #require(UUID.parse(Self.chain)))
        let links = Links(base: "http://h/midonet-api")
        var bytes: [UInt8] = []
        RuleWriter.write(draft.record, position: 3, links: links, into: &bytes)
        #expect(bytes == JSONBytes.write(api.ruleJSON(draft.record, position: 3, links)))
    }

    @Test func malformedInputNeverCrashes() {
        let emulator = Self.seededEmulator()
        // Not a JSON object: 400 everywhere.
        let bodies: [[UInt8]] = [[], Array("[".utf8), Array("[1]".utf8), [0xFF, 0xFE], Array("{\"a\":".utf8)]
        for body in bodies {
            for path in ["/routers", "/bridges", "/chains", "/chains/\(Self.chain)/rules", "/tunnel_zones", "/hosts"] {
                var request = Self.request("POST", path)
                request.body = body
                #expect(emulator.handle(request).status == 400, "\(path)")
            }
        }
        // Values of the wrong JSON type: 400; unknown fields elsewhere are ignored, as Jackson does.
        for body in [#"{"type":{}}"#, #"{"natTargets":7,"type":"dnat","flowAction":"accept"}"#, #"{"type":"accept","tpDst":[1]}"#, #"{"type":"accept","position":"x"}"#] {
            var request = Self.request("POST", "/chains/\(Self.chain)/rules")
            request.body = Array(body.utf8)
            #expect(emulator.handle(request).status == 400, "\(body)")
        }
        #expect(emulator.handle(Self.request("POST", "/routers", ["natTargets": 7])).status == 201)
        for path in ["/routers/x", "/bridges/%zz/ports", "/ports/\(Self.chain)/link/x", "/bridges/\(Self.chain)/mac_table/zz_zz", "/../../etc"] {
            #expect(emulator.handle(Self.request("GET", path)).status >= 400)
        }
    }

    @Test func topologyTreeRendersNestedLines() {
        let tree = TreeNode(label: "root", children: [
            TreeNode(label: "a", children: [TreeNode(label: "a1"), TreeNode(label: "a2")]), TreeNode(label: "b"),
        ])
        #expect(tree.rendered == "root\n├─ a\n│  ├─ a1\n│  └─ a2\n└─ b")
    }
}
