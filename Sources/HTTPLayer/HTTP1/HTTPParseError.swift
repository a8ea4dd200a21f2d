/// A request the parser refuses: the status to answer with and a stable `code`.
struct HTTPParseError: Error, Equatable, Sendable {
    /// 400, 413, 417, 431, 501 or 505.
    let status: Int
    /// Stable identifier ("content_length_and_transfer_encoding"); tests match on it.
    let code: String
    let reason: String

    init(_ status: Int, _ code: String, _ reason: String) {
        self.status = status
        self.code = code
        self.reason = reason
    }

    static func bad(_ code: String, _ reason: String) -> HTTPParseError { HTTPParseError(400, code, reason) }
}

/// ASCII byte classes of RFC 9110 §5.6.
enum HTTPBytes {
    static let cr = UInt8(ascii: "\r")
    static let lf = UInt8(ascii: "\n")
    static let space = UInt8(ascii: " ")
    static let tab = UInt8(ascii: "\t")
    static let colon = UInt8(ascii: ":")

    /// tchar: "!#$%&'*+-.^_`|~", DIGIT, ALPHA.
    static func isToken(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
             UInt8(ascii: "0")...UInt8(ascii: "9"):
            true
        case UInt8(ascii: "!"), UInt8(ascii: "#"), UInt8(ascii: "$"), UInt8(ascii: "%"), UInt8(ascii: "&"),
             UInt8(ascii: "'"), UInt8(ascii: "*"), UInt8(ascii: "+"), UInt8(ascii: "-"), UInt8(ascii: "."),
             UInt8(ascii: "^"), UInt8(ascii: "_"), UInt8(ascii: "`"), UInt8(ascii: "|"), UInt8(ascii: "~"):
            true
        default:
            false
        }
    }

    /// field-vchar, SP and HTAB: visible ASCII and obs-text; no other controls, no DEL.
    static func isFieldValueByte(_ byte: UInt8) -> Bool {
        byte == tab || byte == space || (byte >= 0x21 && byte != 0x7F)
    }

    /// Whether every byte of `bytes` is a field-value byte. Eight bytes at a time: a word with
    /// no byte below 0x20 and no DEL is fine as it is (high bytes are obs-text); a word that may
    /// hold one (a tab, say) is looked at byte by byte.
    static func areFieldValueBytes(_ bytes: UnsafeRawBufferPointer) -> Bool {
        guard let base = bytes.baseAddress else { return true }
        let ones: UInt64 = 0x0101_0101_0101_0101
        let high: UInt64 = 0x8080_8080_8080_8080
        var i = 0
        while i &+ 8 <= bytes.count {
            let word = (base + i).loadUnaligned(as: UInt64.self)
            // Below 0x20: (x - 0x20) borrows into the high bit of a byte whose own high bit is clear.
            let control = (word &- ones &* 0x20) & ~word & high
            let del = word ^ (ones &* 0x7F)
            let delFound = (del &- ones) & ~del & high
            if control | delFound != 0 {
                for k in i..<(i &+ 8) where !isFieldValueByte(bytes[k]) { return false }
            }
            i &+= 8
        }
        while i < bytes.count {
            if !isFieldValueByte(bytes[i]) { return false }
            i &+= 1
        }
        return true
    }
}
