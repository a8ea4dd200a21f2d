@testable import Model
import TestSupport
import Testing

/// `JSONStream` accepts no document the parser refuses (it may give up on more), accepts the
/// usual ones, and reads values only in their common form.
@Suite struct JSONStreamTests {
    /// Whether the stream reads `bytes` as one whole JSON value.
    static func streamAccepts(_ bytes: [UInt8]) -> Bool {
        bytes.withUnsafeBufferPointer { buffer in
            var stream = JSONStream(buffer)
            do throws(JSONStream.Unread) {
                try stream.begin()
                try stream.skipValue()
                try stream.end()
                return true
            } catch {
                return false
            }
        }
    }

    static func parserAccepts(_ bytes: [UInt8]) -> Bool {
        (try? JSONDocument(parsing: bytes)) != nil
    }

    @Test func acceptsTheValidDocumentsButOneWithAByteOrderMark() {
        for (json, _) in JSONDocumentTests.valid {
            let bytes = Array(json.utf8)
            // The byte order mark is the parser's to skip (and UTF-16 and UTF-32 to transcode).
            #expect(Self.streamAccepts(bytes) == !json.hasPrefix("\u{FEFF}"), "\(json)")
        }
    }

    @Test func refusesEveryDocumentTheParserRefuses() {
        for (name, bytes) in JSONDocumentTests.malformed where !Self.parserAccepts(bytes) {
            #expect(!Self.streamAccepts(bytes), "\(name)")
        }
    }

    /// Invalid UTF-8 inside a string is the reader's error, not the parser's (`JSONDocument`):
    /// passed over, it is accepted as the parser accepts it.
    @Test func passesOverStringsThatAreNotUTF8AsTheParserDoes() {
        for bytes: [UInt8] in [[0x22, 0xFF, 0x22], [0x7B, 0x22, 0xC3, 0x22, 0x3A, 0x31, 0x7D], [0x5B, 0x22, 0xE2, 0x82, 0x22, 0x5D]] {
            #expect(Self.parserAccepts(bytes))
            #expect(Self.streamAccepts(bytes))
        }
    }

    /// Thousands of random edits of a real review: whatever the stream accepts, the parser does.
    /// Off the cooperative pool (`onOwnThread`), as the project's other mutation tests.
    @Test func randomEditsOfAReviewAreAcceptedOnlyWhenTheParserAcceptsThem() async throws {
        let original = try Fixtures.review("kubewarden-service_loadbalancer.create.request.json")
        let (accepted, refused, wrongly) = try await onOwnThread { () -> (Int, Int, [String]) in
            var random = SplitMix64(seed: 0x5EED_0F_57EA)
            let alphabet = Array(#"{}[]",:\ "0123456789-+.eEtruefalsn/ubx"#.utf8) + [0x00, 0x1F, 0x7F, 0x80, 0xC3, 0xFF]
            var accepted = 0
            var refused = 0
            var wrongly: [String] = []
            for _ in 0..<4000 {
                var bytes = original
                for _ in 0..<Int.random(in: 1...3, using: &random) {
                    let at = Int.random(in: 0..<bytes.count, using: &random)
                    let byte = alphabet[Int.random(in: 0..<alphabet.count, using: &random)]
                    switch Int.random(in: 0..<3, using: &random) {
                    case 0: bytes[at] = byte
                    case 1: bytes.insert(byte, at: at)
                    default: bytes.remove(at: at)
                    }
                }
                if Self.streamAccepts(bytes) {
                    accepted += 1
                    if !Self.parserAccepts(bytes) { wrongly.append(String(decoding: bytes, as: UTF8.self)) }
                } else {
                    refused += 1
                }
            }
            return (accepted, refused, wrongly)
        }
        #expect(wrongly.isEmpty, "accepted by the stream, refused by the parser: \(wrongly.prefix(3))")
        // Both outcomes occur: the edits neither always break the document nor never do.
        #expect(accepted > 100 && refused > 100, "accepted \(accepted), refused \(refused)")
    }

    @Test func truncationsAreRefused() throws {
        let original = try Fixtures.review("kubewarden-service_nodeport.create.request.json")
        #expect(Self.streamAccepts(original))
        for length in 0..<original.count where !Self.parserAccepts(Array(original[..<length])) {
            #expect(!Self.streamAccepts(Array(original[..<length])), "\(length)")
        }
    }

    // MARK: Values read

    /// Reads one value of `json` with `read`; nil when the stream gives up.
    static func read<T>(_ json: String, _ read: (inout JSONStream) throws(JSONStream.Unread) -> T) -> T? {
        Array(json.utf8).withUnsafeBufferPointer { buffer in
            var stream = JSONStream(buffer)
            do throws(JSONStream.Unread) {
                let value = try read(&stream)
                try stream.end()
                return value
            } catch {
                return nil
            }
        }
    }

    @Test func stringsAreReadOnlyWithoutEscapesAndInASCII() {
        #expect(Self.read(#" "10.0.0.1" "#) { (s: inout JSONStream) throws(JSONStream.Unread) in try s.string() } == "10.0.0.1")
        #expect(Self.read(#""""#) { (s: inout JSONStream) throws(JSONStream.Unread) in try s.string() } == "")
        #expect(Self.read("null") { (s: inout JSONStream) throws(JSONStream.Unread) in try s.stringOrNull() } == .some(nil))
        for refused in [#""a\"b""#, #""\u0041""#, "\"é\"", "null", "1", #""unterminated"#] {
            #expect(Self.read(refused) { (s: inout JSONStream) throws(JSONStream.Unread) in try s.string() } == nil, "\(refused)")
        }
    }

    @Test func integersAreReadOnlyWhenPlain() {
        #expect(Self.read("0") { (s: inout JSONStream) throws(JSONStream.Unread) in try s.int() } == 0)
        #expect(Self.read("443") { (s: inout JSONStream) throws(JSONStream.Unread) in try s.int() } == 443)
        #expect(Self.read("999999999999999999") { (s: inout JSONStream) throws(JSONStream.Unread) in try s.int() } == 999_999_999_999_999_999)
        // The node tree reads these (or says why not); the stream leaves them to it.
        for refused in ["-1", "1.0", "1e2", "1000000000000000000", "012", "\"80\"", "null", "true"] {
            #expect(Self.read(refused) { (s: inout JSONStream) throws(JSONStream.Unread) in try s.int() } == nil, "\(refused)")
        }
    }

    @Test func labelsAreReadLastNameWinning() {
        let labels = Self.read(#"{"app":"a","team":"t","app":"b"}"#) { (s: inout JSONStream) throws(JSONStream.Unread) in
            try s.stringDictionaryOrNull()
        }
        #expect(labels == .some(["app": "b", "team": "t"]))
        #expect(Self.read(#"{"app":null}"#) { (s: inout JSONStream) throws(JSONStream.Unread) in try s.stringDictionaryOrNull() } == nil)
        #expect(Self.read(#"{"a\u0070p":"x"}"#) { (s: inout JSONStream) throws(JSONStream.Unread) in try s.stringDictionaryOrNull() } == nil)
    }

    @Test func membersAreReadInOrderAndSeparatorsChecked() {
        let names = Self.read(#" { "a" : 1 , "b":[true,null,{"c":"d"}] ,"e":{}} "#) { (s: inout JSONStream) throws(JSONStream.Unread) in
            var names: [String] = []
            try s.beginObject()
            var first = true
            while let name = try s.nextMember(&first) {
                names.append(String(decoding: name, as: UTF8.self))
                try s.skipValue()
            }
            return names
        }
        #expect(names == ["a", "b", "e"])
        for refused in [#"{"a":1,}"#, #"{,"a":1}"#, #"{"a":1 "b":2}"#, #"{"a" 1}"#, #"{"a\n":1}"#] {
            let read: Void? = Self.read(refused) { (s: inout JSONStream) throws(JSONStream.Unread) in
                try s.beginObject()
                var first = true
                while try s.nextMember(&first) != nil { try s.skipValue() }
            }
            #expect(read == nil, "\(refused)")
        }
    }

    @Test func nestingIsBounded() {
        let deep = String(repeating: "[", count: 600) + String(repeating: "]", count: 600)
        #expect(!Self.streamAccepts(Array(deep.utf8)))
        let shallow = String(repeating: "[", count: 100) + String(repeating: "]", count: 100)
        #expect(Self.streamAccepts(Array(shallow.utf8)))
    }
}
