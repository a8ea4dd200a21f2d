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
