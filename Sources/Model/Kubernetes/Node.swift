/// core/v1 Node: its PodCIDR and addresses.
public struct Node: Codable, Sendable, Equatable {
    public var apiVersion: String?
    public var kind: String?
    public var metadata: ObjectMeta
    public var spec: NodeSpec?
    public var status: NodeStatus?

    public init(metadata: ObjectMeta, spec: NodeSpec? = nil, status: NodeStatus? = nil) {
        self.apiVersion = "v1"
        self.kind = "Node"
        self.metadata = metadata
        self.spec = spec
        self.status = status
    }

    /// The IPv4 PodCIDR: `spec.podCIDRs` first IPv4 entry, else `spec.podCIDR`.
    public var podCIDR: String? {
        if let list = spec?.podCIDRs, let first = list.first(where: { !$0.contains(":") }) { return first }
        if let single = spec?.podCIDR, !single.isEmpty { return single }
        return nil
    }

    /// Addresses of a type, in the order the Node lists them.
    public func addresses(ofType type: String) -> [String] {
        (status?.addresses ?? []).filter { $0.type == type }.map(\.address)
    }
}

public struct NodeSpec: Codable, Sendable, Equatable {
    public var podCIDR: String?
    public var podCIDRs: [String]?
    public init(podCIDR: String? = nil, podCIDRs: [String]? = nil) {
        self.podCIDR = podCIDR
        self.podCIDRs = podCIDRs
    }
}

public struct NodeStatus: Codable, Sendable, Equatable {
    public var addresses: [NodeAddress]?
    public init(addresses: [NodeAddress]? = nil) { self.addresses = addresses }
}

public struct NodeAddress: Codable, Sendable, Equatable {
    /// `InternalIP`, `ExternalIP`, `Hostname`, `InternalDNS`, `ExternalDNS`.
    public var type: String
    public var address: String
    public init(type: String, address: String) {
        self.type = type
        self.address = address
    }
}
