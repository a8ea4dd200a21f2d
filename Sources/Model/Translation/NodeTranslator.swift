public import Foundation

/// The MidoNet IDs of one node, as the original controllers derived them.
public struct NodeIDs: Sendable {
    public let bridge: UUID
    public let bridgePort: UUID
    public let routerPort: UUID
    public let route: UUID
    public let nodePort: UUID
    public let nodePortChain: UUID
    public let nodePortSNATRule: UUID

    public init(node name: String) {
        let base = DeterministicID.idForKey("Node", name)
        bridge = base
        bridgePort = DeterministicID.subID(base, "Bridge Port")
        routerPort = DeterministicID.subID(base, "Router Port")
        route = DeterministicID.subID(base, "Route")
        nodePort = DeterministicID.subID(base, "Node Port")
        nodePortChain = DeterministicID.subID(base, "Node Port Chain")
        nodePortSNATRule = DeterministicID.subID(base, "Node Port SNAT Rule")
    }

    /// The route to one of the node's addresses (`type` InternalIP or ExternalIP).
    public static func addressRoute(node: String, type: String, address: IPv4Address) -> UUID {
        DeterministicID.idForKey("Node Address", "\(node)/\(type)/\(address)")
    }
}

/// Interface of the node port on the host (the original's `midokube-mido` veth).
public let nodePortInterfaceName = "midokube-mido"

extension Translator {
    /// Bridge, its ports, the router port and link, the PodCIDR route, the node port with its
    /// binding and SNAT chain, routes to the node's addresses, and tunnel-zone membership.
    /// Without an IPv4 PodCIDR only the bridge and the membership exist.
    func nodeObjects(_ node: Node) -> [MidoNetObject] {
        let name = node.metadata.key
        let ids = NodeIDs(node: name)
        let host = host(ofNode: name, node: node)
        var objects: [MidoNetObject] = [
            Bridge(id: ids.bridge, name: name, tenantId: tenant, inboundFilterId: self.ids.mainChain).object
        ]
        let internalIPs = node.addresses(ofType: "InternalIP").compactMap { IPv4Address($0) }
        if let podCIDR = node.podCIDR.flatMap({ IPv4Prefix($0) }), podCIDR.length <= 30 {
            // First address: the router port (the pods' gateway). Second: the node port (the host).
            let gateway = podCIDR.host(1)
            let nodeAddress = podCIDR.host(2)
            objects += [
                BridgePort(id: ids.bridgePort, bridgeId: ids.bridge).object,
                RouterPort(
                    id: ids.routerPort, routerId: self.ids.clusterRouter,
                    portSubnet: IPv4Prefix(address: gateway, length: podCIDR.length),
                    portMac: DeterministicID.macForKey(name)
                ).object,
                PortLink(portId: ids.bridgePort, peerId: ids.routerPort).object,
                Route(
                    id: ids.route, routerId: self.ids.clusterRouter,
                    destination: IPv4Prefix(address: podCIDR.network, length: podCIDR.length), nextHopPort: ids.routerPort
                ).object,
                Chain(id: ids.nodePortChain, name: ChainName.node(name), tenantId: tenant).object,
                // SNAT what the host sends from its node-port address, so that replies come back
                // through MidoNet and can be reverse-DNATed for services.
                Rule(
                    type: "snat", id: ids.nodePortSNATRule, chainId: ids.nodePortChain, position: 1,
                    condition: Condition(dlType: 0x800, nwSrc: IPv4Prefix(address: nodeAddress, length: 32)),
                    natTargets: [NATTarget(address: gateway, ports: 30000...60000)], flowAction: "continue"
                ).object,
                BridgePort(id: ids.nodePort, bridgeId: ids.bridge, outboundFilterId: ids.nodePortChain).object,
            ]
            for type in ["InternalIP", "ExternalIP"] {
                var seen = Set<IPv4Address>()
                for address in node.addresses(ofType: type).compactMap({ IPv4Address($0) }) where seen.insert(address).inserted {
                    objects.append(
                        Route(
                            id: NodeIDs.addressRoute(node: name, type: type, address: address), routerId: self.ids.clusterRouter,
                            destination: IPv4Prefix(address: address, length: 32), nextHopPort: ids.routerPort,
                            nextHopGateway: nodeAddress
                        ).object)
                }
            }
            if let mac = node.metadata.annotation(Annotation.macAddress), isValidMAC(mac) {
                objects.append(MacPort(bridgeId: ids.bridge, macAddr: mac, portId: ids.nodePort).object)
                objects.append(IP4Mac(bridgeId: ids.bridge, ip: nodeAddress, mac: mac).object)
            }
        }
        let zone = node.metadata.annotation(Annotation.tunnelZoneID).flatMap(UUID.init(text:)) ?? self.ids.defaultTunnelZone
        let endpoint = node.metadata.annotation(Annotation.tunnelEndpointIP).flatMap { IPv4Address($0) } ?? internalIPs.first
        if let endpoint {
            objects.append(TunnelZoneHost(tunnelZoneId: zone, host: host, ipAddress: endpoint).object)
        }
        if objects.contains(where: { $0.id == ids.nodePort && $0.kind == .port }) {
            // MidoNet binds only hosts that are in a tunnel zone; the plan orders membership first.
            objects.append(HostInterfacePort(host: host, portId: ids.nodePort, interfaceName: nodePortInterfaceName).object)
        }
        return objects
    }
}
