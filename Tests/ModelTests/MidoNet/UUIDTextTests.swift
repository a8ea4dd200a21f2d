import Foundation
import Model
import Testing

@Suite struct UUIDTextTests {
    @Test func readsWhatItWritesInEitherCase() {
        var generator = SplitMix64(seed: 42)
        for _ in 0..<1000 {
            let id = UUID(uuid: (
                UInt8.random(in: 0...255, using: &generator), UInt8.random(in: 0...255, using: &generator),
                UInt8.random(in: 0...255, using: &generator), UInt8.random(in: 0...255, using: &generator),
                UInt8.random(in: 0...255, using: &generator), UInt8.random(in: 0...255, using: &generator),
                UInt8.random(in: 0...255, using: &generator), UInt8.random(in: 0...255, using: &generator),
                UInt8.random(in: 0...255, using: &generator), UInt8.random(in: 0...255, using: &generator),
                UInt8.random(in: 0...255, using: &generator), UInt8.random(in: 0...255, using: &generator),
                UInt8.random(in: 0...255, using: &generator), UInt8.random(in: 0...255, using: &generator),
                UInt8.random(in: 0...255, using: &generator), UInt8.random(in: 0...255, using: &generator)))
            #expect(id.lowerText == id.uuidString.lowercased())
            var upper = [UInt8](repeating: 0, count: 36)
            upper.withUnsafeMutableBytes { id.writeText(into: $0, uppercase: true) }
            #expect(String(decoding: upper, as: UTF8.self) == id.uuidString)
            #expect(upper.withUnsafeBufferPointer { UUID(utf8: $0) } == id)
            #expect(UUID(text: id.lowerText) == id)
            #expect(UUID(text: id.uuidString) == id)
            #expect(UUID(text: Substring("x" + id.uuidString + "y").dropFirst().dropLast()) == id)
        }
    }

    /// Every one-character change, deletion and insertion of a valid text: where the text is
    /// 8-4-4-4-12 hex digits, read as Foundation's `UUID(uuidString:)` reads it; anything else
    /// refused, including what Foundation on Linux lets `sscanf` through (a sign, a space or
    /// `0x` where a digit belongs: `-978567e-…` reads as F778567E-…, ` 978567e-…` as 9785670E-…).
    @Test func readsWhatFoundationReadsAndNothingElse() {
        let valid = "3978567e-91C4-465c-A0D1-67575F6B4C7F"
        let characters: [Character] = ["0", "9", "a", "f", "g", "A", "F", "G", "-", " ", "+", "x", "é", "\u{0}", "٣"]
        var inputs = [valid, "", "-", String(valid.dropLast()), valid + "0", valid + " ", " " + valid,
                      valid.replacingOccurrences(of: "-", with: ""), "{" + valid.dropFirst().dropLast() + "}"]
        for offset in 0..<valid.count {
            let index = valid.index(valid.startIndex, offsetBy: offset)
            inputs.append(String(valid[..<index] + valid[valid.index(after: index)...]))
            for character in characters {
                inputs.append(valid.replacingCharacters(in: index...index, with: String(character)))
                inputs.append(String(valid[..<index]) + String(character) + String(valid[index...]))
            }
        }
        var refusedByBoth = 0
        for input in inputs {
            let utf8 = Array(input.utf8)
            let wellFormed = utf8.count == 36 && utf8.indices.allSatisfy { index in
                [8, 13, 18, 23].contains(index) ? utf8[index] == UInt8(ascii: "-") : Character(UnicodeScalar(utf8[index])).isHexDigit
            }
            if wellFormed {
                #expect(UUID(text: input) != nil && UUID(text: input) == UUID(uuidString: input), "\(input.debugDescription)")
            } else {
                #expect(UUID(text: input) == nil, "\(input.debugDescription)")
                if UUID(uuidString: input) == nil { refusedByBoth += 1 }
            }
        }
        #expect(refusedByBoth > 400)
    }
}
