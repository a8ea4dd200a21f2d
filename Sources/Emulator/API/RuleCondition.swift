import Foundation
import Model

/// A rule's match (MidoNet `Condition`, midonet-rest-api.md §5.7): parsed, validated and kept
/// sparse — only fields that differ from their defaults are stored.
struct RuleCondition {
    /// Non-default fields, normalised (UUIDs and MACs lower-case), ready to render.
    var stored: [String: JSONValue] = [:]
    /// `fragmentPolicy` as sent (validated), nil when absent.
    var fragmentPolicy: String?
    /// Whether `tpSrc` or `tpDst` is set.
    var hasL4Fields: Bool { stored["tpSrc"] != nil || stored["tpDst"] != nil }

    static let booleans = [
        "condInvert", "matchForwardFlow", "matchReturnFlow", "matchNwDstRewritten", "noVlan",
        "invInPorts", "invOutPorts", "invPortGroup", "invInPortGroup", "invOutPortGroup",
        "invIpAddrGroupSrc", "invIpAddrGroupDst", "invTraversedDevice", "invDlType", "invDlSrc", "invDlDst",
        "invNwTos", "invNwProto", "invNwSrc", "invNwDst", "invTpSrc", "invTpDst", "invIcmpDataSrcIp", "invIcmpDataDstIp",
    ]
    /// Nullable integers and their bean-validation bounds.
    static let integers: [(name: String, bounds: ClosedRange<Int>?)] = [
        ("nwProto", nil), ("nwTos", nil), ("vlan", nil), ("dlType", 0x0600...0xFFFF),
    ]
    /// IPv4 address fields and the prefix length that goes with each (ignored without the address).
    static let addresses: [(address: String, length: String)] = [
        ("nwSrcAddress", "nwSrcLength"), ("nwDstAddress", "nwDstLength"),
        ("icmpDataSrcIpAddress", "icmpDataSrcIpLength"), ("icmpDataDstIpAddress", "icmpDataDstIpLength"),
    ]
    static let uuids = ["portGroup", "inPortGroup", "outPortGroup", "ipAddrGroupSrc", "ipAddrGroupDst", "traversedDevice"]
    static let uuidArrays = ["inPorts", "outPorts"]
    static let macs = ["dlSrc", "dlDst"]
    static let macMasks = ["dlSrcMask", "dlDstMask"]
    static let ranges = ["tpSrc", "tpDst"]
    static let fragmentPolicies: Set<String> = ["any", "header", "nonheader", "unfragmented"]

    /// Binds the condition fields of `body`; binding errors throw (400, or 500 where MidoNet's
    /// validator itself throws), bean-validation failures are added to `validator`.
    init(_ body: BodyReader, validator: inout Validator) throws(APIError) {
        for name in Self.booleans where try body.bool(name, default: false) {
            stored[name] = true
        }
        for (name, bounds) in Self.integers {
            guard let value = try body.int(name) else { continue }
            if let bounds { validator.range(name, value, bounds) }
            stored[name] = .int(value)
        }
        for (addressName, lengthName) in Self.addresses {
            let address = try body.string(addressName)
            let length = try body.int(lengthName) ?? 0
            validator.ipv4(addressName, address)
            validator.range(lengthName, length, 0...32)
            if let address {
                stored[addressName] = .string(address)
                stored[lengthName] = .int(length)
            }
        }
        for name in Self.uuids {
            if let id = try body.uuid(name) { stored[name] = id.json }
        }
        for name in Self.uuidArrays {
            if let ids = try body.uuidArray(name) { stored[name] = .array(ids.map(\.json)) }
        }
        for name in Self.macs {
            guard let mac = try body.string(name) else { continue }
            if isValidMAC(mac) { stored[name] = .string(mac.lowercased()) } else { validator.fail(name, Messages.macInvalid) }
        }
        for name in Self.macMasks {
            guard let mask = try body.string(name) else { continue }
            if Self.isValidMACMask(mask) { stored[name] = .string(mask.lowercased()) } else { validator.fail(name, Messages.macMaskInvalid) }
        }
        for name in Self.ranges {
            guard let range = try body.object(name) else { continue }
            // A missing end makes MidoNet's range validator throw: an unmapped 500.
            guard let start = try range.int("start"), let end = try range.int("end") else { throw APIError.status(500, nil) }
            if !(1 <= start && start <= end && end <= 0xFFFF) { validator.fail(name, Messages.rangeNotValid) }
            stored[name] = ["start": .int(start), "end": .int(end)]
        }
        switch body.value("fragmentPolicy") {
        case nil: fragmentPolicy = nil
        case .string(let text)? where Self.fragmentPolicies.contains(text): fragmentPolicy = text
        // @JsonError on the field: its own message instead of Jackson's.
        default: throw APIError.badRequest(Messages.fragmentPolicyUndefined)
        }
        // The class-level @IsValidFragmentType constraint.
        if hasL4Fields, let policy = fragmentPolicy, policy == "any" || policy == "nonheader" {
            validator.fail("", Messages.fragmentPolicyL4)
        }
    }

    /// `ffff.ff00.0000`: three groups of four hex digits.
    static func isValidMACMask(_ text: String) -> Bool {
        let groups = text.split(separator: ".", omittingEmptySubsequences: false)
        return groups.count == 3 && groups.allSatisfy { $0.count == 4 && $0.allSatisfy(\.isHexDigit) }
    }

    /// Every condition field, stored values over defaults (false, null, 0 for lengths).
    static func render(_ stored: [String: JSONValue], fragmentPolicy: String, into fields: inout [String: JSONValue]) {
        for name in booleans { fields[name] = stored[name] ?? false }
        for (name, _) in integers { fields[name] = stored[name] ?? .null }
        for (address, length) in addresses {
            fields[address] = stored[address] ?? .null
            fields[length] = stored[length] ?? 0
        }
        for name in uuids + uuidArrays + macs + macMasks + ranges { fields[name] = stored[name] ?? .null }
        fields["fragmentPolicy"] = .string(fragmentPolicy)
    }
}
