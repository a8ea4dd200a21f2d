public import Foundation

/// IP protocol numbers MidoNet rules match on.
public enum IPProtocolNumber {
    /// 6 for TCP, 17 for UDP; nil for what the rules cannot carry (SCTP, typos).
    public static func of(_ name: String) -> Int? {
        switch name {
        case "TCP": 6
        case "UDP": 17
        default: nil
        }
    }
}

extension Translator {
    /// `ns/name/P`: a service port's key (P may be empty).
    public static func servicePortKey(service: String, port: String?) -> String { "\(service)/\(port ?? "")" }

    /// The chain `KUBE-SVC-ns/name/P`.
    public static func servicePortChainID(_ portKey: String) -> UUID { DeterministicID.idForKey("ServicePort", portKey) }

    /// The jump rule in `KUBE-SERVICES` for one address, protocol and port.
    public static func serviceJumpID(portKey: String, address: IPv4Address, protocolNumber: Int, port: Int) -> UUID {
        DeterministicID.idForKey("ServicePortSub", "\(portKey)/\(address)/\(protocolNumber)/\(port)")
    }

    /// The IPv4 addresses MidoNet programs for a Service: its ClusterIPs, then externalIPs and
    /// load-balancer ingress IPs (each gets its own jump rules into the same port chains).
    public static func programmedAddresses(of service: Service) -> [IPv4Address] {
        var seen = Set<IPv4Address>()
        let texts = service.spec.allClusterIPs + (service.spec.externalIPs ?? [])
            + (service.status?.loadBalancer?.ingress ?? []).compactMap(\.ip)
        return texts.compactMap { IPv4Address($0) }.filter { seen.insert($0).inserted }
    }

    /// Whether MidoNet programs anything for the Service: not ExternalName, not headless, with an
    /// IPv4 ClusterIP.
    static func isProgrammed(_ service: Service) -> Bool {
        service.spec.effectiveType != "ExternalName" && !service.spec.isHeadless
            && service.spec.allClusterIPs.contains { IPv4Address($0) != nil }
    }

    /// One chain per TCP/UDP port and one jump rule in `KUBE-SERVICES` per (address, port).
    func serviceObjects(_ service: Service) -> [MidoNetObject] {
        guard Self.isProgrammed(service) else { return [] }
        let key = service.metadata.key
        let addresses = Self.programmedAddresses(of: service)
        var chains: [MidoNetObject] = []
        var jumps: [MidoNetObject] = []
        for port in service.spec.ports ?? [] {
            guard let proto = IPProtocolNumber.of(port.protocol), (1...65535).contains(port.port) else { continue }
            let portKey = Self.servicePortKey(service: key, port: port.name)
            let chain = Self.servicePortChainID(portKey)
            chains.append(Chain(id: chain, name: ChainName.servicePort(portKey), tenantId: tenant).object)
            for address in addresses {
                // Order among services' jumps does not matter (their matches are disjoint), so
                // each goes in at the position its index within this Service gives.
                jumps.append(
                    Rule(
                        type: "jump", id: Self.serviceJumpID(portKey: portKey, address: address, protocolNumber: proto, port: port.port),
                        chainId: ids.servicesChain, position: jumps.count + 1, jumpChainId: chain,
                        jumpChainName: ChainName.servicePort(portKey),
                        condition: Condition(dlType: 0x800, nwProto: proto, nwDst: IPv4Prefix(address: address, length: 32), tpDst: port.port...port.port)
                    ).object)
            }
        }
        return chains + jumps
    }
}
