extension Validator {
    /// Checks a protocol name; returns the transport MidoNet programs, nil for SCTP or anything unknown.
    /// SCTP is a violation for Services and only a warning for endpoints (`sctpIsViolation` false):
    /// an endpoint port nothing routes to conflicts with nothing.
    static func checkProtocol(
        _ name: String, path: () -> String, sctpIsViolation: Bool = true, into verdict: inout AdmissionVerdict
    ) -> PortClaim.Transport? {
        if let transport = PortClaim.Transport(name: name) { return transport }
        if name == "SCTP" {
            if sctpIsViolation {
                verdict.add(
                    violation: Violation(
                        code: .unsupportedProtocol, path: path(), value: name,
                        reason: "SCTP is not supported: MidoNet rules match TCP and UDP only"))
            } else {
                verdict.add(warning: "\(path()): SCTP is not programmed by MidoNet (TCP and UDP only)")
            }
        } else {
            verdict.add(
                violation: Violation(
                    code: .invalidValue, path: path(), value: name, reason: "\(Violation.quoted(name)) is not TCP, UDP or SCTP"))
        }
        return nil
    }

    /// Checks a port number is in 1–65535; returns it, or nil after recording the violation.
    static func checkPortNumber(_ number: Int, path: () -> String, into verdict: inout AdmissionVerdict) -> UInt16? {
        if let port = UInt16(exactly: number), port > 0 { return port }
        verdict.add(
            violation: Violation(
                code: .invalidValue, path: path(), value: String(number), reason: "\(number) is not a port number (1-65535)"))
        return nil
    }

    /// Whether `text` is written like an IPv6 address (hex digits, colons, an embedded dotted quad):
    /// what tells "IPv6, not programmed" from "not an address at all". Not a full parser: the
    /// apiserver has already rejected malformed IPv6 in the fields it validates.
    static func isIPv6Like(_ text: String) -> Bool {
        var colons = 0
        var length = 0
        for byte in text.utf8 {
            length += 1
            switch byte {
            case UInt8(ascii: ":"): colons += 1
            case UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "a")...UInt8(ascii: "f"),
                UInt8(ascii: "A")...UInt8(ascii: "F"), UInt8(ascii: "."):
                break
            default: return false
            }
        }
        // 45: the longest textual IPv6 address (IPv4-mapped, all groups written out).
        return colons >= 2 && length <= 45
    }
}
