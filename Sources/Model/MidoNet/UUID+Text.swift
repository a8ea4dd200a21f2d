public import Foundation

extension UUID {
    /// Lower-case text form, as MidoNet and the Go client print UUIDs.
    public var lowerText: String {
        String(unsafeUninitializedCapacity: 36) { buffer in
            writeLower(into: UnsafeMutableRawBufferPointer(buffer))
            return 36
        }
    }

    /// The 36 bytes of `lowerText` at the start of `buffer`.
    @inline(__always)
    func writeLower(into buffer: UnsafeMutableRawBufferPointer) { writeText(into: buffer, uppercase: false) }

    /// The 36-byte text form (8-4-4-4-12 hex digits) at the start of `buffer`, in lower case or,
    /// as `uuidString` and `UUID`'s Codable write it, upper case. No formatting, no allocation.
    @inline(__always)
    public func writeText(into buffer: UnsafeMutableRawBufferPointer, uppercase: Bool) {
        let letters = uppercase ? UInt8(ascii: "A") : UInt8(ascii: "a")
        @inline(__always) func digit(_ nibble: UInt8) -> UInt8 {
            nibble < 10 ? UInt8(ascii: "0") &+ nibble : letters &+ (nibble &- 10)
        }
        withUnsafeBytes(of: uuid) { raw in
            var index = 0
            for position in 0..<16 {
                if position == 4 || position == 6 || position == 8 || position == 10 {
                    buffer[index] = UInt8(ascii: "-")
                    index += 1
                }
                let byte = raw[position]
                buffer[index] = digit(byte >> 4)
                buffer[index + 1] = digit(byte & 0x0F)
                index += 2
            }
        }
    }

    /// Parses the 36-character text form (8-4-4-4-12 hex digits, either case); nil for anything
    /// else. Reads well-formed text as `UUID(uuidString:)` does, without its `sscanf` (reading
    /// stored translations back parsed thousands of UUIDs per audit batch, and `uuidString:` was
    /// a twentieth of the Store's writer time), and is stricter: on Linux that one lets `sscanf`
    /// read a sign, a space or `0x` where a digit belongs (`-978567e-…` is F778567E-…).
    public init?(text: some StringProtocol) {
        let utf8 = text.utf8
        guard utf8.count == 36 else { return nil }
        var bytes: uuid_t = (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
        let parsed = withUnsafeMutableBytes(of: &bytes) { out -> Bool in
            var high: UInt8?
            var count = 0
            for (position, char) in utf8.enumerated() {
                if position == 8 || position == 13 || position == 18 || position == 23 {
                    guard char == UInt8(ascii: "-") else { return false }
                    continue
                }
                guard let nibble = Self.hexValue(char) else { return false }
                if let first = high {
                    out[count] = first << 4 | nibble
                    count += 1
                    high = nil
                } else {
                    high = nibble
                }
            }
            return count == 16
        }
        guard parsed else { return nil }
        self.init(uuid: bytes)
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
