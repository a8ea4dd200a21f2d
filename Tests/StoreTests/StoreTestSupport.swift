import Foundation
import Model
import Store
import TestSupport

/// A store in a fresh temporary directory, removed when the value goes away.
final class TemporaryStore {
    let directory: URL
    let path: String
    let store: Store

    init(configuration: Store.Configuration = Store.Configuration()) throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("store-tests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        path = directory.appendingPathComponent("store.sqlite").path
        store = try Store(path: path, configuration: configuration)
    }

    /// Runs SQL on the file through the sqlite3 shell, as an operator (or an older version of
    /// this program) would change it behind the store's back.
    func execute(_ sql: String) throws {
        let result = try ProcessRunner.run("/usr/bin/sqlite3", [path, sql], timeout: 30)
        guard result.status == 0 else { throw StoreTestError("sqlite3: \(result.stderr)") }
    }

    /// Another `Store` on the same file, as the other process of the pod opens it.
    func reopen(configuration: Store.Configuration = Store.Configuration()) throws -> Store {
        try Store(path: path, configuration: configuration)
    }

    deinit { try? FileManager.default.removeItem(at: directory) }
}

/// Audit events as kube-apiserver sends them for the objects of the tests.
enum Audit {
    nonisolated(unsafe) private static var counter = 0
    private static let lock = NSLock()

    static func nextID() -> String {
        lock.lock()
        defer { lock.unlock() }
        counter += 1
        return "audit-\(counter)"
    }

    static func event(
        _ verb: String, _ object: KubernetesObject, auditID: String = nextID(), code: Int = 200, stage: String = "ResponseComplete",
        level: String = "RequestResponse"
    ) -> AuditEvent {
        let meta = object.metadata
        let kind = object.kind ?? .service
        var ref = ObjectReference(resource: kind.resource, namespace: meta?.namespace, name: meta?.name, resourceVersion: meta?.resourceVersion)
        ref.uid = meta?.uid
        if kind.group != "" { ref.apiGroup = kind.group }
        return AuditEvent(
            level: level, auditID: auditID, stage: stage, verb: verb, objectRef: ref, code: code,
            responseObject: level == "RequestResponse" ? [object] : nil)
    }

    /// A DELETE as the apiserver logs it: the key in objectRef, no uid or resourceVersion.
    static func delete(_ kind: ObjectKind, namespace: String? = "default", name: String, auditID: String = nextID(), uid: String? = nil, resourceVersion: String? = nil) -> AuditEvent {
        var ref = ObjectReference(resource: kind.resource, namespace: namespace, name: name, resourceVersion: resourceVersion)
        ref.uid = uid
        if kind.group != "" { ref.apiGroup = kind.group }
        return AuditEvent(auditID: auditID, verb: "delete", objectRef: ref, responseObject: [])
    }

    static func service(
        _ name: String = "web", namespace: String = "default", clusterIP: String = "10.96.0.10", ports: [ServicePort] = [ServicePort(name: "http", port: 80)],
        uid: String = "uid-web", resourceVersion: String
    ) -> KubernetesObject {
        .service(Service(
            metadata: ObjectMeta(name: name, namespace: namespace, uid: uid, resourceVersion: resourceVersion),
            spec: ServiceSpec(type: "ClusterIP", clusterIP: clusterIP, ports: ports)))
    }

    static func endpoints(_ name: String = "web", namespace: String = "default", ips: [String], port: Int = 8080, uid: String = "uid-web-ep", resourceVersion: String) -> KubernetesObject {
        .endpoints(Endpoints(
            metadata: ObjectMeta(name: name, namespace: namespace, uid: uid, resourceVersion: resourceVersion),
            subsets: [EndpointSubset(addresses: ips.map { EndpointAddress(ip: $0) }, ports: [EndpointPort(name: "http", port: port)])]))
    }

    static func node(_ name: String = "worker-1", podCIDR: String = "10.1.1.0/24", hostID: String? = nil, uid: String = "uid-node", resourceVersion: String) -> KubernetesObject {
        .node(Node(
            metadata: ObjectMeta(name: name, uid: uid, resourceVersion: resourceVersion, annotations: hostID.map { [Annotation.hostID: $0] }),
            spec: NodeSpec(podCIDR: podCIDR), status: NodeStatus(addresses: [NodeAddress(type: "InternalIP", address: "192.168.10.11")])))
    }

    static func pod(_ name: String, node: String = "worker-1", uid: String? = nil, resourceVersion: String) -> KubernetesObject {
        .pod(Pod(
            metadata: ObjectMeta(name: name, namespace: "default", uid: uid ?? "uid-\(name)", resourceVersion: resourceVersion),
            spec: PodSpec(nodeName: node), status: PodStatus(phase: "Running", podIP: "10.1.1.9")))
    }
}

struct StoreTestError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
