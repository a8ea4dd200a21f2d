import Foundation
import Model
import Store

/// Builds what `/validate` checks against from the Store: MidoNet as the applier last read it
/// (snapshot layer) and the Nodes and Services already stored (queued layer), so an object is
/// checked against what is queued as well as what MidoNet has.
enum ValidationStateBuilder {
    static func state(snapshot: MidoNetSnapshot, nodes: [Node], services: [Service]) -> ClusterState {
        var state = ClusterState(snapshot: Self.snapshot(snapshot, nodes: nodes))
        for node in nodes {
            let name = node.metadata.key
            for route in nodeRoutes(node) { state.upsertRoute(route) }
            if let podCIDR = node.podCIDR.flatMap({ IPv4Prefix($0) }) { state.setNode(name: name, podCIDR: podCIDR) }
        }
        for service in services {
            state.setService(key: service.metadata.key, claims: ServiceClaims(service: service))
        }
        return state
    }

    /// MidoNet's routes, classified by owner through the deterministic IDs of the stored nodes;
    /// its `KUBE-SERVICES` jump rules as claims of the Service named in the target chain.
    static func snapshot(_ snapshot: MidoNetSnapshot, nodes: [Node]) -> ClusterState.Snapshot {
        var owners: [UUID: ClusterState.Route.Owner] = [:]
        for node in nodes {
            let name = node.metadata.key
            owners[NodeIDs(node: name).route] = .podCIDR(node: name)
            for type in ["InternalIP", "ExternalIP"] {
                for address in node.addresses(ofType: type).compactMap({ IPv4Address($0) }) {
                    owners[NodeIDs.addressRoute(node: name, type: type, address: address)] = .nodeAddress(node: name, addressType: type)
                }
            }
        }
        let routes = snapshot.routes.compactMap { route -> ClusterState.Route? in
            guard let address = IPv4Address(route.dstNetworkAddr), (0...32).contains(route.dstNetworkLength) else { return nil }
            let owner: ClusterState.Route.Owner
            if let known = owners[route.id] {
                owner = known
            } else if route.type == "Local" {
                owner = .routerPort(port: route.nextHopPort?.lowerText ?? "?")
            } else {
                owner = .operatorRoute(nextHop: route.nextHopGateway ?? route.nextHopPort?.lowerText ?? route.type)
            }
            return ClusterState.Route(id: route.id.lowerText, prefix: IPv4Prefix(address: address, length: route.dstNetworkLength), owner: owner)
        }
        var claims: [String: [PortClaim]] = [:]
        for rule in snapshot.serviceRules {
            guard let chain = rule.jumpChainName, chain.hasPrefix("KUBE-SVC-"), let destination = rule.nwDst, destination.length == 32,
                let transport = rule.nwProto.flatMap(PortClaim.Transport.init(number:)), let ports = rule.tpDst,
                let port = UInt16(exactly: ports.lowerBound)
            else { continue }
            // `KUBE-SVC-ns/name/P` → `ns/name`.
            let portKey = chain.dropFirst("KUBE-SVC-".count).split(separator: "/", omittingEmptySubsequences: false)
            guard portKey.count >= 2 else { continue }
            claims["\(portKey[0])/\(portKey[1])", default: []].append(PortClaim(address: destination.address, transport: transport, port: port))
        }
        var hosts: [String: String] = [:]
        for host in snapshot.hosts { hosts[host.name] = host.id.lowerText }
        return ClusterState.Snapshot(routes: routes, services: claims.mapValues { ServiceClaims(ports: $0) }, hosts: hosts)
    }

    /// The routes a node's translation queues: its PodCIDR route and its address routes.
    static func nodeRoutes(_ node: Node) -> [ClusterState.Route] {
        let name = node.metadata.key
        guard let podCIDR = node.podCIDR.flatMap({ IPv4Prefix($0) }), podCIDR.length <= 30 else { return [] }
        var routes = [ClusterState.Route(
            id: NodeIDs(node: name).route.lowerText, prefix: IPv4Prefix(address: podCIDR.network, length: podCIDR.length), owner: .podCIDR(node: name))]
        for type in ["InternalIP", "ExternalIP"] {
            for address in node.addresses(ofType: type).compactMap({ IPv4Address($0) }) {
                routes.append(ClusterState.Route(
                    id: NodeIDs.addressRoute(node: name, type: type, address: address).lowerText, prefix: IPv4Prefix(address: address, length: 32),
                    owner: .nodeAddress(node: name, addressType: type)))
            }
        }
        return routes
    }
}
