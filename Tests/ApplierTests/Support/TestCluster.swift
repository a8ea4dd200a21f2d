import Foundation
import Model
import Store
import Synchronization

/// A small Kubernetes cluster built with the Model types, fed into a real Store as the audit
/// events kube-apiserver would send (`Store.ingest`), with increasing resourceVersions.
final class ClusterFeeder: Sendable {
    let store: Store
    private let counter = Mutex(0)

    init(store: Store) { self.store = store }

    private func next() -> Int { counter.withLock { $0 += 1; return $0 } }

    /// Creates or updates the objects, in one audit batch.
    @discardableResult
    func apply(_ objects: [KubernetesObject], verb: String = "update") throws -> IngestReport {
        let events = objects.map { object -> AuditEvent in
            let version = next()
            let stamped = Self.stamp(object, resourceVersion: "\(version)")
            let meta = stamped.metadata
            let kind = stamped.kind ?? .service
            var ref = ObjectReference(resource: kind.resource, namespace: meta?.namespace, name: meta?.name, resourceVersion: meta?.resourceVersion)
            ref.uid = meta?.uid
            if !kind.group.isEmpty { ref.apiGroup = kind.group }
            return AuditEvent(auditID: "audit-\(UUID().uuidString)", verb: verb, objectRef: ref, responseObject: [stamped])
        }
        return try store.ingest(events)
    }

    /// Deletes an object, as the apiserver logs a DELETE (the key in objectRef).
    @discardableResult
    func delete(_ kind: ObjectKind, namespace: String? = "default", name: String) throws -> IngestReport {
        var ref = ObjectReference(resource: kind.resource, namespace: namespace, name: name, resourceVersion: "\(next())")
        if !kind.group.isEmpty { ref.apiGroup = kind.group }
        return try store.ingest([AuditEvent(auditID: "audit-\(UUID().uuidString)", verb: "delete", objectRef: ref, responseObject: [])])
    }

    static func stamp(_ object: KubernetesObject, resourceVersion: String) -> KubernetesObject {
        object.withMetadata { meta in
            meta.resourceVersion = resourceVersion
            meta.uid = meta.uid ?? "uid-\(meta.key)"
        }
    }
}

/// Builders for the objects of the tests' clusters.
enum TestCluster {
    /// Node `index` (1-based): PodCIDR 10.1.<index>.0/24, InternalIP 192.168.10.<10+index>.
    static func node(_ index: Int, name: String? = nil, mac: String? = nil) -> KubernetesObject {
        let name = name ?? "worker-\(index)"
        return .node(Node(
            metadata: ObjectMeta(name: name, annotations: mac.map { [Annotation.macAddress: $0] }),
            spec: NodeSpec(podCIDR: "10.1.\(index).0/24"),
            status: NodeStatus(addresses: [NodeAddress(type: "InternalIP", address: "192.168.10.\(10 + index)")])))
    }

    static func nodeName(_ index: Int) -> String { "worker-\(index)" }

    /// A running pod on node `index` with IP 10.1.<index>.<host>.
    static func pod(_ name: String, node index: Int, host: Int, mac: String? = nil) -> KubernetesObject {
        .pod(Pod(
            metadata: ObjectMeta(name: name, namespace: "default", annotations: mac.map { [Annotation.macAddress: $0] }),
            spec: PodSpec(nodeName: nodeName(index)), status: PodStatus(phase: "Running", podIP: "10.1.\(index).\(host)")))
    }

    struct Port {
        var name: String
        var `protocol` = "TCP"
        var port: Int
        var targetPort: Int
    }

    static func service(_ name: String, clusterIP: String, ports: [Port]) -> KubernetesObject {
        .service(Service(
            metadata: ObjectMeta(name: name, namespace: "default"),
            spec: ServiceSpec(type: "ClusterIP", clusterIP: clusterIP, ports: ports.map { ServicePort(name: $0.name, protocol: $0.protocol, port: $0.port) })))
    }

    static func endpoints(_ name: String, ips: [String], ports: [Port]) -> KubernetesObject {
        .endpoints(Endpoints(
            metadata: ObjectMeta(name: name, namespace: "default"),
            subsets: [EndpointSubset(
                addresses: ips.map { EndpointAddress(ip: $0) },
                ports: ports.map { EndpointPort(name: $0.name, port: $0.targetPort, protocol: $0.protocol) })]))
    }

    /// `nodes` nodes with `podsPerNode` pods each (every other pod with a MAC annotation), and
    /// `services` Services with their Endpoints over those pods: one with a TCP and a UDP port,
    /// the others with one TCP port and 2–3 endpoints.
    static func objects(nodes: Int = 3, podsPerNode: Int = 2, services: Int = 6) -> [KubernetesObject] {
        var objects: [KubernetesObject] = []
        var podIPs: [String] = []
        for index in 1...nodes {
            objects.append(node(index, mac: index == 1 ? "02:00:00:00:01:01" : nil))
            for pod in 0..<podsPerNode {
                let host = 10 + pod
                let mac = pod % 2 == 0 ? String(format: "02:00:00:00:%02x:%02x", index, host) : nil
                objects.append(self.pod("pod-\(index)-\(pod)", node: index, host: host, mac: mac))
                podIPs.append("10.1.\(index).\(host)")
            }
        }
        for number in 0..<services {
            let name = "svc-\(number)"
            let ports = number == 0
                ? [Port(name: "dns", protocol: "UDP", port: 53, targetPort: 5353), Port(name: "dns-tcp", port: 53, targetPort: 5353)]
                : [Port(name: "http", port: 80, targetPort: 8080)]
            let count = 2 + number % 2
            let ips = (0..<count).map { podIPs[(number + $0 * 2) % podIPs.count] }
            objects.append(service(name, clusterIP: "10.96.0.\(10 + number)", ports: ports))
            objects.append(endpoints(name, ips: ips, ports: ports))
        }
        return objects
    }

    /// Hosts for `--host`: one per node name, with fixed IDs.
    static func hosts(_ count: Int) -> [(name: String, id: UUID)] {
        (1...count).map { (nodeName($0), UUID(uuidString: String(format: "00000000-0000-0000-0000-0000000000%02x", $0))!) }
    }
}
