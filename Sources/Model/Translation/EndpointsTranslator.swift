public import Foundation

/// One ready endpoint of a service port: address, port and protocol name.
public struct ServiceEndpoint: Sendable, Hashable, Comparable {
    public var address: IPv4Address
    public var port: Int
    public var `protocol`: String

    public init(address: IPv4Address, port: Int, protocol: String) {
        self.address = address
        self.port = port
        self.protocol = `protocol`
    }

    public static func < (lhs: ServiceEndpoint, rhs: ServiceEndpoint) -> Bool {
        (lhs.address, lhs.port, lhs.protocol) < (rhs.address, rhs.port, rhs.protocol)
    }
}

extension Translator {
    /// `name/P/C/E/E_port/PROTO` (no namespace, as the original): the endpoint's chain key.
    public static func endpointKey(serviceName: String, port: String?, clusterIP: IPv4Address, endpoint: ServiceEndpoint) -> String {
        "\(serviceName)/\(port ?? "")/\(clusterIP)/\(endpoint.address)/\(endpoint.port)/\(endpoint.protocol)"
    }

    /// The balancing DNAT rule of a port chain: its ID derives from the port and the sorted targets,
    /// so a changed target set is a new rule (rules are immutable; it is made before the old one goes).
    public static func balancingRuleID(portKey: String, targets: [ServiceEndpoint]) -> UUID {
        let list = targets.sorted().map { "\($0.address):\($0.port)/\($0.protocol)" }.joined(separator: ",")
        return DeterministicID.idForKey("ServicePortDNAT", "\(portKey)/\(list)")
    }

    /// Ready IPv4 endpoints per port name, from the Service's EndpointSlices when it has any,
    /// else from its Endpoints.
    public static func readyEndpoints(serviceKey: String, lookup: some ClusterLookup) -> [String: Set<ServiceEndpoint>] {
        var result: [String: Set<ServiceEndpoint>] = [:]
        let slices = lookup.endpointSlices(ofService: serviceKey)
        if !slices.isEmpty {
            for slice in slices where slice.addressType == "IPv4" {
                for endpoint in slice.endpoints ?? [] where endpoint.isReady {
                    for address in endpoint.addresses.compactMap({ IPv4Address($0) }) {
                        for port in slice.ports ?? [] {
                            guard let number = port.port else { continue }
                            result[port.name ?? "", default: []].insert(ServiceEndpoint(address: address, port: number, protocol: port.effectiveProtocol))
                        }
                    }
                }
            }
        } else if let endpoints = lookup.endpoints(serviceKey) {
            for subset in endpoints.subsets ?? [] {
                for address in (subset.addresses ?? []).compactMap({ IPv4Address($0.ip) }) {
                    for port in subset.ports ?? [] {
                        result[port.name ?? "", default: []].insert(ServiceEndpoint(address: address, port: port.port, protocol: port.protocol))
                    }
                }
            }
        }
        return result
    }

    /// For each service port with ready endpoints: per endpoint a chain `KUBE-SEP-…` holding its
    /// hairpin SNAT and a jump to it from the port chain; then one DNAT rule balancing over all
    /// endpoints (MidoNet picks a NAT target at random per flow). Port chain order = [jumps…, DNAT].
    func endpointObjects(serviceKey: String, lookup: some ClusterLookup) -> [MidoNetObject] {
        guard let service = lookup.service(serviceKey), Self.isProgrammed(service),
            let clusterIP = service.spec.allClusterIPs.lazy.compactMap({ IPv4Address($0) }).first
        else { return [] }
        let serviceName = service.metadata.name ?? ""
        let endpointsByPort = Self.readyEndpoints(serviceKey: serviceKey, lookup: lookup)
        var objects: [MidoNetObject] = []
        var seenPorts = Set<String>()
        for port in service.spec.ports ?? [] {
            let portName = port.name ?? ""
            guard IPProtocolNumber.of(port.protocol) != nil, seenPorts.insert(portName).inserted else { continue }
            let endpoints = (endpointsByPort[portName] ?? []).filter {
                $0.protocol == port.protocol && (1...65535).contains($0.port)
            }.sorted()
            guard !endpoints.isEmpty else { continue }
            let portKey = Self.servicePortKey(service: serviceKey, port: port.name)
            let portChain = Self.servicePortChainID(portKey)
            var chains: [MidoNetObject] = []
            var portChainRules: [MidoNetObject] = []
            for endpoint in endpoints {
                let key = Self.endpointKey(serviceName: serviceName, port: port.name, clusterIP: clusterIP, endpoint: endpoint)
                let chain = DeterministicID.idForKey("Endpoint", key)
                let chainName = ChainName.endpoint(key)
                chains.append(Chain(id: chain, name: chainName, tenantId: tenant).object)
                // Hairpin: an endpoint reaching its own service is SNATed to the ClusterIP.
                chains.append(
                    Rule(
                        type: "snat", id: DeterministicID.subID(chain, "SNAT"), chainId: chain, position: 1,
                        condition: Condition(dlType: 0x800, nwSrc: IPv4Prefix(address: endpoint.address, length: 32)),
                        natTargets: [NATTarget(address: clusterIP, ports: 30000...60000)], flowAction: "continue"
                    ).object)
                portChainRules.append(
                    Rule(
                        type: "jump", id: DeterministicID.subID(chain, "Jump to Endpoint"), chainId: portChain,
                        position: portChainRules.count + 1, jumpChainId: chain, jumpChainName: chainName
                    ).object)
            }
            portChainRules.append(
                Rule(
                    type: "dnat", id: Self.balancingRuleID(portKey: portKey, targets: endpoints), chainId: portChain,
                    position: portChainRules.count + 1,
                    natTargets: endpoints.map { NATTarget(address: $0.address, ports: $0.port...$0.port) }, flowAction: "accept"
                ).object)
            objects += chains + portChainRules
        }
        return objects
    }
}
