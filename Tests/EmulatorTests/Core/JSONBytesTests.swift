import Model
import Testing
@testable import Emulator

@Suite struct JSONBytesTests {
    @Test(arguments: [
        #"{"b":[1,2.5,-3,true,false,null],"a":"x\"y\\z\n","c":{"d":"é😀"}}"#,
        #"[]"#, #"{}"#, #""\u00e9\ud83d\ude00\t""#, "  12  ", "-0.25e2",
    ])
    func readsWhatItWrites(text: String) throws {
        let value = try JSONBytes.parse(Array(text.utf8))
        #expect(try JSONBytes.parse(JSONBytes.write(value)) == value)
    }

    @Test func decodesEscapes() throws {
        #expect(try JSONBytes.parse(Array(#""\u00e9\ud83d\ude00\/""#.utf8)) == .string("é😀/"))
        #expect(try JSONBytes.parse(Array("9223372036854775808".utf8)) == .double(9223372036854775808))
    }

    @Test(arguments: ["", "{", "[1,]", "{\"a\"}", "{\"a\":1,}", "tru", "01x", "\"\u{01}\"", "\"\\q\"", "1 2", "-", "1.", "\"\\ud800\\u0041\""])
    func refusesBrokenJSON(text: String) {
        #expect(throws: JSONBytes.ParseError.self) { try JSONBytes.parse(Array(text.utf8)) }
    }

    @Test func refusesDeepNestingWithoutCrashing() {
        let deep = String(repeating: "[", count: 10_000) + String(repeating: "]", count: 10_000)
        #expect(throws: JSONBytes.ParseError.self) { try JSONBytes.parse(Array(deep.utf8)) }
    }
}

@Suite struct UUIDTextTests {
    @Test func roundTripsLowerCase() throws {
        let id = try #require(UUID.parse("0A1B2C3D-4E5F-6071-8293-A4B5C6D7E8F9"))
        #expect(id.text == "0a1b2c3d-4e5f-6071-8293-a4b5c6d7e8f9")
        #expect(id.text == id.lowerText)
    }

    @Test(arguments: ["", "0a1b2c3d4e5f60718293a4b5c6d7e8f9", "0a1b2c3d-4e5f-6071-8293-a4b5c6d7e8f", "0a1b2c3d-4e5f-6071-8293-a4b5c6d7e8f9a",
                      "0a1b2c3d-4e5f-6071-8293_a4b5c6d7e8f9", "0g1b2c3d-4e5f-6071-8293-a4b5c6d7e8f9"])
    func refusesOtherShapes(text: String) {
        #expect(UUID.parse(text) == nil)
    }
}

import Foundation
