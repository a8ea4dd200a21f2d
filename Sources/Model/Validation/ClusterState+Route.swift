extension ClusterState {
    /// A route of the MidoNet cluster router, as the Validator sees it: where it goes and who owns it.
    public struct Route: Sendable, Hashable, CustomStringConvertible {
        /// Who put the route there; it decides how a conflict is explained.
        public enum Owner: Sendable, Hashable {
            /// The route of a node's PodCIDR to its router port (`subID(node, "Route")`).
            case podCIDR(node: String)
            /// A node address route (`idForKey("Node Address", "N/T/A")`); `addressType` is `InternalIP` or `ExternalIP`.
            case nodeAddress(node: String, addressType: String)
            /// MidoNet's own Local /32 route for the address of a router port (MidoNet creates these).
            case routerPort(port: String)
            /// Anything else: a route an operator added, with its next hop (gateway address or port ID).
            case operatorRoute(nextHop: String)
        }

        /// The route's MidoNet ID (UUID text); the key for updates and removal.
        public var id: String
        /// Destination prefix (`dstNetworkAddr/dstNetworkLength`).
        public var prefix: IPv4Prefix
        /// Who put it there.
        public var owner: Owner

        /// A route as the Store classifies it from MidoNet's route or from a translation.
        public init(id: String, prefix: IPv4Prefix, owner: Owner) {
            self.id = id
            self.prefix = prefix
            self.owner = owner
        }

        /// Who owns the route, for messages: `the PodCIDR route of node "worker-2"`.
        public var ownerDescription: String {
            switch owner {
            case .podCIDR(let node): "the PodCIDR route of node \"\(node)\""
            case .nodeAddress(let node, let type): "the \(type) address route of node \"\(node)\""
            case .routerPort(let port): "the local route of router port \(port)"
            case .operatorRoute(let nextHop): "operator route \(id) via \(nextHop)"
            }
        }

        /// `10.1.2.0/24, the PodCIDR route of node "worker-2"`.
        public var description: String { "\(prefix.network)/\(prefix.length), \(ownerDescription)" }
    }

    /// The first or second address of a node's PodCIDR, which MidoNet owns.
    public struct NodeGateway: Sendable, Hashable, CustomStringConvertible {
        /// Which of the two addresses, and so which MidoNet port owns it.
        public enum Role: Sendable, Hashable {
            /// The first address: the node's router port on the cluster router.
            case routerPort
            /// The second address: the node port's gateway, source of the node's SNAT.
            case nodePort
        }

        /// The node's name.
        public var node: String
        /// The node's PodCIDR, normalised to its network.
        public var podCIDR: IPv4Prefix
        /// First or second address.
        public var role: Role

        /// The gateway `role` of `node`, whose PodCIDR is `podCIDR`.
        public init(node: String, podCIDR: IPv4Prefix, role: Role) {
            self.node = node
            self.podCIDR = podCIDR
            self.role = role
        }

        /// The address itself.
        public var address: IPv4Address { podCIDR.host(role == .routerPort ? 1 : 2) }

        /// `the first address of node "worker-2"'s PodCIDR 10.1.2.0/24 (its MidoNet router port)`.
        public var description: String {
            let which = role == .routerPort ? "first" : "second"
            let what = role == .routerPort ? "its MidoNet router port" : "its MidoNet node port gateway"
            return "the \(which) address of node \"\(node)\"'s PodCIDR \(podCIDR.network)/\(podCIDR.length) (\(what))"
        }
    }

    /// What MidoNet has, as the Applier last read it; replaced as a whole by `replaceSnapshot(_:)`.
    public struct Snapshot: Sendable {
        /// Every route of the cluster router, classified by owner.
        public var routes: [Route]
        /// Claims read from the jump rules of `KUBE-SERVICES`, by Service key `namespace/name`
        /// (the key is in the name of the chain a rule jumps to, `KUBE-SVC-ns/name/P`).
        public var services: [String: ServiceClaims]
        /// MidoNet hosts (agents): name → ID.
        public var hosts: [String: String]

        /// A snapshot as the Applier read it.
        public init(routes: [Route] = [], services: [String: ServiceClaims] = [:], hosts: [String: String] = [:]) {
            self.routes = routes
            self.services = services
            self.hosts = hosts
        }

        /// Node PodCIDRs as MidoNet has them: the destinations of the PodCIDR routes.
        /// Should two routes name one node, the one with the smaller ID wins, so the result is stable.
        var nodePodCIDRs: [String: IPv4Prefix] {
            var result: [String: (id: String, prefix: IPv4Prefix)] = [:]
            for route in routes {
                guard case .podCIDR(let node) = route.owner else { continue }
                if let existing = result[node], existing.id < route.id { continue }
                result[node] = (route.id, route.prefix)
            }
            return result.mapValues(\.prefix)
        }
    }
}
