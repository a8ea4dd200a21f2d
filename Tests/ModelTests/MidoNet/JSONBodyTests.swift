import Foundation
import Model
import Testing

/// Bodies are canonical text: the typed writers must produce exactly what `CanonicalJSON` writes
/// for the same value (else a stored translation and a new one differ where nothing changed, and
/// the plan re-creates rules), and position edits must keep the text canonical.
@Suite struct JSONBodyTests {
    /// Texts that need escaping, non-ASCII, empty, and long enough for the word-at-a-time scan.
    static let awkwardStrings = [
        "", "KUBE-SVC-default/web/http", "a\"b", "back\\slash", "tab\there", "new\nline", "\u{1}\u{1f}", "é", "日本語のチェーン名",
        String(repeating: "x", count: 40) + "\"", String(repeating: "y", count: 17), "accept",
    ]

    /// The rule as a value, spelled out here as the dictionary bodies were before the typed writer.
    static func value(of rule: Rule) -> JSONValue {
        var body: [String: JSONValue] = ["id": .string(rule.id.lowerText), "type": .string(rule.type), "position": .int(rule.position)]
        let condition = rule.condition
        if let dlType = condition.dlType { body["dlType"] = .int(dlType) }
        if let nwProto = condition.nwProto { body["nwProto"] = .int(nwProto) }
        if let nwSrc = condition.nwSrc {
            body["nwSrcAddress"] = .string(nwSrc.address.description)
            body["nwSrcLength"] = .int(nwSrc.length)
        }
        if let nwDst = condition.nwDst {
            body["nwDstAddress"] = .string(nwDst.address.description)
            body["nwDstLength"] = .int(nwDst.length)
        }
        if let tpDst = condition.tpDst { body["tpDst"] = ["start": .int(tpDst.lowerBound), "end": .int(tpDst.upperBound)] }
        if let jumpChainId = rule.jumpChainId { body["jumpChainId"] = .string(jumpChainId.lowerText) }
        if let jumpChainName = rule.jumpChainName { body["jumpChainName"] = .string(jumpChainName) }
        if !rule.natTargets.isEmpty {
            body["natTargets"] = .array(
                rule.natTargets.map {
                    [
                        "addressFrom": .string($0.addressFrom.description), "addressTo": .string($0.addressTo.description),
                        "portFrom": .int($0.portFrom), "portTo": .int($0.portTo),
                    ]
                })
        }
        if let flowAction = rule.flowAction { body["flowAction"] = .string(flowAction) }
        return .object(body)
    }

    static func canonical(_ value: JSONValue) -> [UInt8] {
        var out: [UInt8] = []
        CanonicalJSON.write(value, into: &out)
        return out
    }

    @Test func aRuleIsWrittenAsItsValueIsCanonically() throws {
        var generator = SplitMix64(seed: 7)
        let address = try #require(IPv4Address("10.96.0.10"))
        let other = try #require(IPv4Address("192.168.255.254"))
        var checked = 0
        for round in 0..<2_000 {
            func maybe<T>(_ value: T) -> T? { Bool.random(using: &generator) ? value : nil }
            let strings = Self.awkwardStrings
            let targets = (0..<Int.random(in: 0...3, using: &generator)).map { index in
                NATTarget(address: index % 2 == 0 ? address : other, ports: (index * 1000)...(index * 1000 + Int.random(in: 0...65535, using: &generator)))
            }
            let rule = Rule(
                type: strings[round % strings.count], id: UUID(), chainId: UUID(),
                position: [1, 0, -3, 12345, Int.max, Int.min][round % 6],
                jumpChainId: maybe(UUID()), jumpChainName: maybe(strings[(round / 3) % strings.count]),
                condition: Condition(
                    dlType: maybe(0x800), nwProto: maybe([6, 17, 0][round % 3]), nwSrc: maybe(IPv4Prefix(address: other, length: round % 33)),
                    nwDst: maybe(IPv4Prefix(address: address, length: 32)), tpDst: maybe(80...(80 + round))),
                natTargets: targets, flowAction: maybe(strings[(round / 7) % strings.count]))
            let object = rule.object
            #expect(object.body.serialized == String(decoding: Self.canonical(Self.value(of: rule)), as: UTF8.self))
            #expect(object.body == JSONBody(Self.value(of: rule)))
            #expect(object.body.value == Self.value(of: rule))
            #expect(object.path == "/chains/\(rule.chainId.lowerText)/rules")
            #expect(object.references == [rule.chainId] + [rule.jumpChainId].compactMap { $0 })
            checked += 1
        }
        #expect(checked == 2_000)
    }

    @Test func aChainIsWrittenAsItsValueIsCanonically() {
        for name in Self.awkwardStrings {
            for tenant in ["midonetkube", "", "t\"enant"] {
                let chain = Chain(id: UUID(), name: name, tenantId: tenant)
                let value: JSONValue = ["id": .string(chain.id.lowerText), "name": .string(name), "tenantId": .string(tenant)]
                #expect(chain.object.body.serialized == value.serialized)
            }
        }
    }

    @Test func positionsAreReplacedInTheText() throws {
        let rule = Rule(type: "jump", id: UUID(), chainId: UUID(), position: 7, jumpChainId: UUID(), jumpChainName: "x\"position\":9")
        let body = rule.object.body
        #expect(body.position == 7)
        for position in [1, 7, 10, 123_456, -1, 0] {
            var moved = rule
            moved.position = position
            #expect(body.withPosition(position) == moved.object.body)
            #expect(body.withPosition(position).position == position)
            #expect(body.equalsIgnoringPosition(moved.object.body))
        }
        var other = rule
        other.type = "dnat"
        #expect(!body.equalsIgnoringPosition(other.object.body))
        // Without a position, or with a second (nested) one: read and rebuilt as a value.
        let bare: JSONBody = ["type": "jump"]
        #expect(bare.withPosition(3) == ["type": "jump", "position": 3])
        #expect(bare.equalsIgnoringPosition(["type": "jump", "position": 3]))
        #expect(!bare.equalsIgnoringPosition(["type": "accept", "position": 3]))
        let nested: JSONBody = ["position": 1, "z": ["position": 2]]
        #expect(JSONBody.positionNumber(in: nested.bytes[...]) == nil)
        #expect(nested.withPosition(5) == ["position": 5, "z": ["position": 2]])
        #expect(nested.position == 1)
        // Not a plain integer: not edited in place.
        #expect(JSONBody.positionNumber(in: Array(#"{"position":1.5}"#.utf8)[...]) == nil)
        #expect(JSONBody.positionNumber(in: Array(#"{"position":-}"#.utf8)[...]) == nil)
        #expect(JSONBody(canonical: Array(#"{"position":1.5}"#.utf8)).withPosition(2) == ["position": 2])
        // Not an object: left alone.
        #expect(JSONBody.null.withPosition(2) == .null)
        #expect(JSONBody.null.isNull && !bare.isNull)
    }

    @Test func codableAsItsValue() throws {
        let body: JSONBody = ["b": [1, 2], "a": "x"]
        let data = try JSONEncoder().encode(body)
        #expect(try JSONDecoder().decode(JSONValue.self, from: data) == body.value)
        #expect(try JSONDecoder().decode(JSONBody.self, from: data) == body)
        #expect(body.serialized == #"{"a":"x","b":[1,2]}"#)
    }
}
