public import Foundation

extension UUID {
    /// Lower-case text form, as MidoNet and the Go client print UUIDs.
    public var lowerText: String {
        String(unsafeUninitializedCapacity: 36) { buffer in
            writeLower(into: UnsafeMutableRawBufferPointer(buffer))
            return 36
        }
    }

    /// `prefix`, `joiner`, `lowerText` and `suffix` in one allocation: object keys (`Rule/…`) and
    /// paths (`/chains/…/rules`), which the plan and the translators build by the thousand.
    func lowerText(after prefix: String, _ joiner: StaticString, before suffix: StaticString = "") -> String {
        var prefix = prefix
        return prefix.withUTF8 { head in
            let start = head.count + joiner.utf8CodeUnitCount
            let count = start + 36 + suffix.utf8CodeUnitCount
            return String(unsafeUninitializedCapacity: count) { buffer in
                let text = UnsafeMutableRawBufferPointer(buffer)
                text.copyMemory(from: UnsafeRawBufferPointer(head))
                UnsafeMutableRawBufferPointer(rebasing: text[head.count..<start])
                    .copyMemory(from: UnsafeRawBufferPointer(start: joiner.utf8Start, count: joiner.utf8CodeUnitCount))
                writeLower(into: UnsafeMutableRawBufferPointer(rebasing: text[start..<(start + 36)]))
                UnsafeMutableRawBufferPointer(rebasing: text[(start + 36)...])
                    .copyMemory(from: UnsafeRawBufferPointer(start: suffix.utf8Start, count: suffix.utf8CodeUnitCount))
                return count
            }
        }
    }

    /// The 36 bytes of `lowerText` at the start of `buffer`.
    @inline(__always)
    func writeLower(into buffer: UnsafeMutableRawBufferPointer) { writeText(into: buffer, uppercase: false) }

    /// The 36-byte text form (8-4-4-4-12 hex digits) at the start of `buffer`, in lower case or,
    /// as `uuidString` and `UUID`'s Codable write it, upper case. No formatting, no allocation:
    /// eight digits at a time (the store writes a dozen UUIDs per MidoNet object).
    @inline(__always)
    public func writeText(into buffer: UnsafeMutableRawBufferPointer, uppercase: Bool) {
        precondition(buffer.count >= 36)
        // From a digit 0…9 to a letter: `A` or `a` less `0` less 10.
        let letters: UInt64 = uppercase ? 7 : 39
        withUnsafeBytes(of: uuid) { raw in
            /// The eight digits of the four bytes at `offset`, the first in the lowest byte.
            @inline(__always) func digits(_ offset: Int) -> UInt64 {
                var x = UInt64(UInt32(bigEndian: raw.loadUnaligned(fromByteOffset: offset, as: UInt32.self)))
                // One nibble per byte, the last digit's in the lowest byte…
                x = (x & 0xFFFF_0000) << 16 | (x & 0xFFFF)
                x = (x & 0x0000_FF00_0000_FF00) << 8 | (x & 0x0000_00FF_0000_00FF)
                x = (x & 0x00F0_00F0_00F0_00F0) << 4 | (x & 0x000F_000F_000F_000F)
                // …then 10…15 marked, and every nibble made a character.
                let letter = ((x &+ 0x0606_0606_0606_0606) >> 4) & 0x0101_0101_0101_0101
                return (x &+ 0x3030_3030_3030_3030 &+ letter &* letters).byteSwapped
            }
            // Stored little-endian: the lowest byte, the first digit, first.
            let first = digits(0), second = digits(4), third = digits(8), fourth = digits(12)
            buffer.storeBytes(of: first.littleEndian, toByteOffset: 0, as: UInt64.self)
            buffer.storeBytes(of: UInt32(truncatingIfNeeded: second).littleEndian, toByteOffset: 9, as: UInt32.self)
            buffer.storeBytes(of: UInt32(truncatingIfNeeded: second >> 32).littleEndian, toByteOffset: 14, as: UInt32.self)
            buffer.storeBytes(of: UInt32(truncatingIfNeeded: third).littleEndian, toByteOffset: 19, as: UInt32.self)
            buffer.storeBytes(of: UInt32(truncatingIfNeeded: third >> 32).littleEndian, toByteOffset: 24, as: UInt32.self)
            buffer.storeBytes(of: fourth.littleEndian, toByteOffset: 28, as: UInt64.self)
            buffer[8] = UInt8(ascii: "-")
            buffer[13] = UInt8(ascii: "-")
            buffer[18] = UInt8(ascii: "-")
            buffer[23] = UInt8(ascii: "-")
        }
    }

    /// Parses the 36-character text form (8-4-4-4-12 hex digits, either case); nil for anything
    /// else. Reads well-formed text as `UUID(uuidString:)` does, without its `sscanf` (reading
    /// stored translations back parsed thousands of UUIDs per audit batch, and `uuidString:` was
    /// a twentieth of the Store's writer time), and is stricter: on Linux that one lets `sscanf`
    /// read a sign, a space or `0x` where a digit belongs (`-978567e-…` is F778567E-…).
    public init?(text: String) {
        var text = text
        guard let bytes = text.withUTF8(Self.parse) else { return nil }
        self.init(uuid: bytes)
    }

    /// `init?(text:)` of a part of a string (a path segment, say).
    public init?(text: Substring) {
        var text = text
        guard let bytes = text.withUTF8(Self.parse) else { return nil }
        self.init(uuid: bytes)
    }

    /// `init?(text:)` of UTF-8 bytes (a stored row, say), with no string made.
    public init?(utf8: UnsafeBufferPointer<UInt8>) {
        guard let bytes = Self.parse(utf8) else { return nil }
        self.init(uuid: bytes)
    }

    /// Not generic over `StringProtocol`: called from other modules, a generic one ran
    /// unspecialized, through witness tables, and cost more than the `sscanf` it replaced.
    private static func parse(_ utf8: UnsafeBufferPointer<UInt8>) -> uuid_t? {
        guard utf8.count == 36 else { return nil }
        var bytes: uuid_t = (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
        let parsed = withUnsafeMutableBytes(of: &bytes) { out -> Bool in
            var index = 0
            for position in 0..<16 {
                if position == 4 || position == 6 || position == 8 || position == 10 {
                    guard utf8[index] == UInt8(ascii: "-") else { return false }
                    index += 1
                }
                guard let high = hexValue(utf8[index]), let low = hexValue(utf8[index + 1]) else { return false }
                out[position] = high << 4 | low
                index += 2
            }
            return true
        }
        return parsed ? bytes : nil
    }

    @inline(__always)
    private static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): byte &- UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): byte &- UInt8(ascii: "a") &+ 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): byte &- UInt8(ascii: "A") &+ 10
        default: nil
        }
    }
}
