@testable import Model
import Testing

/// The cursor the direct decoders read through: values, member lookup, paths built on failure.
@Suite struct JSONValueReaderTests {
    static func document(_ json: String) throws -> JSONDocument { try JSONDocument(parsing: Array(json.utf8)) }

    /// The outcome of `body` on the root of `json`, as a value or `path: reason`.
    static func read<T>(_ json: String, _ body: (JSONValueReader) throws(DecodeError) -> T) throws -> Result<T, DecodeError> {
        let document = try document(json)
        do throws(DecodeError) {
            return .success(try document.read(body))
        } catch {
            return .failure(error)
        }
    }

    static func failure<T>(_ result: Result<T, DecodeError>) -> String? {
        guard case .failure(let error) = result else { return nil }
        return error.description
    }

    // MARK: Paths

    @Test(arguments: [
        (#"{"a":{"b":[1,{"c":2}]}}"#, 8, "a.b[1].c"),
        (#"{"a":{"b":[1,{"c":2}]}}"#, 5, "a.b[0]"),
        (#"{"a":{"b":[1,{"c":2}]}}"#, 0, ""),
        (#"[[0,1],[2,[3,4]]]"#, 8, "[1][1][1]"),
        (#"{"a":1,"a":{"x":2}}"#, 6, "a.x"),
        (#"{"\u0061b":{"c.d/e":true}}"#, 4, "ab.c.d/e"),
    ])
    func pathsAreSpelledLikeDecodeErrors(json: String, node: Int, path: String) throws {
        #expect(try Self.document(json).path(to: node) == path)
    }

    @Test func everyNodeOfADocumentHasThePathItsParentGivesIt() throws {
        // Walk the tree recursively and compare with path(to:) for each value node.
        let document = try Self.document(#"{"items":[{"m":{"n":"x","l":[true,null]}},[],{}],"k":{"":1}}"#)
        var checked = 0
        func walk(_ node: Int, _ path: String) {
            #expect(document.path(to: node) == path, "node \(node)")
            checked += 1
            let n = document.nodes[node]
            var i = node + 1
            var index = 0
            while i < n.end {
                if n.kind == .object {
                    let name = document.string(at: i) ?? ""
                    walk(i + 1, path.isEmpty ? name : path + "." + name)
                    i = document.nodes[i + 1].end
                } else {
                    walk(i, path + "[\(index)]")
                    i = document.nodes[i].end
                    index += 1
                }
            }
        }
        walk(0, "")
        #expect(checked == 12)
    }

    // MARK: Scalars

    @Test(arguments: [
        ("1", "1"), ("-0", "0"), ("1.0", "1"), ("1e2", "100"), ("9223372036854775807", "9223372036854775807"),
        ("1.5", "Parsed JSON number <1.5> does not fit in Int."),
        ("9223372036854775808", "Parsed JSON number <9223372036854775808> does not fit in Int."),
        ("null", "expected an integer, found null"), (#""1""#, "expected an integer"), ("true", "expected an integer"),
    ])
    func integersAreExact(json: String, expected: String) throws {
        let result = try Self.read(json) { json throws(DecodeError) in try json.int() }
        #expect((try? result.get()).map(String.init) ?? Self.failure(result) == expected)
    }

    @Test(arguments: [
        (#""plain""#, "plain"), (#""tab\tq\"\u00e9\ud83d\ude00""#, "tab\tq\"é😀"), ("null", "expected a string, found null"),
        ("1", "expected a string"), ("{}", "expected a string"),
    ])
    func stringsAreUnescaped(json: String, expected: String) throws {
        let result = try Self.read(json) { json throws(DecodeError) in try json.string() }
        #expect((try? result.get()) ?? Self.failure(result) == expected)
    }

    @Test func invalidUTF8IsReportedWithItsByteOffset() throws {
        let document = try JSONDocument(parsing: Array(#"{"a":["ok","x"#.utf8) + [0xC3] + Array(#""]}"#.utf8))
        do throws(DecodeError) {
            _ = try document.read { root throws(DecodeError) in try root.object().decode([String].self, forKey: "a") }
            Issue.record("decoded")
        } catch {
            #expect(error == DecodeError(path: "a[1]", reason: "string is not valid UTF-8 (byte 13)"))
        }
    }

    @Test(arguments: [("true", "true"), ("false", "false"), ("null", "expected a boolean, found null"), ("0", "expected a boolean")])
    func booleans(json: String, expected: String) throws {
        let result = try Self.read(json) { json throws(DecodeError) in try json.bool() }
        #expect((try? result.get()).map(String.init) ?? Self.failure(result) == expected)
    }

    // MARK: Objects

    @Test func membersAreFoundByNameAndTheLastRepeatWins() throws {
        let result = try Self.read(#"{"port":1,"\u0070ort":2,"name":"a","none":null}"#) { json throws(DecodeError) in
            let object = try json.object()
            return [
                try object.decode(Int.self, forKey: "port"), object.member("missing") == nil ? 0 : -1,
                object.present("none") == nil ? 0 : -1, object.member("none") == nil ? -1 : 0,
                try object.decodeIfPresent(Int.self, forKey: "none") ?? 0, try object.decodeIfPresent(Int.self, forKey: "nothing") ?? 0,
            ]
        }
        #expect(try result.get() == [2, 0, 0, 0, 0, 0])
    }

    @Test(arguments: [
        (#"{"a":{}}"#, "a.b: required field is missing"),
        (#"{"a":{"b":null}}"#, "a.b: expected a string, found null"),
        (#"{"a":null}"#, "a: expected an object, found null"),
        (#"{"a":[]}"#, "a: expected an object"),
        (#"{}"#, "a: required field is missing"),
        ("[]", "expected an object"),
    ])
    func missingAndMistypedMembersNameTheirPath(json: String, expected: String) throws {
        let result = try Self.read(json) { json throws(DecodeError) in
            try json.object().required("a").object().decode(String.self, forKey: "b")
        }
        #expect(Self.failure(result) == expected)
    }

    @Test func anObjectWithAMemberNameThatIsNotUTF8CannotBeRead() throws {
        let document = try JSONDocument(parsing: Array(#"{"a":{"ok":1,""#.utf8) + [0xFF] + Array(#"":2}}"#.utf8))
        do throws(DecodeError) {
            _ = try document.read { root throws(DecodeError) in try root.object().required("a").object() }
            Issue.record("read")
        } catch {
            #expect(error == DecodeError(path: "a", reason: "member name is not valid UTF-8 (byte 14)"))
        }
    }

    // MARK: Arrays and dictionaries

    @Test func arraysAreReadInOrderAndTheirElementsNameTheirIndex() throws {
        #expect(try Self.read("[1,2,3]") { json throws(DecodeError) in try json.array(of: Int.self) }.get() == [1, 2, 3])
        #expect(try Self.read("[]") { json throws(DecodeError) in try json.array().count }.get() == 0)
        #expect(Self.failure(try Self.read(#"[[1],[2,"x"]]"#) { json throws(DecodeError) in try json.array(of: [Int].self) })
            == "[1][1]: expected an integer")
        #expect(Self.failure(try Self.read("null") { json throws(DecodeError) in try json.array(of: Int.self) }) == "expected an array, found null")
        #expect(Self.failure(try Self.read("{}") { json throws(DecodeError) in try json.array(of: Int.self) }) == "expected an array")
    }

    @Test func stringDictionariesKeepTheLastOfRepeatedNames() throws {
        let result = try Self.read(#"{"a":"1","b":"2","a":"3"}"#) { json throws(DecodeError) in try json.stringDictionary() }
        #expect(try result.get() == ["a": "3", "b": "2"])
        #expect(Self.failure(try Self.read(#"{"a":"1","b.c":2}"#) { json throws(DecodeError) in try json.stringDictionary() })
            == "b.c: expected a string")
        #expect(Self.failure(try Self.read(#"[]"#) { json throws(DecodeError) in try json.stringDictionary() }) == "expected an object")
    }

    /// `path(to:)` resumes inside an array from the element it found last: in any order of
    /// asking, every node's path is what a fresh document (nothing remembered) says.
    @Test func pathsAreTheSameInAnyOrderOfAsking() throws {
        let json = #"{"items":[1,[2,[3,4],{"a":[5,{"b":6}]}],7,{"c":[8,9]},[],{"d":{"e":[10]}}],"z":[11,[12]]}"#
        let count = try Self.document(json).nodes.count
        let expected = try (0..<count).map { try Self.document(json).path(to: $0) }
        #expect(expected.contains("items[1][2].a[1].b") && expected.contains("items[5].d.e[0]") && expected.contains("z[1][0]"))
        var generator = SplitMix64(seed: 7)
        for order in [Array(0..<count), Array((0..<count).reversed()), (0..<count).shuffled(using: &generator)] {
            let document = try Self.document(json)
            for node in order { #expect(document.path(to: node) == expected[node], "node \(node)") }
        }
    }

    /// The errors of many bad items in one array name each item's own index.
    @Test func manyBadItemsEachNameTheirIndex() throws {
        let items = (0..<3000).map { $0 % 3 == 0 ? #"{"kind":"Event"}"# : "\($0)" }.joined(separator: ",")
        let list = try AuditEventList.decode(Array(#"{"kind":"EventList","apiVersion":"audit.k8s.io/v1","items":[\#(items)]}"#.utf8))
        #expect(list.items.count == 3000)
        for (index, item) in list.items.enumerated() where index % 3 != 0 {
            guard case .failure(let error) = item else {
                Issue.record("item \(index) decoded")
                continue
            }
            #expect(error.path == "items[\(index)]", "\(error)")
        }
    }
}
