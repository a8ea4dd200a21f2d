/// An IPv4 address as a 32-bit number; parsing is strict dotted-quad (no leading zeros, no shorthand).
public struct IPv4Address: Sendable, Hashable, Comparable, CustomStringConvertible, Codable {
    public var value: UInt32

    public init(_ value: UInt32) { self.value = value }

    /// Parses `a.b.c.d`; nil for anything else (IPv6, hostnames, `010.0.0.1`, `1.2.3`).
    public init?(_ text: some StringProtocol) {
        var result: UInt32 = 0
        var octets = 0
        var current: UInt32 = 0
        var digits = 0
        var leadingZero = false
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"):
                if leadingZero { return nil }
                if digits == 0 && byte == UInt8(ascii: "0") { leadingZero = true }
                current = current * 10 + UInt32(byte - UInt8(ascii: "0"))
                digits += 1
                if digits > 3 || current > 255 { return nil }
            case UInt8(ascii: "."):
                guard digits > 0, octets < 3 else { return nil }
                result = result << 8 | current
                octets += 1
                current = 0
                digits = 0
                leadingZero = false
            default:
                return nil
            }
        }
        guard digits > 0, octets == 3 else { return nil }
        self.value = result << 8 | current
    }

    public var description: String {
        // Dotted quad written in place (a hot path: rule bodies and endpoint keys hold addresses).
        String(unsafeUninitializedCapacity: 15) { buffer in
            var index = 0
            for octetIndex in 0..<4 {
                let shift = UInt32(24 - 8 * octetIndex)
                if octetIndex > 0 {
                    buffer[index] = UInt8(ascii: ".")
                    index += 1
                }
                let octet = UInt8(truncatingIfNeeded: value >> shift)
                if octet >= 100 {
                    buffer[index] = UInt8(ascii: "0") &+ octet / 100
                    index += 1
                }
                if octet >= 10 {
                    buffer[index] = UInt8(ascii: "0") &+ octet / 10 % 10
                    index += 1
                }
                buffer[index] = UInt8(ascii: "0") &+ octet % 10
                index += 1
            }
            return index
        }
    }

    public static func < (lhs: IPv4Address, rhs: IPv4Address) -> Bool { lhs.value < rhs.value }

    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        guard let parsed = IPv4Address(text) else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "not an IPv4 address: \(text)"))
        }
        self = parsed
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }

    /// Whether the text looks like an IPv6 address (has a colon); used to tell "IPv6" from "unparsable".
    public static func looksLikeIPv6(_ text: String) -> Bool { text.contains(":") }
}

/// An IPv4 prefix `address/length`, normalised so host bits are zero in `network`.
public struct IPv4Prefix: Sendable, Hashable, CustomStringConvertible, Codable {
    /// The address as written (may have host bits, e.g. a router port's `10.1.2.1/24`).
    public var address: IPv4Address
    public var length: Int

    public init(address: IPv4Address, length: Int) {
        precondition((0...32).contains(length), "prefix length out of range")
        self.address = address
        self.length = length
    }

    /// Parses `a.b.c.d/n` (0 ≤ n ≤ 32); a bare address is not a prefix.
    public init?(_ text: some StringProtocol) {
        guard let slash = text.firstIndex(of: "/"),
            let address = IPv4Address(text[text.startIndex..<slash]),
            let length = Int(text[text.index(after: slash)...]), (0...32).contains(length),
            !text[text.index(after: slash)...].hasPrefix("+")
        else { return nil }
        self.init(address: address, length: length)
    }

    public var mask: UInt32 { length == 0 ? 0 : UInt32.max << (32 - UInt32(length)) }

    /// The network address (host bits cleared).
    public var network: IPv4Address { IPv4Address(address.value & mask) }

    /// The n-th address of the network (0 = network address, 1 = first usable).
    public func host(_ n: UInt32) -> IPv4Address { IPv4Address(network.value &+ n) }

    public func contains(_ other: IPv4Address) -> Bool { other.value & mask == address.value & mask }

    public var description: String { "\(address)/\(length)" }

    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        guard let parsed = IPv4Prefix(text) else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "not an IPv4 prefix: \(text)"))
        }
        self = parsed
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}
