import Foundation
import Logging
import Model
import Store
import Synchronization
import Testing
@testable import Webhook

/// The validation state kept up to date from what changed is the state built from everything.
@Suite struct ValidationStateCacheTests {
    let directory: URL
    let store: Store

    init() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("validation-state-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        store = try Store(path: directory.appendingPathComponent("store.sqlite").path)
    }

    static let serviceNames = (0..<12).map { "svc-\($0)" }

    static func service(_ name: String, version: Int) -> KubernetesObject {
        let index = serviceNames.firstIndex(of: name) ?? 0
        // Versions move the ClusterIP, the ports and the external IPs; several Services share some.
        let ports = (0...(version % 3)).map { ServicePort(name: "p\($0)", port: 80 + $0 + version % 2) }
        var spec = ServiceSpec(type: "ClusterIP", clusterIP: "10.96.0.\(10 + (index + version) % 6)", ports: ports)
        if version % 4 == 1 { spec.externalIPs = ["192.0.2.\(index % 3 + 1)"] }
        return .service(Service(metadata: ObjectMeta(name: name, namespace: "default", uid: "uid-\(name)", resourceVersion: "\(version)"), spec: spec))
    }

    static func node(_ name: String, podCIDR: String, version: Int) -> KubernetesObject {
        .node(Node(
            metadata: ObjectMeta(name: name, uid: "uid-\(name)", resourceVersion: "\(version)"),
            spec: NodeSpec(podCIDR: podCIDR), status: NodeStatus(addresses: [NodeAddress(type: "InternalIP", address: "192.168.10.11")])))
    }

    func write(_ verb: String, _ object: KubernetesObject) throws {
        let meta = object.metadata
        let kind = object.kind ?? .service
        var ref = ObjectReference(resource: kind.resource, namespace: meta?.namespace, name: meta?.name, resourceVersion: meta?.resourceVersion)
        ref.uid = meta?.uid
        _ = try store.ingest([AuditEvent(auditID: UUID().uuidString, verb: verb, objectRef: ref, responseObject: verb == "delete" ? [] : [object])])
    }

    /// What `/validate` can see of a state, for every Service key, claim, node and address in play.
    static func view(_ state: ClusterState) -> [String] {
        var lines: [String] = []
        for name in serviceNames {
            let claims = state.claims(ofService: "default/\(name)")
            lines.append("\(name): \(claims.map { "\($0)" } ?? "none")")
            for claim in claims?.ports ?? [] { lines.append("owners \(claim): \(state.owners(of: claim))") }
        }
        for last in 0..<20 {
            for address in ["10.96.0.\(last)", "192.0.2.\(last)"].compactMap(IPv4Address.init) {
                for transport in [PortClaim.Transport.tcp] {
                    for port in UInt16(78)...UInt16(84) {
                        let claim = PortClaim(address: address, transport: transport, port: port)
                        let owners = state.owners(of: claim)
                        if !owners.isEmpty { lines.append("\(claim) owned by \(owners)") }
                    }
                }
            }
        }
        for name in ["worker-1", "worker-2"] { lines.append("\(name): \(state.podCIDR(ofNode: name).map { "\($0)" } ?? "none")") }
        for address in ["10.1.1.5", "10.2.1.5", "192.168.10.11"].compactMap(IPv4Address.init) {
            lines.append("\(address): \(state.routes(containing: address).map { "\($0.id) \($0.prefix) \($0.owner)" })")
        }
        return lines
    }

    /// Random writes of Services (and now and then a Node, a snapshot, an Endpoints object),
    /// each followed by a refresh; after each, the kept state shows what a fresh build shows.
    @Test func keptUpToDateItShowsWhatABuildFromEverythingShows() throws {
        let cache = ValidationStateCache(store: store, logger: Logger(label: "test"))
        try cache.refresh()
        var generator = SplitMix64(seed: 7)
        var versions: [String: Int] = [:]
        for step in 0..<160 {
            let name = Self.serviceNames[Int(generator.next() % UInt64(Self.serviceNames.count))]
            switch generator.next() % 10 {
            case 0..<6:
                let version = (versions[name] ?? 0) + 1
                versions[name] = version
                try write(version == 1 ? "create" : "update", Self.service(name, version: version))
            case 6, 7:
                if let version = versions.removeValue(forKey: name) {
                    var ref = ObjectReference(resource: "services", namespace: "default", name: name, resourceVersion: "\(version + 1000)")
                    ref.uid = "uid-\(name)"
                    _ = try store.ingest([AuditEvent(auditID: UUID().uuidString, verb: "delete", objectRef: ref, responseObject: [])])
                }
            case 8:
                // MidoNet claims some Services' ports (some of them deleted since, or never stored).
                let rules = Self.serviceNames.prefix(Int(generator.next() % 5)).enumerated().map { index, claimed in
                    SnapshotRule(
                        id: UUID(), chainId: UUID(), nwDst: IPv4Prefix("10.96.0.\(10 + index)/32"), nwProto: 6, tpDst: 80...80,
                        jumpChainName: "KUBE-SVC-default/\(claimed)/p0")
                }
                try store.replaceSnapshot(MidoNetSnapshot(routes: [], serviceRules: rules, takenAt: Date()))
            default:
                if step % 2 == 0 {
                    try write("update", Self.node("worker-\(step % 3 == 0 ? 1 : 2)", podCIDR: "10.\(step % 3 + 1).1.0/24", version: step))
                } else {
                    try write("update", .endpoints(Endpoints(
                        metadata: ObjectMeta(name: name, namespace: "default", uid: "uid-ep-\(name)", resourceVersion: "\(step)"),
                        subsets: [EndpointSubset(addresses: [EndpointAddress(ip: "10.1.1.\(step % 200 + 2)")], ports: [EndpointPort(name: "p0", port: 8080)])])))
                }
            }
            try cache.refresh()
            let fresh = ValidationStateCache(store: store, logger: Logger(label: "test"))
            try fresh.refresh()
            #expect(Self.view(cache.current.state) == Self.view(fresh.current.state), "step \(step)")
        }
        // Most refreshes applied the changed Services alone.
        #expect(cache.incrementalUpdates.load(ordering: .relaxed) > 40)
        #expect(cache.fullBuilds.load(ordering: .relaxed) > 1)
    }

    /// Deletes older than the Store keeps tombstones for are not missed: the state is built again.
    @Test func aGapInTheStoredDeletesMakesAFullBuild() throws {
        let path = directory.appendingPathComponent("pruned.sqlite").path
        let pruning = try Store(path: path, configuration: Store.Configuration(tombstoneRetention: 0))
        let cache = ValidationStateCache(store: pruning, logger: Logger(label: "test"))
        let ref = { (name: String) in
            var ref = ObjectReference(resource: "services", namespace: "default", name: name, resourceVersion: "9")
            ref.uid = "uid-\(name)"
            return ref
        }
        _ = try pruning.ingest([AuditEvent(auditID: "a", verb: "create", objectRef: ref("svc-0"), responseObject: [Self.service("svc-0", version: 1)])])
        try cache.refresh()
        #expect(cache.current.state.claims(ofService: "default/svc-0") != nil)
        _ = try pruning.ingest([AuditEvent(auditID: "b", verb: "delete", objectRef: ref("svc-0"), responseObject: [])])
        // The prune runs at most once a minute, inside an ingest: a reopened store runs it at once.
        let reopened = try Store(path: path, configuration: Store.Configuration(tombstoneRetention: 0))
        Thread.sleep(forTimeInterval: 0.01)
        _ = try reopened.ingest([AuditEvent(auditID: "c", verb: "create", objectRef: ref("svc-1"), responseObject: [Self.service("svc-1", version: 1)])])
        #expect(try pruning.objectChanges(of: [.service], since: 1) == nil)
        let builds = cache.fullBuilds.load(ordering: .relaxed)
        try cache.refresh()
        #expect(cache.fullBuilds.load(ordering: .relaxed) == builds + 1)
        #expect(cache.current.state.claims(ofService: "default/svc-0") == nil)
        #expect(cache.current.state.claims(ofService: "default/svc-1") != nil)
    }
}
