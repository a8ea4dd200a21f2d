/// What one Service holds in MidoNet: its IPv4 service addresses and the (address, protocol, port)
/// its jump rules match. The Store records one per Service key, from a translation or from the
/// `KUBE-SERVICES` rules of the MidoNet snapshot; the Validator derives one for the object under review.
public struct ServiceClaims: Sendable, Hashable {
    /// Every IPv4 service address (cluster IPs, external IPs, load-balancer IP, ingress IPs), sorted, unique.
    public private(set) var addresses: [IPv4Address]
    /// Every claim, sorted, unique.
    public private(set) var ports: [PortClaim]

    /// Claims as given; duplicates are dropped and both lists sorted, so equal sets compare equal.
    public init(addresses: [IPv4Address], ports: [PortClaim]) {
        self.addresses = Array(Set(addresses)).sorted()
        self.ports = Array(Set(ports)).sorted()
    }

    /// Claims read back from MidoNet's jump rules (`nwDst`, `nwProto`, `tpDst` of each rule in
    /// `KUBE-SERVICES` that jumps to one Service's chains); the addresses are those the claims use.
    public init(ports: [PortClaim]) {
        self.init(addresses: ports.map(\.address), ports: ports)
    }

    /// Nothing: a Service MidoNet programs no rules for (ExternalName), or one that is going away.
    public static let none = ServiceClaims(addresses: [], ports: [])

    /// The claims of `service` as the translator programs them: every IPv4 address of
    /// `ServiceAddressField` × every TCP or UDP port in 1–65535. Values the Validator would
    /// deny (unparsable, IPv6, SCTP, out of range) claim nothing; ExternalName Services claim nothing.
    public init(service: Service) {
        guard service.spec.effectiveType != "ExternalName" else {
            self = .none
            return
        }
        var addresses: [IPv4Address] = []
        service.forEachAddress { _, text in
            if let address = IPv4Address(text) { addresses.append(address) }
        }
        var ports: [PortClaim] = []
        for servicePort in service.spec.ports ?? [] {
            guard let transport = PortClaim.Transport(name: servicePort.protocol),
                let number = UInt16(exactly: servicePort.port), number > 0
            else { continue }
            for address in addresses { ports.append(PortClaim(address: address, transport: transport, port: number)) }
        }
        self.init(addresses: addresses, ports: ports)
    }
}
