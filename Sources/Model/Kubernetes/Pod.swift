/// core/v1 Pod: where it runs and whether it still needs a port.
public struct Pod: Codable, Sendable, Equatable {
    public var apiVersion: String?
    public var kind: String?
    public var metadata: ObjectMeta
    public var spec: PodSpec?
    public var status: PodStatus?

    public init(metadata: ObjectMeta, spec: PodSpec? = nil, status: PodStatus? = nil) {
        self.apiVersion = "v1"
        self.kind = "Pod"
        self.metadata = metadata
        self.spec = spec
        self.status = status
    }

    /// Finished pods (`Succeeded`, `Failed`) keep no port.
    public var isFinished: Bool { status?.phase == "Succeeded" || status?.phase == "Failed" }
}

public struct PodSpec: Codable, Sendable, Equatable {
    public var nodeName: String?
    public var hostNetwork: Bool?
    public init(nodeName: String? = nil, hostNetwork: Bool? = nil) {
        self.nodeName = nodeName
        self.hostNetwork = hostNetwork
    }
}

public struct PodStatus: Codable, Sendable, Equatable {
    public var phase: String?
    public var podIP: String?
    public init(phase: String? = nil, podIP: String? = nil) {
        self.phase = phase
        self.podIP = podIP
    }
}
