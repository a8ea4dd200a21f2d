import Foundation
import Model
import Testing

@testable import Applier

/// `ContentDigest`: equal digests mean `DriftRepair.isSame` holds, so drift repair may keep
/// nothing of an object whose digest is the one wanted.
@Suite struct ContentDigestTests {
    static let rule = MidoNetObject(
        kind: .rule, id: UUID(uuidString: "0a1b2c3d-0000-0000-0000-000000000001")!, parentId: nil, path: "",
        body: ["id": "0a1b2c3d-0000-0000-0000-000000000001", "type": "dnat", "position": 2, "nwProto": 6,
               "tpDst": ["start": 80, "end": 80], "nwDstAddress": "10.43.0.5", "dlDst": .null])

    /// What MidoNet answers for `rule` when it is as wanted: URIs and defaults added, its own
    /// position, numbers and case of its own.
    static let asMidoNetHasIt: JSONValue = [
        "id": "0A1B2C3D-0000-0000-0000-000000000001", "type": "dnat", "position": 7, "nwProto": .double(6),
        "tpDst": ["start": 80, "end": 80], "nwDstAddress": "10.43.0.5", "uri": "http://midonet/rules/1", "condInvert": false,
    ]

    static func digests(_ existing: JSONValue) throws -> (wanted: Int, found: Int) {
        let fields = try #require(ContentDigest.comparedFields(kind: rule.kind, body: rule.body.value))
        return (ContentDigest.of(rule.body.value, fields: fields), ContentDigest.of(existing, fields: fields))
    }

    @Test func anObjectAsWantedHasTheWantedDigest() throws {
        let (wanted, found) = try Self.digests(Self.asMidoNetHasIt)
        #expect(wanted == found)
        #expect(DriftRepair.isSame(Self.rule, Self.asMidoNetHasIt))
    }

    @Test(arguments: [
        ("a compared field differs", "nwDstAddress", JSONValue.string("10.43.0.6")),
        ("a compared field is missing", "nwProto", nil),
        ("a field wanted null is set", "dlDst", "02:00:00:00:00:01"),
        ("a nested member differs", "tpDst", ["start": 80, "end": 81]),
        ("a nested object has a member more", "tpDst", ["start": 80, "end": 80, "extra": 1]),
    ] as [(String, String, JSONValue?)])
    func anyDifferenceChangesTheDigest(what: String, field: String, value: JSONValue?) throws {
        guard case .object(var members) = Self.asMidoNetHasIt else { return }
        members[field] = value
        let (wanted, found) = try Self.digests(.object(members))
        #expect(wanted != found, "\(what)")
    }

    /// The converse is not promised: `isSame` lets a nested object have members more, the digest
    /// does not, and such an object is compared in full.
    @Test func aNestedMemberMoreIsStillTheSameObject() {
        guard case .object(var members) = Self.asMidoNetHasIt else { return }
        members["tpDst"] = ["start": 80, "end": 80, "extra": 1]
        #expect(DriftRepair.isSame(Self.rule, .object(members)))
    }

    @Test func linksAndBindingsAreComparedAnotherWay() {
        let link = MidoNetObject(kind: .portLink, id: UUID(), parentId: nil, path: "", body: ["peerId": "x"])
        #expect(ContentDigest.comparedFields(kind: link.kind, body: link.body.value) == nil)
        #expect(ContentDigest.comparedFields(kind: Self.rule.kind, body: Self.rule.body.value) == ["dlDst", "id", "nwDstAddress", "nwProto", "tpDst", "type"])
    }
}

/// `DriftExpectations` and what `MidoNetInventory` keeps by them.
@Suite struct DriftExpectationsTests {
    @Test func anObjectAsWantedIsOnlyAKeyAndADifferentOneIsKeptCut() throws {
        var expectations = DriftExpectations()
        expectations.expect(ContentDigestTests.rule)
        let rule = ContentDigestTests.rule
        #expect(expectations.wanted.contains(rule.key))
        #expect(expectations.matches(key: rule.key, json: ContentDigestTests.asMidoNetHasIt))

        var inventory = MidoNetInventory()
        inventory.expectations = expectations
        inventory.add(kind: .rule, id: rule.id, parent: nil, json: ContentDigestTests.asMidoNetHasIt, ours: true)
        #expect(inventory.objects.isEmpty && inventory.ours.isEmpty)
        guard case .same? = inventory.found(rule) else {
            Issue.record("the rule as wanted was not found as such")
            return
        }

        // Changed by hand: kept, with only the fields translations set of rules.
        guard case .object(var members) = ContentDigestTests.asMidoNetHasIt else { return }
        members["nwDstAddress"] = "10.43.0.6"
        var changed = MidoNetInventory()
        changed.expectations = expectations
        changed.add(kind: .rule, id: rule.id, parent: nil, json: .object(members), ours: true)
        guard case .existing(let body)? = changed.found(rule) else {
            Issue.record("the changed rule was not kept")
            return
        }
        #expect(body.value["uri"] == nil && body.value["nwDstAddress"] == "10.43.0.6")
        #expect(!DriftRepair.isSame(rule, body.value))
    }

    @Test func anObjectOfOursNobodyWantsIsKeptToBeDeletedAndOneNotOursIsDropped() {
        var inventory = MidoNetInventory()
        inventory.expectations.expect(ContentDigestTests.rule)
        let stray = UUID(uuidString: "0a1b2c3d-0000-0000-0000-0000000000ff")!
        inventory.add(kind: .rule, id: stray, parent: nil, json: ["id": .string(stray.lowerText), "type": "drop"], ours: true)
        inventory.add(kind: .route, id: UUID(), parent: nil, json: ["type": "Normal"], ours: false)
        #expect(inventory.ours.keys.sorted() == ["Rule/\(stray.lowerText)"])
        #expect(inventory.objects.isEmpty)
        #expect(DriftRepair.unwanted(in: inventory, isWanted: inventory.expectations.wanted.contains).map(\.description)
            == ["delete Rule \(stray.lowerText)"])
    }

    @Test func foundKeysAreExactForEveryShapeOfKey() {
        var keys = FoundKeys()
        let id = UUID(uuidString: "0a1b2c3d-0000-0000-0000-000000000001")!
        keys.insert(kind: .rule, id: id)
        let host = HostInterfacePort(host: .id(id), portId: id, interfaceName: "veth1").object
        keys.insert(key: host.key)
        #expect(keys.contains(MidoNetObject(kind: .rule, id: id, parentId: nil, path: "", body: .null)))
        #expect(!keys.contains(MidoNetObject(kind: .chain, id: id, parentId: nil, path: "", body: .null)))
        #expect(keys.contains(host))
        #expect(!keys.contains(HostInterfacePort(host: .id(UUID()), portId: id, interfaceName: "veth1").object))
        #expect(keys.count == 2)
    }
}
