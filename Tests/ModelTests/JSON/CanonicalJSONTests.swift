import Model
import Testing

@Suite struct CanonicalJSONTests {
    /// The canonical text: keys sorted at every level, no whitespace, escapes only where needed;
    /// it reads back as the value.
    @Test func canonicalTextIsCompactSortedAndReadsBack() throws {
        for text in JSONBodyTests.awkwardStrings {
            let value: JSONValue = ["s": .string(text), "n": [1, -2, .double(3.5), true, .null], "o": ["b": [:], "a": []]]
            let bytes = JSONBodyTests.canonical(value)
            #expect(try JSONValue(parsing: bytes) == value)
            #expect(JSONBody(value).value == value)
        }
        #expect(JSONBodyTests.canonical(["z": 1, "a": ["y": .null, "b": [true, "x"]], "M": -10]) == Array(#"{"M":-10,"a":{"b":[true,"x"],"y":null},"z":1}"#.utf8))
        #expect(JSONBodyTests.canonical(.string("plain text, long enough for words")) == Array(#""plain text, long enough for words""#.utf8))
        #expect(JSONBodyTests.canonical(.string("q\"\\\n\u{7}")) == Array(#""q\"\\\n\u0007""#.utf8))
    }

    /// Escapes are found after bytes above ASCII in the same eight-byte word, and integers are
    /// written as `String` writes them.
    @Test func escapesAfterNonASCIIAndIntegersAtTheirLimits() throws {
        for prefix in ["", "é", "éé", "ééé", "日本", "aaaaaaa"] {
            for special in ["\"", "\\", "\u{1f}", "\n"] {
                let text = prefix + special + "z"
                let bytes = JSONBodyTests.canonical(.string(text))
                #expect(try JSONValue(parsing: bytes) == .string(text))
                #expect(bytes.count > text.utf8.count + 2, "\(text) was not escaped")
            }
        }
        for value in [0, 7, -1, 10, -10, 123_456_789, Int.max, Int.min] {
            #expect(JSONBodyTests.canonical(.int(value)) == Array(String(value).utf8))
        }
    }
}
