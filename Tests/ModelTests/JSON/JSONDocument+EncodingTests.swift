import Foundation
@testable import Model
import TestSupport
import Testing

@Suite struct JSONDocumentEncodingTests {
    /// `text` in `form`, with its byte order mark or without.
    static func encoded(_ text: String, as form: JSONEncodingForm, byteOrderMark: Bool) -> [UInt8] {
        let content = (byteOrderMark ? "\u{FEFF}" : "") + text
        switch form {
        case .utf8:
            return Array(content.utf8)
        case .utf16BigEndian:
            return content.utf16.flatMap { [UInt8($0 >> 8), UInt8($0 & 0xFF)] }
        case .utf16LittleEndian:
            return content.utf16.flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] }
        case .utf32BigEndian:
            return content.unicodeScalars.flatMap { s in [24, 16, 8, 0].map { UInt8(s.value >> $0 & 0xFF) } }
        case .utf32LittleEndian:
            return content.unicodeScalars.flatMap { s in [0, 8, 16, 24].map { UInt8(s.value >> $0 & 0xFF) } }
        }
    }

    static let forms: [JSONEncodingForm] = [.utf8, .utf16BigEndian, .utf16LittleEndian, .utf32BigEndian, .utf32LittleEndian]

    /// Whether Foundation's `JSONDecoder` reads `form` (with a byte order mark or without): it takes
    /// UTF-32LE's mark `FF FE 00 00` for UTF-16LE's and a NUL, so refuses those documents; we read them.
    static func foundationReads(_ form: JSONEncodingForm, byteOrderMark: Bool) -> Bool {
        !(form == .utf32LittleEndian && byteOrderMark)
    }

    static let detections: [([UInt8], JSONEncodingForm, Int)] = [
        (Array("{}".utf8), .utf8, 0),
        (Array("1".utf8), .utf8, 0),
        ([0xEF, 0xBB, 0xBF, 0x7B, 0x7D], .utf8, 0),  // the parser skips a UTF-8 byte order mark itself
        ([0xFF, 0xFE, 0x7B, 0x00], .utf16LittleEndian, 2),
        ([0xFE, 0xFF, 0x00, 0x7B], .utf16BigEndian, 2),
        ([0xFF, 0xFE, 0x00, 0x00, 0x7B, 0x00, 0x00, 0x00], .utf32LittleEndian, 4),
        ([0x00, 0x00, 0xFE, 0xFF, 0x00, 0x00, 0x00, 0x7B], .utf32BigEndian, 4),
        ([0x7B, 0x00, 0x7D, 0x00], .utf16LittleEndian, 0),
        ([0x00, 0x7B, 0x00, 0x7D], .utf16BigEndian, 0),
        ([0x7B, 0x00, 0x00, 0x00], .utf32LittleEndian, 0),
        ([0x00, 0x00, 0x00, 0x7B], .utf32BigEndian, 0),
        ([0x31, 0x00], .utf16LittleEndian, 0),
        ([0x00, 0x31], .utf16BigEndian, 0),
    ]

    @Test(arguments: detections)
    func theEncodingFormIsDetectedLikeFoundation(bytes: [UInt8], form: JSONEncodingForm, byteOrderMark: Int) {
        let detected = bytes.withUnsafeBufferPointer { JSONEncodingForm.detect($0) }
        #expect(detected.form == form)
        #expect(detected.byteOrderMark == byteOrderMark)
    }

    /// Documents with non-ASCII text, escapes and a character outside the BMP, plus the round-trip fixtures.
    static func documents() throws -> [(String, String)] {
        var result = [
            ("strings", #"{"a":"é€😀","b":"\u00e9\ud83d\ude00","c":[1,-2.5e3,true,null,{}]}"#),
            ("number", "7"),
            ("string", #""x""#),
        ]
        let folder = Fixtures.kubernetes.appendingPathComponent("roundtrip")
        for file in try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted() {
            result.append((file, try String(contentsOf: folder.appendingPathComponent(file), encoding: .utf8)))
        }
        return result
    }

    @Test func everyEncodingFormReadsAsItsUTF8() throws {
        for (name, text) in try Self.documents() {
            let expected = try JSONValue(parsing: Array(text.utf8))
            for form in Self.forms {
                for mark in [false, true] {
                    let bytes = Self.encoded(text, as: form, byteOrderMark: mark)
                    #expect(try JSONValue(parsing: bytes) == expected, "\(name) \(form) mark \(mark)")
                    if Self.foundationReads(form, byteOrderMark: mark) {
                        #expect(try JSONDecoder().decode(JSONValue.self, from: Data(bytes)) == expected, "Foundation: \(name) \(form) mark \(mark)")
                    } else {
                        #expect(throws: (any Error).self, "Foundation: \(name) \(form) mark \(mark)") {
                            try JSONDecoder().decode(JSONValue.self, from: Data(bytes))
                        }
                    }
                }
            }
        }
    }

    static let illFormed: [(String, [UInt8])] = [
        ("unpaired high surrogate, UTF-16LE", [0xFF, 0xFE, 0x22, 0x00, 0x00, 0xD8, 0x22, 0x00]),
        ("unpaired low surrogate, UTF-16BE", [0x00, 0x22, 0x00, 0x61, 0xDC, 0x00, 0x00, 0x22]),
        ("surrogate, UTF-32LE", [0x22, 0x00, 0x00, 0x00, 0x00, 0xD8, 0x00, 0x00, 0x22, 0x00, 0x00, 0x00]),
        ("beyond U+10FFFF, UTF-32BE", [0x00, 0x00, 0x00, 0x22, 0x00, 0x11, 0x00, 0x00, 0x00, 0x00, 0x00, 0x22]),
        ("a second byte order mark", [0xFF, 0xFE, 0xFF, 0xFE, 0x31, 0x00]),
        ("only a byte order mark", [0xFF, 0xFE]),
        ("UTF-16 of three bytes", [0x31, 0x00, 0x20]),
    ]

    @Test(arguments: illFormed)
    func illFormedUTF16AndUTF32AreErrorsForTheDocument(name: String, bytes: [UInt8]) {
        #expect(throws: JSONParseError.self, "\(name)") { try JSONDocument(parsing: bytes) }
        #expect(throws: (any Error).self, "Foundation: \(name)") { try JSONDecoder().decode(JSONValue.self, from: Data(bytes)) }
    }

    /// Where we are stricter on purpose: Foundation (swift-foundation in Swift 6.3) ignores a dangling
    /// byte after whole UTF-16 or UTF-32 code units in most cases; we refuse a document that is not
    /// whole code units.
    @Test func aDanglingByteAfterUTF16OrUTF32IsAnError() throws {
        for form in [JSONEncodingForm.utf16LittleEndian, .utf16BigEndian, .utf32LittleEndian, .utf32BigEndian] {
            let bytes = Self.encoded(#"{"a":"b"}"#, as: form, byteOrderMark: true) + [0x20]
            do {
                _ = try JSONDocument(parsing: bytes)
                Issue.record("\(form) decoded")
            } catch {
                #expect(error.offset == bytes.count - 1, "\(form)")
            }
        }
    }

    @Test func errorOffsetsAreIntoTheTranscodedText() {
        // `{"a":1,}` in UTF-16LE: the trailing comma is refused at its UTF-8 offset (7), not its UTF-16 one.
        do {
            _ = try JSONDocument(parsing: Self.encoded(#"{"a":1,}"#, as: .utf16LittleEndian, byteOrderMark: false))
            Issue.record("parsed")
        } catch {
            #expect(error.offset == 7)
        }
    }
}
