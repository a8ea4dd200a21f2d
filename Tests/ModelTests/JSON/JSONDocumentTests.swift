import Foundation
import Model
import TestSupport
import Testing

@Suite struct JSONDocumentTests {
    static let valid: [(String, JSONValue)] = [
        ("null", .null),
        ("true", true),
        (" false ", false),
        ("0", 0),
        ("-0", 0),
        ("-12", -12),
        ("9223372036854775807", .int(Int.max)),
        ("-9223372036854775808", .int(Int.min)),
        ("9223372036854775808", .double(9223372036854775808)),
        ("1.5", .double(1.5)),
        ("1.0", 1),
        ("1e2", 100),
        ("1E+2", 100),
        ("100e-2", 1),
        ("2.5e-1", .double(0.25)),
        ("1e-400", .double(0)),
        (#""""#, ""),
        (#""a\"b\\c\/d\b\f\n\r\t""#, "a\"b\\c/d\u{8}\u{c}\n\r\t"),
        (#""\u00e9\u20AC\ud83d\ude00""#, "é€😀"),
        ("\"é€😀\"", "é€😀"),
        (#""\u0000""#, "\u{0}"),
        ("[]", []),
        ("[1, [2, []], {}]", [1, [2, []], [:]]),
        (" {\"a\" : 1 ,\"b\":[true,null]}\n", ["a": 1, "b": [true, .null]]),
        (#"{"a":1,"a":2}"#, ["a": 2]),
        (#"{"a\u0062":1,"ab":2,"x":{"y":{"z":"w"}}}"#, ["ab": 2, "x": ["y": ["z": "w"]]]),
        ("\u{FEFF}{}", [:]),
    ]

    @Test(arguments: valid)
    func validDocumentsParse(json: String, expected: JSONValue) throws {
        #expect(try JSONValue(parsing: Array(json.utf8)) == expected)
    }

    static let malformed: [(String, [UInt8])] = [
        ("empty", []),
        ("whitespace only", Array("  \n".utf8)),
        ("truncated object", Array(#"{"a":1"#.utf8)),
        ("truncated key", Array(#"{"a"#.utf8)),
        ("truncated after colon", Array(#"{"a":"#.utf8)),
        ("truncated array", Array("[1,2".utf8)),
        ("truncated string", Array(#""abc"#.utf8)),
        ("truncated escape", Array(#""\"#.utf8)),
        ("truncated unicode escape", Array(#""\u12"#.utf8)),
        ("truncated literal", Array("tru".utf8)),
        ("truncated number", Array("-".utf8)),
        ("truncated fraction", Array("1.".utf8)),
        ("truncated exponent", Array("1e+".utf8)),
        ("misspelt literal", Array("nul1".utf8)),
        ("capital literal", Array("True".utf8)),
        ("bad escape", Array(#""\x""#.utf8)),
        ("bad unicode escape", Array(#""\u12g4""#.utf8)),
        ("lone high surrogate", Array(#""\ud800""#.utf8)),
        ("high surrogate then text", Array(#""\ud800abcdef""#.utf8)),
        ("high surrogate then non-surrogate", Array(#""\ud800\u0041""#.utf8)),
        ("lone low surrogate", Array(#""\udc00""#.utf8)),
        ("two high surrogates", Array(#""\ud800\ud800""#.utf8)),
        ("control character", Array("\"a\u{1}\"".utf8)),
        ("raw newline", Array("\"a\nb\"".utf8)),
        ("invalid UTF-8 byte", [0x22, 0xFF, 0x22]),
        ("continuation without lead", [0x22, 0x80, 0x22]),
        ("overlong encoding", [0x22, 0xC0, 0xAF, 0x22]),
        ("overlong 3-byte", [0x22, 0xE0, 0x80, 0xAF, 0x22]),
        ("UTF-8 surrogate", [0x22, 0xED, 0xA0, 0x80, 0x22]),
        ("beyond U+10FFFF", [0x22, 0xF4, 0x90, 0x80, 0x80, 0x22]),
        ("truncated UTF-8 sequence", [0x22, 0xE2, 0x82, 0x22]),
        ("invalid UTF-8 in a key", [0x7B, 0x22, 0xC3, 0x22, 0x3A, 0x31, 0x7D]),
        ("leading zero", Array("01".utf8)),
        ("negative leading zero", Array("-01".utf8)),
        ("plus sign", Array("+1".utf8)),
        ("bare fraction", Array(".5".utf8)),
        ("hex number", Array("0x10".utf8)),
        ("NaN", Array("NaN".utf8)),
        ("Infinity", Array("-Infinity".utf8)),
        ("trailing comma in object", Array(#"{"a":1,}"#.utf8)),
        ("trailing comma in array", Array("[1,]".utf8)),
        ("missing comma", Array("[1 2]".utf8)),
        ("missing colon", Array(#"{"a" 1}"#.utf8)),
        ("unquoted key", Array("{a:1}".utf8)),
        ("single quotes", Array("'a'".utf8)),
        ("number key", Array("{1:1}".utf8)),
        ("mismatched brackets", Array("[}".utf8)),
        ("trailing garbage", Array(#"{"a":1} x"#.utf8)),
        ("two documents", Array("{}{}".utf8)),
        ("trailing NUL", Array("{}\u{0}".utf8)),
        ("comment", Array("[1 /* x */]".utf8)),
        ("vertical tab whitespace", Array("\u{b}1".utf8)),
        ("nesting 513 deep", Array(String(repeating: "[", count: 513).utf8) + Array(String(repeating: "]", count: 513).utf8)),
        ("nesting 100,000 deep", Array(String(repeating: "[", count: 100_000).utf8)),
        ("objects nested 600 deep", Array(String(repeating: #"{"a":"#, count: 600).utf8)),
    ]

    @Test(arguments: malformed)
    func malformedDocumentsAreErrors(name: String, bytes: [UInt8]) {
        #expect(throws: JSONParseError.self, "\(name)") { try JSONValue(parsing: bytes) }
        // Foundation refuses them too, except trailing commas, which it tolerates.
        if !name.hasPrefix("trailing comma") {
            #expect(throws: (any Error).self, "\(name)") { try JSONDecoder().decode(JSONValue.self, from: Data(bytes)) }
        }
    }

    // MARK: Invalid UTF-8 in strings: an error where the string is read (as Foundation's JSONDecoder)

    struct Probe: Decodable {
        var b: Int
    }

    struct Names: Decodable {
        var a: String
    }

    @Test func invalidUTF8InAStringIsAnErrorWhereItIsRead() throws {
        let bytes: [UInt8] = Array(#"{"a":"x"#.utf8) + [0xFF] + Array(#"y","b":1}"#.utf8)
        _ = try JSONDocument(parsing: bytes)
        // Not read: no error.
        #expect(try JSONTreeDecoder().decode(Probe.self, from: bytes).b == 1)
        // Read: an error at its path, with the offending byte.
        do {
            _ = try JSONTreeDecoder().decode(Names.self, from: bytes)
            Issue.record("decoded")
        } catch {
            #expect(DecodeError(error) == DecodeError(path: "a", reason: "string is not valid UTF-8 (byte 7)"))
        }
        // A whole-document value reads every string.
        do {
            _ = try JSONValue(parsing: bytes)
            Issue.record("parsed")
        } catch {
            #expect(error == JSONParseError(offset: 7, reason: "invalid UTF-8"))
        }
    }

    @Test func anInvalidMemberNameFailsTheObjectWhenItIsReadByName() throws {
        let bytes: [UInt8] = Array(#"{"o":{"b":1,""#.utf8) + [0xC3] + Array(#"":2},"s":{""#.utf8) + [0x80] + Array(#"":"v"}}"#.utf8)
        struct Outer: Decodable {
            var o: Probe?
            var s: [String: String]?
        }
        struct OnlyO: Decodable { var o: Probe }
        struct OnlyS: Decodable { var s: [String: String] }
        struct Neither: Decodable {}
        _ = try JSONTreeDecoder().decode(Neither.self, from: bytes)
        for (type, expected) in [
            (OnlyO.self as any Decodable.Type, DecodeError(path: "o", reason: "member name is not valid UTF-8 (byte 13)")),
            (OnlyS.self, DecodeError(path: "s", reason: "member name is not valid UTF-8 (byte 25)")),
        ] {
            do {
                _ = try JSONTreeDecoder().decode(type, from: bytes)
                Issue.record("\(type) decoded")
            } catch {
                #expect(DecodeError(error) == expected)
            }
        }
    }

    static let invalidOutsideStrings: [[UInt8]] = [
        [0x5B, 0x31, 0x2C, 0xFF, 0x5D],  // [1,ÿ]
        [0x7B, 0xC3, 0xA9, 0x3A, 0x31, 0x7D],  // {é:1} (a name without quotes)
        [0x31, 0x20, 0x80],  // 1 then a continuation byte
    ]

    @Test(arguments: invalidOutsideStrings)
    func invalidUTF8OutsideAStringIsNotJSON(bytes: [UInt8]) {
        #expect(throws: JSONParseError.self) { try JSONDocument(parsing: bytes) }
    }

    @Test func nestingUpToTheLimitIsAccepted() throws {
        let depth = JSONDocument.maxDepth
        let json = String(repeating: "[", count: depth) + String(repeating: "]", count: depth)
        var value = try JSONValue(parsing: Array(json.utf8))
        var levels = 1
        while case .array(let items) = value, let first = items.first {
            value = first
            levels += 1
        }
        #expect(levels == depth)
    }

    @Test func errorsPointAtTheOffendingByte() {
        do {
            _ = try JSONValue(parsing: Array(#"{"a":[1,2,x]}"#.utf8))
            Issue.record("no error")
        } catch {
            #expect(error.offset == 10)
        }
        do {
            _ = try JSONValue(parsing: Array(#"{"a":1"#.utf8))
            Issue.record("no error")
        } catch {
            #expect(error.offset == 6)
            #expect(error.reason == "unexpected end of input")
        }
    }

    @Test func numbersOutOfRangeAreErrorsNotInfinity() {
        #expect(throws: JSONParseError.self) { try JSONValue(parsing: Array("[1e400]".utf8)) }
        #expect(throws: JSONParseError.self) { try JSONValue(parsing: Array("-1e400".utf8)) }
    }

    @Test func parsedValuesMatchFoundationOnTheFixtures() throws {
        for file in try FileManager.default.contentsOfDirectory(atPath: Fixtures.kubernetes.appendingPathComponent("roundtrip").path) {
            let data = try Data(contentsOf: Fixtures.kubernetes.appendingPathComponent("roundtrip").appendingPathComponent(file))
            #expect(try JSONValue(parsing: Array(data)) == JSONDecoder().decode(JSONValue.self, from: data), "\(file)")
        }
    }

    /// The parser skips plain string bytes 8 at a time: every special byte (quote, escape,
    /// control, multi-byte and invalid UTF-8) must still be seen at every offset of that stride.
    @Test func stringsAreReadRightWithTheSpecialByteAtEveryOffset() throws {
        for length in 0...24 {
            for position in 0...length {
                let before = String(repeating: "a", count: position), after = String(repeating: "b", count: length - position)
                // Escapes, multi-byte characters: read back exactly.
                for (inserted, expected) in [(#"\""#, "\""), (#"\\"#, "\\"), (#"\u0041"#, "A"), ("é", "é"), ("€", "€"), ("😀", "😀"), ("~", "~"), (" ", " ")] {
                    let json = Array("[\"\(before)\(inserted)\(after)\"]".utf8)
                    #expect(try JSONValue(parsing: json) == [.string(before + expected + after)], "length \(length) at \(position): \(inserted)")
                    // The same as a member name (names have a path of their own in the parser).
                    let object = Array("{\"\(before)\(inserted)\(after)\":1}".utf8)
                    #expect(try JSONValue(parsing: object) == .object([before + expected + after: .int(1)]), "name, length \(length) at \(position): \(inserted)")
                }
                // A raw control character: an error at its offset.
                for control: UInt8 in [0x00, 0x01, 0x0A, 0x1F] {
                    let json = Array("[\"\(before)".utf8) + [control] + Array("\(after)\"]".utf8)
                    do {
                        _ = try JSONValue(parsing: json)
                        Issue.record("control \(control) at \(position) of \(length) accepted")
                    } catch {
                        #expect(error.offset == 2 + position && error.reason == "unescaped control character in a string")
                    }
                }
                // Invalid UTF-8: parsed, but the string is not readable.
                let invalid = Array("{\"k\":\"\(before)".utf8) + [0xC3, 0x28] + Array("\(after)\"}".utf8)
                let document = try JSONDocument(parsing: invalid)
                #expect(throws: DecodeError.self) { try KubernetesJSON.decode([String: String].self, from: document) }
                // The end of input inside a string.
                #expect(throws: JSONParseError.self) { try JSONValue(parsing: Array("\"\(before)\(after)".utf8)) }
            }
        }
    }

    /// `forEachElement(ofArray:)` hands over what the whole document's array holds, element by
    /// element, whether each element is parsed on its own or the reader that finds them gives
    /// up (a UTF-16 document, a non-ASCII member name) and the document is parsed whole.
    @Test(arguments: [
        "[]",
        " [ 1 , \"a\\\"]b\" , {\"x\": [1, {\"y\": null}]}, [], -2.5e3, true ] ",
        #"[{"id":"r1","tpDst":{"start":80,"end":80}},{"id":"r2","é":"€"}]"#,
        "\u{FEFF}[{\"a\":1},{\"b\":2}]",
    ])
    func elementsOfAnArrayOneAtATime(json: String) throws {
        let expected = try JSONValue(parsing: Array(json.utf8))
        var elements: [JSONValue] = []
        #expect(try JSONDocument.forEachElement(ofArray: Array(json.utf8)) { elements.append($0) })
        #expect(JSONValue.array(elements) == expected)
        var utf16 = Data([0xFF, 0xFE])
        utf16.append(json.replacingOccurrences(of: "\u{FEFF}", with: "").data(using: .utf16LittleEndian) ?? Data())
        elements = []
        #expect(try JSONDocument.forEachElement(ofArray: Array(utf16)) { elements.append($0) })
        #expect(JSONValue.array(elements) == expected)
    }

    @Test func aDocumentThatIsNotAnArrayListsNothing() throws {
        var called = false
        #expect(try !JSONDocument.forEachElement(ofArray: Array(#"{"a":[1]}"#.utf8)) { _ in called = true })
        #expect(!called)
    }

    /// Nothing is handed over from a document that is not JSON, even when its first elements are.
    @Test(arguments: ["[1,2,", "[1,2]]", "[1,2] x", "[1,,2]", "[1,\"\\q\"]", "[1,{\"a\" 2}]", ""])
    func aBrokenArrayIsAnErrorBeforeAnyElement(json: String) {
        var elements: [JSONValue] = []
        #expect(throws: JSONParseError.self) { try JSONDocument.forEachElement(ofArray: Array(json.utf8)) { elements.append($0) } }
        #expect(elements.isEmpty)
    }
}
