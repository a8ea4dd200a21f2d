import Foundation

/// Kubernetes objects → the MidoNet objects that implement them (seed-mapping.md, DESIGN.md).
/// Pure: the same inputs give the same objects and IDs on any replica, after any crash.
public struct Translator: Sendable {
    public let ids: GlobalIDs

    public init(tenant: String = DeterministicID.defaultTenant) {
        ids = GlobalIDs(tenant: tenant)
    }

    public var tenant: String { ids.tenant }

    /// Translates one unit from the objects `lookup` knows. An object that is absent (deleted,
    /// or not seen yet) translates to no MidoNet objects.
    public func translate(_ key: TranslationKey, lookup: some ClusterLookup, pods: (String) -> Pod? = { _ in nil }) -> Translation {
        let objects: [MidoNetObject]
        switch key {
        case .global:
            objects = globalObjects()
        case .node(let name):
            objects = lookup.node(name).map { nodeObjects($0) } ?? []
        case .pod(let podKey):
            objects = pods(podKey).map { podObjects($0, lookup: lookup) } ?? []
        case .service(let serviceKey):
            objects = lookup.service(serviceKey).map { serviceObjects($0) } ?? []
        case .serviceEndpoints(let serviceKey):
            objects = endpointObjects(serviceKey: serviceKey, lookup: lookup)
        }
        return Translation(key: key, objects: objects)
    }

    /// The units an object's change makes stale: its own, and those that read it.
    public static func affectedKeys(of object: KubernetesObject, podsOnNode: (String) -> [String] = { _ in [] }) -> [TranslationKey] {
        switch object {
        case .node(let node):
            let name = node.metadata.key
            return [.node(name)] + podsOnNode(name).map { .pod($0) }
        case .pod(let pod): return [.pod(pod.metadata.key)]
        case .service(let service): return [.service(service.metadata.key), .serviceEndpoints(service.metadata.key)]
        case .endpoints(let endpoints): return [.serviceEndpoints(endpoints.metadata.key)]
        case .endpointSlice(let slice): return slice.serviceKey.map { [.serviceEndpoints($0)] } ?? []
        case .other: return []
        }
    }

    /// The MidoNet host of a node: its `midonet.org/host-id` annotation, else the host with its name.
    func host(ofNode name: String, node: Node?) -> HostReference {
        if let text = node?.metadata.annotation(Annotation.hostID), let id = UUID(text: text) {
            return .id(id)
        }
        return .named(name)
    }
}
