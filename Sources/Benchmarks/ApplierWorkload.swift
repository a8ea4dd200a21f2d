import ArgumentParser
import Foundation
import Model
import Store

/// `midonet-bench applier-workload --db PATH`: fills a store with the applier benchmark's
/// cluster — `--services` Services, each with one TCP port and an Endpoints object of
/// `--endpoints` ready addresses — ingested as audit events, so its outbox holds the ops the
/// applier must apply (12 per Service with 3 endpoints). `scripts/bench-applier.sh` runs the
/// real `midonet-applier` and `midonet-emulator` on it.
struct ApplierWorkload: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "applier-workload",
        abstract: "Fill a store with Services and Endpoints for scripts/bench-applier.sh; print the ops queued.")

    @Option(help: "Database file to create (must not exist).")
    var db: String
    @Option(help: "Services, each with one port and an Endpoints object.")
    var services = 1000
    @Option(help: "Ready endpoints per Service.")
    var endpoints = 3

    func validate() throws {
        guard !FileManager.default.fileExists(atPath: db) else { throw ValidationError("\(db) exists") }
        guard services > 0, services <= 60_000, endpoints > 0, endpoints <= 250 else { throw ValidationError("1–60000 Services, 1–250 endpoints") }
    }

    func run() throws {
        let store = try Store(path: db)
        var version = 0
        func event(_ object: KubernetesObject) -> AuditEvent {
            version += 1
            let kind = object.kind ?? .service
            var ref = ObjectReference(resource: kind.resource, namespace: object.metadata?.namespace, name: object.metadata?.name)
            ref.uid = object.metadata?.uid
            return AuditEvent(auditID: "bench-\(version)", verb: "create", objectRef: ref, code: 201, responseObject: [object])
        }
        var batch: [AuditEvent] = []
        for index in 0..<services {
            let name = "svc-\(index)"
            let meta = { (uid: String) in ObjectMeta(name: name, namespace: "bench", uid: uid, resourceVersion: "\(version + 1)") }
            batch.append(event(.service(Service(
                metadata: meta("uid-svc-\(index)"),
                spec: ServiceSpec(type: "ClusterIP", clusterIP: "10.96.\(index / 250).\(index % 250 + 1)", ports: [ServicePort(name: "http", port: 80)])))))
            let addresses = (0..<endpoints).map { EndpointAddress(ip: "10.\(1 + $0).\(index / 250).\(index % 250 + 1)") }
            batch.append(event(.endpoints(Endpoints(
                metadata: meta("uid-ep-\(index)"),
                subsets: [EndpointSubset(addresses: addresses, ports: [EndpointPort(name: "http", port: 8080)])]))))
            if batch.count >= 400 {
                _ = try store.ingest(batch)
                batch = []
            }
        }
        if !batch.isEmpty { _ = try store.ingest(batch) }
        print(try store.queueDepth())
    }
}
