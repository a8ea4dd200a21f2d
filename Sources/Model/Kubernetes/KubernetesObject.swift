/// One Kubernetes object of a kind the mapping knows, or a kind it ignores.
/// `indirect`: a payload (a Service is tens of strings) is boxed, so copying an object — out of
/// an `AdmissionRequest`, into a verdict — is one retain, not one per field (`/validate` spent
/// a tenth of its time in such copies).
public indirect enum KubernetesObject: Sendable, Equatable {
    case service(Service)
    case endpoints(Endpoints)
    case endpointSlice(EndpointSlice)
    case node(Node)
    case pod(Pod)
    /// A kind the mapping has nothing to do with (Deployment, ConfigMap, …).
    case other(kind: String)

    /// The object's kind as Kubernetes spells it.
    public var kind: ObjectKind? {
        switch self {
        case .service: .service
        case .endpoints: .endpoints
        case .endpointSlice: .endpointSlice
        case .node: .node
        case .pod: .pod
        case .other: nil
        }
    }

    public var metadata: ObjectMeta? {
        switch self {
        case .service(let o): o.metadata
        case .endpoints(let o): o.metadata
        case .endpointSlice(let o): o.metadata
        case .node(let o): o.metadata
        case .pod(let o): o.metadata
        case .other: nil
        }
    }

    /// The object with `change` made to its metadata (`.other`, which has none, as it is).
    public func withMetadata(_ change: (inout ObjectMeta) -> Void) -> KubernetesObject {
        switch self {
        case .service(var o): change(&o.metadata); return .service(o)
        case .endpoints(var o): change(&o.metadata); return .endpoints(o)
        case .endpointSlice(var o): change(&o.metadata); return .endpointSlice(o)
        case .node(var o): change(&o.metadata); return .node(o)
        case .pod(var o): change(&o.metadata); return .pod(o)
        case .other: return self
        }
    }

    /// Decodes the object found under `key` as the given kind; an unknown kind is not decoded at all.
    static func decode<K: CodingKey>(
        _ kind: ObjectKind?, otherKind: String, from container: KeyedDecodingContainer<K>, forKey key: K
    ) throws -> KubernetesObject? {
        guard container.contains(key), try !container.decodeNil(forKey: key) else { return nil }
        guard let kind else { return .other(kind: otherKind) }
        return try KubernetesJSON.AnyObject.decode(kind, from: container.superDecoder(forKey: key))
    }
}

/// The kinds the mapping translates, with their REST resource names.
public enum ObjectKind: String, Sendable, Hashable, CaseIterable, Codable {
    case service = "Service"
    case endpoints = "Endpoints"
    case endpointSlice = "EndpointSlice"
    case node = "Node"
    case pod = "Pod"

    /// The plural resource name used in audit `objectRef.resource` and AdmissionReview `resource`.
    public var resource: String {
        switch self {
        case .service: "services"
        case .endpoints: "endpoints"
        case .endpointSlice: "endpointslices"
        case .node: "nodes"
        case .pod: "pods"
        }
    }

    /// The API group (`""` is core).
    public var group: String { self == .endpointSlice ? "discovery.k8s.io" : "" }

    public init?(resource: String) {
        guard let kind = Self.allCases.first(where: { $0.resource == resource }) else { return nil }
        self = kind
    }

    public init?(kind: String) { self.init(rawValue: kind) }
}
