import Foundation
import Model
import Store
import Testing

/// `objectChanges(of:since:)`: what the webhook's validation state reads instead of everything.
@Suite struct ObjectChangesTests {
    let temp: TemporaryStore
    var store: Store { temp.store }

    init() throws { temp = try TemporaryStore() }

    @Test func theObjectsWrittenSinceARevisionAndTheirDeletes() throws {
        let start = try store.changeRevision()
        _ = try store.ingest([
            Audit.event("create", Audit.service("a", uid: "uid-a", resourceVersion: "1")),
            Audit.event("create", Audit.endpoints("a", ips: ["10.1.1.5"], resourceVersion: "2")),
            Audit.event("create", Audit.node(resourceVersion: "3")),
        ])
        let first = try #require(try store.objectChanges(of: [.service, .node], since: start))
        #expect(first.revision == (try store.changeRevision()))
        #expect(first.stored.compactMap { $0.metadata?.key }.sorted() == ["default/a", "worker-1"])
        #expect(first.deleted.isEmpty)
        #expect(try #require(try store.objectChanges(of: [.endpoints], since: start)).stored.count == 1)

        // Nothing since: nothing. An Endpoints change moves the revision but holds no Service.
        #expect(try #require(try store.objectChanges(of: [.service, .node], since: first.revision)).stored.isEmpty)
        _ = try store.ingest([Audit.event("update", Audit.endpoints("a", ips: ["10.1.1.6"], resourceVersion: "4"))])
        let endpointsOnly = try #require(try store.objectChanges(of: [.service, .node], since: first.revision))
        #expect(endpointsOnly.revision > first.revision)
        #expect(endpointsOnly.stored.isEmpty && endpointsOnly.deleted.isEmpty)

        _ = try store.ingest([
            Audit.event("update", Audit.service("a", clusterIP: "10.96.0.20", uid: "uid-a", resourceVersion: "5")),
            Audit.event("create", Audit.service("b", clusterIP: "10.96.0.21", uid: "uid-b", resourceVersion: "6")),
        ])
        _ = try store.ingest([Audit.delete(.service, name: "b")])
        let later = try #require(try store.objectChanges(of: [.service], since: endpointsOnly.revision))
        #expect(later.stored.count == 1)
        if case .service(let service)? = later.stored.first { #expect(service.spec.clusterIP == "10.96.0.20") }
        #expect(later.deleted.map(\.key) == ["default/b"])
        // The other process of the pod reads the same.
        let other = try temp.reopen()
        #expect(try #require(try other.objectChanges(of: [.service], since: endpointsOnly.revision)).deleted.map(\.key) == ["default/b"])
    }
}
