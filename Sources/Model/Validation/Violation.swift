/// One reason to deny an object: the field, its value, and what it conflicts with.
public struct Violation: Sendable, Hashable, CustomStringConvertible {
    /// Stable codes; tests and metrics match on these, never on the text.
    public enum Code: String, Sendable, Hashable, CaseIterable {
        /// A service address inside a route of the cluster router.
        case routeConflict
        /// An (address, protocol, port) another Service already claims.
        case duplicateClaim
        /// SCTP: MidoNet rules carry TCP and UDP only.
        case unsupportedProtocol
        /// A single-stack IPv6 Service: MidoNet's service chains are IPv4.
        case singleStackIPv6
        /// An endpoint at a service address of its own Service: DNAT would loop.
        case dnatLoop
        /// An endpoint at the first or second address of a PodCIDR, which MidoNet owns.
        case gatewayAddress
        /// A value that cannot be read: not an IP, a port outside 1–65535, an unknown enum value.
        case invalidValue
        /// A CREATE or UPDATE without the object.
        case missingObject
    }

    /// What kind of violation, for tests and metrics.
    public var code: Code
    /// Field path within the object, e.g. `spec.externalIPs[0]`.
    public var path: String
    /// The offending value as written.
    public var value: String
    /// What is wrong, naming the value and what it conflicts with (the text after `path: `).
    public var reason: String

    /// A violation of `code` at `path`, where `value` is written, for `reason`.
    public init(code: Code, path: String, value: String, reason: String) {
        self.code = code
        self.path = path
        self.value = value
        self.reason = reason
    }

    /// `spec.externalIPs[0]: 10.1.2.9 is inside 10.1.2.0/24, …`.
    public var description: String { "\(path): \(reason)" }

    /// A value for a message: JSON-style quoted and escaped, cut at 64 characters, so that
    /// hostile or huge input stays readable and on one line.
    static func quoted(_ value: String) -> String {
        var result = "\""
        for (count, scalar) in value.unicodeScalars.enumerated() {
            if count == 64 {
                result += "…"
                break
            }
            switch scalar {
            case "\"": result += "\\\""
            case "\\": result += "\\\\"
            case _ where scalar.properties.generalCategory.isControl:
                result += "\\u{\(String(scalar.value, radix: 16))}"
            default: result.unicodeScalars.append(scalar)
            }
        }
        return result + "\""
    }
}
