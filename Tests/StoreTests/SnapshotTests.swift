import Foundation
import Model
import Store
import Testing

@Suite struct SnapshotTests {
    let temp: TemporaryStore
    var store: Store { temp.store }

    init() throws { temp = try TemporaryStore() }

    static let snapshot = MidoNetSnapshot(
        routes: [
            SnapshotRoute(
                id: UUID(uuidString: "0e07fa63-fc7a-5df9-8d8b-ce9936807447")!, dstNetworkAddr: "10.1.1.0", dstNetworkLength: 24,
                nextHopPort: UUID(uuidString: "22dbcc87-1ee5-5858-aede-2b20c6334545")!, type: "Normal"),
            SnapshotRoute(
                id: UUID(uuidString: "1e07fa63-fc7a-5df9-8d8b-ce9936807447")!, dstNetworkAddr: "192.168.10.11", dstNetworkLength: 32,
                nextHopPort: nil, nextHopGateway: "10.1.1.2", type: "Normal"),
        ],
        serviceRules: [
            SnapshotRule(
                id: UUID(uuidString: "da896689-b3a3-5371-bdb4-1235a9ec7950")!, chainId: UUID(uuidString: "2fda962b-7810-5440-a199-6e3e9f419509")!,
                nwDst: IPv4Prefix("10.96.0.10/32"), nwProto: 6, tpDst: 80...80, jumpChainName: "KUBE-SVC-default/web/http")
        ],
        hosts: [MidoNetHost(id: UUID(uuidString: "5b1d6c2e-0f4a-4d8e-9a51-3c0c1e7d2a11")!, name: "worker-1", alive: true, addresses: ["192.168.10.11"])],
        takenAt: Date(timeIntervalSince1970: 1_700_000_000))

    @Test func beforeTheFirstSnapshotItIsEmpty() throws {
        let snapshot = try store.snapshot()
        #expect(snapshot.routes.isEmpty && snapshot.serviceRules.isEmpty && snapshot.hosts.isEmpty)
        #expect(snapshot.takenAt == .distantPast)
    }

    @Test func aSnapshotReadsBackAsWritten() throws {
        try store.replaceSnapshot(Self.snapshot)
        #expect(try temp.reopen().snapshot() == Self.snapshot)
    }

    @Test func theRevisionMovesOnlyWhenTheContentChanges() throws {
        let start = try store.changeRevision()
        try store.replaceSnapshot(Self.snapshot)
        let first = try store.changeRevision()
        #expect(first > start)
        var same = Self.snapshot
        same.takenAt = Date(timeIntervalSince1970: 1_700_000_005)
        try store.replaceSnapshot(same)
        #expect(try store.changeRevision() == first)
        #expect(try store.snapshot().takenAt == same.takenAt)
        var changed = same
        changed.routes.removeLast()
        try store.replaceSnapshot(changed)
        #expect(try store.changeRevision() > first)
        #expect(try store.snapshot().routes == changed.routes)
    }

    @Test func ingestMovesTheRevisionAndObjectsAreReadableByKind() throws {
        let start = try store.changeRevision()
        _ = try store.ingest([
            Audit.event("create", Audit.service("b", clusterIP: "10.96.0.2", uid: "ub", resourceVersion: "2")),
            Audit.event("create", Audit.service("a", clusterIP: "10.96.0.1", uid: "ua", resourceVersion: "1")),
            Audit.event("create", Audit.node(resourceVersion: "3")),
        ])
        #expect(try store.changeRevision() > start)
        let services = try store.objects(of: .service)
        #expect(services.compactMap { $0.metadata?.name } == ["a", "b"])
        #expect(services.first == Audit.service("a", clusterIP: "10.96.0.1", uid: "ua", resourceVersion: "1"))
        #expect(try store.objects(of: .node) == [Audit.node(resourceVersion: "3")])
    }

    /// The node of each live pod, from the column ingest keeps (drift repair's owners of pods).
    @Test func podNodeNamesAreThoseOfLivePods() throws {
        _ = try store.ingest([
            Audit.event("create", Audit.pod("a", node: "worker-1", resourceVersion: "10")),
            Audit.event("create", Audit.pod("b", node: "worker-2", resourceVersion: "11")),
            Audit.event("create", Audit.pod("c", node: "worker-2", resourceVersion: "12")),
        ])
        _ = try store.ingest([Audit.delete(.pod, name: "c")])
        #expect(try store.podNodeNames() == ["default/a": "worker-1", "default/b": "worker-2"])
    }
}
