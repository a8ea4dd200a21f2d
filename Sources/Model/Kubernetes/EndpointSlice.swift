/// discovery.k8s.io/v1 EndpointSlice.
public struct EndpointSlice: Codable, Sendable, Equatable {
    /// Label that links a slice to its Service.
    public static let serviceNameLabel = "kubernetes.io/service-name"

    public var apiVersion: String?
    public var kind: String?
    public var metadata: ObjectMeta
    /// `IPv4`, `IPv6` or `FQDN`.
    public var addressType: String
    public var endpoints: [SliceEndpoint]?
    public var ports: [SlicePort]?

    public init(metadata: ObjectMeta, addressType: String = "IPv4", endpoints: [SliceEndpoint]? = nil, ports: [SlicePort]? = nil) {
        self.apiVersion = "discovery.k8s.io/v1"
        self.kind = "EndpointSlice"
        self.metadata = metadata
        self.addressType = addressType
        self.endpoints = endpoints
        self.ports = ports
    }

    /// The Service this slice belongs to (`namespace/name`), from its label.
    public var serviceKey: String? {
        guard let name = metadata.labels?[Self.serviceNameLabel], !name.isEmpty else { return nil }
        return "\(metadata.namespace ?? "")/\(name)"
    }
}

public struct SliceEndpoint: Codable, Sendable, Equatable {
    public var addresses: [String]
    public var conditions: EndpointConditions?
    public var nodeName: String?
    public var hostname: String?

    public init(addresses: [String], conditions: EndpointConditions? = nil, nodeName: String? = nil) {
        self.addresses = addresses
        self.conditions = conditions
        self.nodeName = nodeName
    }

    /// nil `ready` means ready (discovery/v1 semantics).
    public var isReady: Bool { conditions?.ready ?? true }
}

public struct EndpointConditions: Codable, Sendable, Equatable {
    public var ready: Bool?
    public var serving: Bool?
    public var terminating: Bool?

    public init(ready: Bool? = nil, serving: Bool? = nil, terminating: Bool? = nil) {
        self.ready = ready
        self.serving = serving
        self.terminating = terminating
    }
}

public struct SlicePort: Codable, Sendable, Equatable {
    public var name: String?
    public var `protocol`: String?
    /// The Service's target port, resolved to a number; nil for slices used for other purposes.
    public var port: Int?

    public init(name: String? = nil, protocol: String? = "TCP", port: Int? = nil) {
        self.name = name
        self.protocol = `protocol`
        self.port = port
    }

    /// `TCP` when absent.
    public var effectiveProtocol: String { `protocol` ?? "TCP" }
}
