/// One (address, protocol, port) a Service's jump rules match in `KUBE-SERVICES`.
/// Two Services claiming the same one would shadow each other's rules.
public struct PortClaim: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// The transport protocols MidoNet rules carry (`nwProto`); SCTP has no rules, so no claims.
    public enum Transport: UInt8, Sendable, Hashable, Comparable, CaseIterable, CustomStringConvertible {
        /// TCP, IP protocol 6.
        case tcp = 6
        /// UDP, IP protocol 17.
        case udp = 17

        /// From the Kubernetes spelling (`TCP`, `UDP`); nil for `SCTP` and anything else.
        public init?(name: String) {
            switch name {
            case "TCP": self = .tcp
            case "UDP": self = .udp
            default: return nil
            }
        }

        /// From a rule's `nwProto` (6, 17); nil for other protocols.
        public init?(number: Int) {
            guard let byte = UInt8(exactly: number), let transport = Transport(rawValue: byte) else { return nil }
            self = transport
        }

        /// The Kubernetes spelling, `TCP` or `UDP`.
        public var description: String { self == .tcp ? "TCP" : "UDP" }

        /// By protocol number.
        public static func < (lhs: Transport, rhs: Transport) -> Bool { lhs.rawValue < rhs.rawValue }
    }

    /// The destination address the jump rule matches (`nwDst`, a /32).
    public var address: IPv4Address
    /// The protocol it matches (`nwProto`).
    public var transport: Transport
    /// The destination port it matches (`tpDst`, a single port).
    public var port: UInt16

    /// The claim on `port` of `transport` at `address`.
    public init(address: IPv4Address, transport: Transport, port: UInt16) {
        self.address = address
        self.transport = transport
        self.port = port
    }

    /// `10.96.0.10 TCP/53`.
    public var description: String { "\(address) \(transport)/\(port)" }

    /// By address, then protocol, then port: the order of `ServiceClaims.ports`.
    public static func < (lhs: PortClaim, rhs: PortClaim) -> Bool {
        (lhs.address, lhs.transport, lhs.port) < (rhs.address, rhs.transport, rhs.port)
    }
}
