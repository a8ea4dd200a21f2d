import Foundation
import Model
@testable import Store
import TestSupport
import Testing

@Suite struct StoredJSONTests {
    static let cluster = ClusterObjects([
        Audit.service(resourceVersion: "1"), Audit.endpoints(ips: ["10.1.1.5", "10.1.2.7"], resourceVersion: "2"),
        Audit.node(hostID: "5b1d6c2e-0f4a-4d8e-9a51-3c0c1e7d2a11", resourceVersion: "3"), Audit.node("worker-2", podCIDR: "10.1.2.0/24", resourceVersion: "4"),
        Audit.pod("a", resourceVersion: "5"), Audit.pod("b", node: "worker-2", resourceVersion: "6"),
    ])

    static let objects: [MidoNetObject] = [TranslationKey.global, .service("default/web"), .serviceEndpoints("default/web"), .node("worker-1"), .pod("default/a"), .pod("default/b")]
        .flatMap { Translator().translate($0, lookup: cluster, pods: { cluster.pods[$0] }).objects }

    @Test func objectsAreWhatTheSynthesizedDecoderReads() throws {
        #expect(Self.objects.contains { $0.host == .named("worker-2") })
        #expect(Self.objects.contains { if case .id = $0.host { true } else { false } })
        let decoded = try JSONDecoder().decode([MidoNetObject].self, from: Data(StoredJSON.encode(Self.objects)))
        #expect(decoded == Self.objects)
    }

    @Test func operationsAreWhatTheSynthesizedDecoderReads() throws {
        for operation in [MidoNetOperation.create(Self.objects[0]), .update(Self.objects[1]), .delete(Self.objects[2])] {
            #expect(try StoredJSON.decodeOperation(StoredJSON.encode(operation)) == operation)
        }
    }

    @Test func stringsAreEscaped() throws {
        var object = Self.objects[0]
        object.path = "/a\"b\\c\n\u{1}é"
        object.body = ["name": "tab\there", "n": .double(1.5), "ok": true, "none": .null, "list": [1, "x"]]
        #expect(try StoredJSON.decodeObjects(StoredJSON.encode([object])) == [object])
    }

    @Test func anUnreadableRowIsACorruptRecord() {
        #expect(throws: StoreError(.corruptRecord, "")) {
            do { _ = try StoredJSON.decodeObjects(Array("[{\"kind\":\"Nope\"}]".utf8)) } catch let error as StoreError {
                throw StoreError(error.code, "")
            }
        }
    }

    /// The direct reader (`decodeObjects`, `decodeOperation`) gives what the synthesized
    /// `Decodable` gives, for what `encode` writes and for the other spellings it accepts.
    @Test func theDirectReaderReadsWhatTheSynthesizedDecoderReads() throws {
        let encoded = StoredJSON.encode(Self.objects)
        #expect(try StoredJSON.decodeObjects(encoded) == JSONDecoder().decode([MidoNetObject].self, from: Data(encoded)))
        for operation in [MidoNetOperation.create(Self.objects[3]), .update(Self.objects[4]), .delete(Self.objects[5])] {
            let bytes = StoredJSON.encode(operation)
            #expect(try StoredJSON.decodeOperation(bytes) == JSONDecoder().decode(MidoNetOperation.self, from: Data(bytes)))
        }
        let id = "5B1D6C2E-0F4A-4D8E-9A51-3C0C1E7D2A11"
        let spellings = [
            #"[{"references":[],"body":{"a":[1,2.5,"x",null,true]},"path":"/chains","id":"\#(id)","kind":"Chain","extra":1}]"#,
            #"[{"kind":"Rule","id":"\#(id)","parentId":null,"host":null,"path":"/p","body":{},"references":["\#(id)"]}]"#,
            #"[{"kind":"Port","id":"\#(id)","parentId":"\#(id)","host":{"named":{"_0":"worker-1"}},"path":"/p","body":1,"references":[]}]"#,
            #"[{"kind":"Port","id":"\#(id)","host":{"id":{"_0":"\#(id)"}},"path":"/p","body":[],"references":[]}]"#,
            "[]",
        ]
        for text in spellings {
            let bytes = Array(text.utf8)
            #expect(try StoredJSON.decodeObjects(bytes) == JSONDecoder().decode([MidoNetObject].self, from: Data(bytes)), "\(text)")
        }
    }

    @Test(arguments: [
        #"{}"#, #"[1]"#, #"[{"kind":"Chain"}]"#, #"[{"kind":"Nope","id":"5B1D6C2E-0F4A-4D8E-9A51-3C0C1E7D2A11","path":"/p","body":{},"references":[]}]"#,
        #"[{"kind":"Chain","id":"not-a-uuid","path":"/p","body":{},"references":[]}]"#,
        #"[{"kind":"Chain","id":"5B1D6C2E-0F4A-4D8E-9A51-3C0C1E7D2A11","path":"/p","body":{}}]"#,
        #"[{"kind":"Chain","id":"5B1D6C2E-0F4A-4D8E-9A51-3C0C1E7D2A11","path":"/p","references":[]}]"#,
        #"[{"kind":"Chain","id":"5B1D6C2E-0F4A-4D8E-9A51-3C0C1E7D2A11","path":7,"body":{},"references":[]}]"#,
        #"[{"kind":"Chain","id":"5B1D6C2E-0F4A-4D8E-9A51-3C0C1E7D2A11","path":"/p","body":{},"references":["x"]}]"#,
        #"[{"kind":"Chain","id":"5B1D6C2E-0F4A-4D8E-9A51-3C0C1E7D2A11","path":"/p","body":{},"references":[],"host":{"other":{"_0":"x"}}}]"#,
        #"[{"kind":"Chain","id":"5B1D6C2E-0F4A-4D8E-9A51-3C0C1E7D2A11","path":"/p","body":{},"references":[],"parentId":5}]"#,
        "[", "",
    ])
    func whatTheSynthesizedDecoderRefusesIsACorruptRecord(_ text: String) {
        let bytes = Array(text.utf8)
        #expect(throws: (any Error).self) { try JSONDecoder().decode([MidoNetObject].self, from: Data(bytes)) }
        do {
            _ = try StoredJSON.decodeObjects(bytes)
            Issue.record("read: \(text)")
        } catch let error as StoreError {
            #expect(error.code == .corruptRecord)
        } catch {
            Issue.record("\(error)")
        }
    }

    /// Reading a stored translation beside the objects just encoded (`decodeObjects(_:reusing:encoded:)`)
    /// gives what reading it alone gives: for the same objects, some changed, dropped, added or
    /// moved, strings with quotes and backslashes, other spellings of the JSON, and for rows that
    /// are corrupt (the same error).
    @Test func readingBesideTheNewObjectsReadsWhatReadingAloneReads() throws {
        var tricky = Self.objects[0]
        tricky.path = "/a\"b\\c\n\u{1}é]}{["
        tricky.body = ["name": "tab\there \\\"", "list": [1, "x]", ["}": "{"]], "n": .double(1.5)]
        let base = Self.objects + [tricky]
        var changed = base
        changed[1].path += "/changed"
        changed.remove(at: 3)
        changed.append(Self.objects[2])
        changed.swapAt(0, 4)
        // Every rule one further down: only their positions differ.
        let moved = base.map { object -> MidoNetObject in
            guard object.kind == .rule, case .object(var body) = object.body.value, case .int(let position)? = body["position"] else { return object }
            var copy = object
            body["position"] = .int(position + 1)
            copy.body = .object(body)
            return copy
        }
        let news: [[MidoNetObject]] = [base, changed, [], Array(base.reversed()), [tricky], Array(base.prefix(2)), moved]
        let id = "5B1D6C2E-0F4A-4D8E-9A51-3C0C1E7D2A11"
        let storedRows: [[UInt8]] = [base, changed, [], [tricky], Array(base.suffix(3)), moved].map { StoredJSON.encode($0) } + [
            Array(#"[ {"kind":"Chain","id":"\#(id)","path":"/chains","body":{},"references":[]} ]"#.utf8),
            Array(#"[{"references":[],"body":{},"path":"/chains","id":"\#(id)","kind":"Chain"}]"#.utf8),
            Array(#"[{"kind":"Chain","id":"\#(id)","path":"/p\"]","body":{"a":"\\"},"references":[]},1]"#.utf8),
        ]
        for stored in storedRows {
            for new in news {
                let encoded = StoredJSON.encodeWithRanges(new)
                #expect(encoded.bytes == StoredJSON.encode(new))
                for (object, range) in zip(new, encoded.ranges) {
                    #expect(try StoredJSON.decodeObjects(Array("[".utf8) + encoded.bytes[range] + Array("]".utf8)) == [object])
                }
                let alone = Result { try StoredJSON.decodeObjects(stored) }
                let beside = Result { try StoredJSON.decodeObjects(stored, reusing: new, encoded: encoded) }
                switch (alone, beside) {
                case (.success(let a), .success(let b)): #expect(a == b, "\(String(decoding: stored, as: UTF8.self))")
                case (.failure(let a as StoreError), .failure(let b as StoreError)): #expect(a == b)
                default: Issue.record("\(alone) vs \(beside) for \(String(decoding: stored, as: UTF8.self))")
                }
            }
        }
    }

    /// A stored rule that differs from a new one only in its position is that rule at the stored
    /// position: what reading it gives. Any other difference, or no position, is not.
    @Test func aRuleThatOnlyMovedIsTheNewRuleAtItsOldPosition() throws {
        let rules = Self.objects.filter { $0.kind == .rule }
        #expect(rules.count >= 3)
        for rule in rules {
            guard case .object(let body) = rule.body.value, case .int(let position)? = body["position"] else { continue }
            for stored in [position + 1, position + 10, 12345, 0] where stored != position {
                var old = rule
                old.body = .object(body.merging(["position": .int(stored)]) { $1 })
                let oldJSON = StoredJSON.encode([old])
                let newJSON = StoredJSON.encode([rule])
                let moved = StoredJSON.rule(rule, movedTo: oldJSON[1..<(oldJSON.count - 1)], from: newJSON[1..<(newJSON.count - 1)])
                #expect(moved == old)
                #expect(try StoredJSON.decodeObjects(oldJSON) == [old])
                // Moved and otherwise changed, before the position or after it: not the same rule.
                var path = old
                path.path += "/x"
                var type = old
                type.body = .object(body.merging(["position": .int(stored), "type": "other"]) { $1 })
                var references = old
                references.references.append(rule.id)
                for changed in [path, type, references] {
                    let changedJSON = StoredJSON.encode([changed])
                    #expect(StoredJSON.rule(rule, movedTo: changedJSON[1..<(changedJSON.count - 1)], from: newJSON[1..<(newJSON.count - 1)]) == nil)
                }
            }
            // A second "position" (a nested one): left to the full reader.
            var nested = rule
            nested.body = .object(body.merging(["zz": ["position": 1]]) { $1 })
            let nestedJSON = StoredJSON.encode([nested])
            let newJSON = StoredJSON.encode([rule])
            #expect(StoredJSON.rule(rule, movedTo: nestedJSON[1..<(nestedJSON.count - 1)], from: newJSON[1..<(newJSON.count - 1)]) == nil)
        }
        let chain = try #require(Self.objects.first { $0.kind == .chain })
        let chainJSON = StoredJSON.encode([chain])
        #expect(StoredJSON.rule(chain, movedTo: chainJSON[1..<(chainJSON.count - 1)], from: chainJSON[1..<(chainJSON.count - 1)]) == nil)
    }

    /// An object read without its body is the object but for its body, for every kind whose key
    /// does not come from its body; anything laid out otherwise is left to the full reader.
    @Test func objectsReadWithoutTheirBodies() throws {
        var named = Self.objects.first { $0.host == .named("worker-2") } ?? Self.objects[0]
        named.references = []
        var objects = Self.objects + [named]
        objects.append(MidoNetObject(kind: .macPort, id: UUID(), parentId: UUID(), path: "/p", body: ["macAddr": "ac:ca:ba:00:00:01", "portId": .string(UUID().lowerText)]))
        var read = 0
        for object in objects {
            let bytes = StoredJSON.encode([object])
            let slice = bytes[1..<(bytes.count - 1)]
            let without = StoredJSON.objectWithoutBody(slice)
            if object.kind == .macPort || object.kind == .ip4Mac {
                #expect(without == nil)
                continue
            }
            var expected = object
            expected.body = .null
            #expect(without == expected, "\(object.kind)")
            #expect(without?.key == object.key)
            read += 1
        }
        #expect(read > 10)
        let id = "5B1D6C2E-0F4A-4D8E-9A51-3C0C1E7D2A11"
        for text in [
            #"{"kind":"Chain","id":"\#(id)","path":"/p\"q","body":{},"references":[]}"#,
            #"{"id":"\#(id)","kind":"Chain","path":"/p","body":{},"references":[]}"#,
            #"{"kind":"Chain","id":"\#(id)","path":"/p","body":{"a":"}"},"references":[]} "#,
            #"{"kind":"Chain","id":"\#(id)","path":"/p","body":7,"references":[]}"#,
            #"{"kind":"Chain","id":"not-a-uuid","path":"/p","body":{},"references":[]}"#,
            #"{"kind":"Chain","id":"\#(id)","path":"/p","body":{},"references":["\#(id)",]}"#,
            #"{"kind":"Nope","id":"\#(id)","path":"/p","body":{},"references":[]}"#,
            #"{"kind":"Chain","id":"\#(id)","path":"/p","body":{"a":"]"}"#,
        ] {
            let bytes = Array(text.utf8)
            #expect(StoredJSON.objectWithoutBody(bytes[...]) == nil, "\(text)")
        }
        let body = #"{"kind":"Chain","id":"\#(id)","path":"/p","body":{"a":"}\"]","b":[{}]},"references":["\#(id)"]}"#
        #expect(StoredJSON.objectWithoutBody(Array(body.utf8)[...])?.references.count == 1)
    }

    /// Members are written in key order whatever the dictionary's order (the stored form is
    /// canonical: equal objects, equal bytes), nested objects too.
    @Test func objectMembersAreWrittenInKeyOrder() {
        let keys = (0..<40).map { "k\(($0 * 7919) % 40)" } + ["", "A", "a", "aa", "b", "Z", "é", "~"]
        var body: [String: JSONValue] = [:]
        for (index, key) in keys.enumerated() { body[key] = .int(index) }
        body["nested"] = .object(["y": 1, "x": 2, "z": ["b": 1, "a": 2]])
        var out: [UInt8] = []
        CanonicalJSON.write(.object(body), into: &out)
        let expected = "{" + body.keys.sorted().map { key in
            let value = key == "nested" ? #"{"x":2,"y":1,"z":{"a":2,"b":1}}"# : "\(keys.firstIndex(of: key) ?? -1)"
            return "\"\(key)\":\(value)"
        }.joined(separator: ",") + "}"
        #expect(String(decoding: out, as: UTF8.self) == expected)
        var empty: [UInt8] = []
        CanonicalJSON.write(.object([:]), into: &empty)
        #expect(empty == Array("{}".utf8))
    }

    /// The element scanner finds each element of what `encode` writes and refuses anything else
    /// (which is then read in full).
    @Test func elementRangesFollowStringsAndBrackets() {
        #expect(StoredJSON.elementRanges(of: Array("[]".utf8)) == [])
        #expect(StoredJSON.elementRanges(of: Array(#"[{"a":"}\"{"},{"b":[{}]}]"#.utf8)) == [1..<13, 14..<24])
        #expect(StoredJSON.elementRanges(of: Array(#"[{"a":"\\"},{}]"#.utf8)) == [1..<11, 12..<14])
        #expect(StoredJSON.elementRanges(of: Array(#"[{"a":"\\\""},{}]"#.utf8)) == [1..<13, 14..<16])
        for text in ["", "[", "{}", "[1]", "[{}", "[{},]", "[{} ]", #"[{"a":"}]"#, "[{}{}]", "[{}],", #"[{"a":"\"#] {
            #expect(StoredJSON.elementRanges(of: Array(text.utf8)) == nil, "\(text)")
        }
    }

    @Test(arguments: [#"{"create":{}}"#, #"{"create":{"_0":{}}}"#, #"{"move":{"_0":{"kind":"Chain","id":"5B1D6C2E-0F4A-4D8E-9A51-3C0C1E7D2A11","path":"/p","body":{},"references":[]}}}"#, #"[]"#, #"{"create":{"_0":1},"delete":{"_0":1}}"#])
    func unreadableOperationsAreCorruptRecords(_ text: String) {
        #expect(throws: (any Error).self) { try JSONDecoder().decode(MidoNetOperation.self, from: Data(text.utf8)) }
        #expect(throws: StoreError.self) { try StoredJSON.decodeOperation(Array(text.utf8)) }
    }

    /// Stored objects are read by the direct decoders: each kind, from the real objects of the
    /// fixtures and the tests' own, reads back as it was stored and as `JSONDecoder` reads it.
    @Test func storedObjectsReadBackAsJSONDecoderReadsThem() throws {
        let directory = Fixtures.kubernetes.appendingPathComponent("roundtrip")
        var objects: [KubernetesObject] = [
            Audit.service(resourceVersion: "1"), Audit.endpoints(ips: ["10.1.1.5"], resourceVersion: "2"),
            Audit.node(hostID: "5b1d6c2e-0f4a-4d8e-9a51-3c0c1e7d2a11", resourceVersion: "3"), Audit.pod("a", resourceVersion: "4"),
        ]
        for file in try FileManager.default.contentsOfDirectory(atPath: directory.path).sorted() {
            objects += try KubernetesJSON.decodeObjects(from: Data(contentsOf: directory.appendingPathComponent(file))).filter { $0.kind != nil }
        }
        #expect(Set(objects.compactMap { $0.kind }) == Set(ObjectKind.allCases))
        for object in objects {
            guard let kind = object.kind else { continue }
            let json = try Rows.encodeObject(object)
            let read = try Rows.decodeObject(kind, json)
            #expect(read == object, "\(kind)")
            let foundation: KubernetesObject = switch kind {
            case .service: .service(try JSONDecoder().decode(Service.self, from: json))
            case .endpoints: .endpoints(try JSONDecoder().decode(Endpoints.self, from: json))
            case .endpointSlice: .endpointSlice(try JSONDecoder().decode(EndpointSlice.self, from: json))
            case .node: .node(try JSONDecoder().decode(Node.self, from: json))
            case .pod: .pod(try JSONDecoder().decode(Pod.self, from: json))
            }
            #expect(read == foundation, "\(kind)")
        }
        #expect(throws: StoreError.self) { try Rows.decodeObject(.service, Data("{\"spec\":7}".utf8)) }
    }
}
