/// What a translation may read of other Kubernetes objects (a pod reads its Node's host
/// annotation; endpoints read their Service's ClusterIP and port names).
public protocol ClusterLookup {
    func service(_ key: String) -> Service?
    func node(_ name: String) -> Node?
    func endpoints(_ key: String) -> Endpoints?
    /// All EndpointSlices labelled with this Service (`namespace/name`).
    func endpointSlices(ofService key: String) -> [EndpointSlice]
}

/// An in-memory set of Kubernetes objects: the `translate` command's input, and tests.
public struct ClusterObjects: ClusterLookup, Sendable {
    public var services: [String: Service] = [:]
    public var nodes: [String: Node] = [:]
    public var pods: [String: Pod] = [:]
    public var endpointsByKey: [String: Endpoints] = [:]
    /// Slices by their own key (`namespace/name`).
    public var slices: [String: EndpointSlice] = [:]

    public init() {}

    public init(_ objects: [KubernetesObject]) {
        for object in objects { insert(object) }
    }

    public mutating func insert(_ object: KubernetesObject) {
        switch object {
        case .service(let o): services[o.metadata.key] = o
        case .node(let o): nodes[o.metadata.key] = o
        case .pod(let o): pods[o.metadata.key] = o
        case .endpoints(let o): endpointsByKey[o.metadata.key] = o
        case .endpointSlice(let o): slices[o.metadata.key] = o
        case .other: break
        }
    }

    public func service(_ key: String) -> Service? { services[key] }
    public func node(_ name: String) -> Node? { nodes[name] }
    public func endpoints(_ key: String) -> Endpoints? { endpointsByKey[key] }
    public func endpointSlices(ofService key: String) -> [EndpointSlice] {
        slices.values.filter { $0.serviceKey == key }.sorted { $0.metadata.key < $1.metadata.key }
    }
}
