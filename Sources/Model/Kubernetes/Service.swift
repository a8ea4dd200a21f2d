/// core/v1 Service, the fields a network backend needs (kubernetes-callbacks.md §7).
public struct Service: Codable, Sendable, Equatable {
    public var apiVersion: String?
    public var kind: String?
    public var metadata: ObjectMeta
    public var spec: ServiceSpec
    public var status: ServiceStatus?

    public init(metadata: ObjectMeta, spec: ServiceSpec, status: ServiceStatus? = nil) {
        self.apiVersion = "v1"
        self.kind = "Service"
        self.metadata = metadata
        self.spec = spec
        self.status = status
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        apiVersion = try container.decodeIfPresent(String.self, forKey: .apiVersion)
        kind = try container.decodeIfPresent(String.self, forKey: .kind)
        metadata = try container.decode(ObjectMeta.self, forKey: .metadata)
        // A Service without spec is legal JSON from hand-written callers; treat as empty.
        spec = try container.decodeIfPresent(ServiceSpec.self, forKey: .spec) ?? ServiceSpec()
        status = try container.decodeIfPresent(ServiceStatus.self, forKey: .status)
    }
}

public struct ServiceSpec: Codable, Sendable, Equatable {
    /// `ClusterIP` (default), `NodePort`, `LoadBalancer`, `ExternalName`.
    public var type: String?
    /// `""` (allocate), `"None"` (headless), or an IP.
    public var clusterIP: String?
    public var clusterIPs: [String]?
    public var ipFamilies: [String]?
    public var ipFamilyPolicy: String?
    public var ports: [ServicePort]?
    public var selector: [String: String]?
    public var externalIPs: [String]?
    public var loadBalancerIP: String?
    public var externalName: String?
    public var sessionAffinity: String?
    public var externalTrafficPolicy: String?
    public var internalTrafficPolicy: String?

    public init(
        type: String? = nil, clusterIP: String? = nil, clusterIPs: [String]? = nil, ipFamilies: [String]? = nil,
        ports: [ServicePort]? = nil, externalIPs: [String]? = nil, loadBalancerIP: String? = nil
    ) {
        self.type = type
        self.clusterIP = clusterIP
        self.clusterIPs = clusterIPs
        self.ipFamilies = ipFamilies
        self.ports = ports
        self.externalIPs = externalIPs
        self.loadBalancerIP = loadBalancerIP
    }

    /// The effective type: absent means `ClusterIP`.
    public var effectiveType: String { type ?? "ClusterIP" }

    /// `clusterIPs` when set, else `[clusterIP]`; empty for headless ("None") and unallocated ("").
    public var allClusterIPs: [String] {
        let list = clusterIPs ?? (clusterIP.map { [$0] } ?? [])
        return list.filter { !$0.isEmpty && $0 != "None" }
    }

    public var isHeadless: Bool { clusterIP == "None" }
}

public struct ServicePort: Codable, Sendable, Equatable {
    /// May be empty or absent for a single-port Service.
    public var name: String?
    /// `TCP` (the default when absent), `UDP` or `SCTP`.
    public var `protocol`: String
    public var port: Int
    public var targetPort: IntOrString?
    public var nodePort: Int?

    public init(name: String? = nil, protocol: String = "TCP", port: Int, targetPort: IntOrString? = nil, nodePort: Int? = nil) {
        self.name = name
        self.protocol = `protocol`
        self.port = port
        self.targetPort = targetPort
        self.nodePort = nodePort
    }

    enum CodingKeys: String, CodingKey { case name, `protocol`, port, targetPort, nodePort }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        name = try container.decodeIfPresent(String.self, forKey: .name)
        `protocol` = try container.decodeIfPresent(String.self, forKey: .protocol) ?? "TCP"
        port = try container.decode(Int.self, forKey: .port)
        targetPort = try container.decodeIfPresent(IntOrString.self, forKey: .targetPort)
        nodePort = try container.decodeIfPresent(Int.self, forKey: .nodePort)
    }
}

public struct ServiceStatus: Codable, Sendable, Equatable {
    public var loadBalancer: LoadBalancerStatus?
    public init(loadBalancer: LoadBalancerStatus? = nil) { self.loadBalancer = loadBalancer }
}

public struct LoadBalancerStatus: Codable, Sendable, Equatable {
    public var ingress: [LoadBalancerIngress]?
    public init(ingress: [LoadBalancerIngress]? = nil) { self.ingress = ingress }
}

public struct LoadBalancerIngress: Codable, Sendable, Equatable {
    public var ip: String?
    public var hostname: String?
    public init(ip: String? = nil, hostname: String? = nil) {
        self.ip = ip
        self.hostname = hostname
    }
}
