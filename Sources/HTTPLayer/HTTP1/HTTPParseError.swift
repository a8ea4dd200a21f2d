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
}
