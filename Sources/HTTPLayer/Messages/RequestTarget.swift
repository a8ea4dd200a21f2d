/// Splitting and decoding of request-targets (RFC 9112 §3.2).
enum RequestTarget {
    /// (path, query) of an origin-form or absolute-form target.
    static func split(_ target: String) -> (path: String, query: String?) {
        // By bytes: every delimiter is ASCII, so each cut falls between characters.
        var rest = Substring(target)
        if rest.utf8.first != UInt8(ascii: "/"), let colon = rest.utf8.firstIndex(of: UInt8(ascii: ":")), rest[colon...].hasPrefix("://") {
            // absolute-form: drop scheme and authority.
            let afterAuthority = rest[rest.utf8.index(colon, offsetBy: 3)...]
            rest = afterAuthority.utf8.firstIndex(where: { $0 == UInt8(ascii: "/") || $0 == UInt8(ascii: "?") }).map { afterAuthority[$0...] } ?? "/"
        }
        guard let mark = rest.utf8.firstIndex(of: UInt8(ascii: "?")) else { return (String(rest), nil) }
        let path = rest[..<mark]
        return (path.isEmpty ? "/" : String(path), String(rest[rest.utf8.index(after: mark)...]))
    }

    static func queryItem(_ name: String, in query: String?) -> String? {
        guard let query else { return nil }
        for pair in query.split(separator: "&", omittingEmptySubsequences: true) {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            guard let key = percentDecoded(parts[0]), key == name else { continue }
            return parts.count > 1 ? percentDecoded(parts[1]) : ""
        }
        return nil
    }

    /// Decodes %XX and "+" (as space, the form-encoding convention); nil on a malformed escape.
    static func percentDecoded(_ text: Substring) -> String? {
        var bytes: [UInt8] = []
        var iterator = text.utf8.makeIterator()
        while let byte = iterator.next() {
            switch byte {
            case UInt8(ascii: "%"):
                guard let high = iterator.next().flatMap(hexValue), let low = iterator.next().flatMap(hexValue) else {
                    return nil
                }
                bytes.append(high << 4 | low)
            case UInt8(ascii: "+"):
                bytes.append(UInt8(ascii: " "))
            default:
                bytes.append(byte)
            }
        }
        return String(validating: bytes, as: UTF8.self)
    }

    static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
        default: nil
        }
    }
}
