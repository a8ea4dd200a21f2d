import Foundation
import HTTPLayer
import Model
import Store
import TestSupport
import Testing

/// MidoNet changed behind the applier's back — objects deleted, changed or added by hand, or
/// MidoNet itself lost everything — is brought back to the translations by drift repair.
@Suite(.serialized) struct DriftEndToEndTests {
    static let port = TestCluster.Port(name: "http", port: 80, targetPort: 8080)

    @Test func objectsDeletedChangedOrAddedByHandAreRepairedByTheNextDriftPasses() async throws {
        let scenario = try Scenario()
        try scenario.feeder.apply(TestCluster.objects())
        let applier = try scenario.startApplier(driftInterval: 1)
        try await scenario.converged(applier: applier)

        let reader = scenario.reader
        let portChain = Translator.servicePortChainID(Translator.servicePortKey(service: "default/svc-2", port: "http"))
        let rules = try await reader.rules(of: portChain)
        // An endpoint chain (its SNAT rule and the jump to it go with it).
        let endpointChain = try #require(rules.first { $0["type"]?.stringValue == "jump" }?["jumpChainId"]?.stringValue)
        try await reader.delete("/chains/\(endpointChain)")
        // A rule of ours in KUBE-MAIN, a node's PodCIDR route, a pod's port (and its binding), a link.
        try await reader.delete("/rules/\(scenario.ids.jumpToServices.lowerText)")
        try await reader.delete("/routes/\(NodeIDs(node: "worker-2").route.lowerText)")
        try await reader.delete("/ports/\(Translator.podPortID("default/pod-1-1").lowerText)")
        try await reader.delete("/ports/\(NodeIDs(node: "worker-3").bridgePort.lowerText)/link")
        // An extra rule on top of one of our chains, and a bridge changed by hand.
        try await reader.create("/chains/\(portChain.lowerText)/rules", .rule, ["type": "drop", "position": 1, "nwProto": 17])
        let bridge = NodeIDs(node: "worker-1").bridge
        let changed = try await reader.send("PUT", "/bridges/\(bridge.lowerText)", contentType: MidoNetKind.bridge.mediaType, body: ["name": "renamed"])
        #expect(changed.status == 204)

        try await scenario.converged(applier: applier)
        #expect(try scenario.store.parkedOperations().isEmpty)
        // Each piece of damage was drift repair's to mend (its log, not a look at MidoNet between
        // the damage and the repair: a pass runs every second and may come first).
        let repairs = applier.driftRepairs
        let damaged: [(String, UUID)] = [
            ("endpoint chain", try #require(UUID(uuidString: endpointChain))), ("KUBE-MAIN jump", scenario.ids.jumpToServices),
            ("PodCIDR route", NodeIDs(node: "worker-2").route), ("pod port", Translator.podPortID("default/pod-1-1")),
            ("bridge", bridge),
        ]
        for (what, id) in damaged {
            #expect(repairs.contains { $0.contains(id.lowerText) }, "no drift repair of the \(what) \(id.lowerText)")
        }
        #expect(repairs.contains { $0.contains("not wanted") }, "the extra rule was not deleted by drift repair")
    }

    @Test func anEmulatorRestartedEmptyIsFullyRebuilt() async throws {
        let scenario = try Scenario()
        try scenario.feeder.apply(TestCluster.objects())
        let applier = try scenario.startApplier(driftInterval: 1)
        try await scenario.converged(applier: applier)

        scenario.emulator.kill()
        // The same address, the same agents, nothing else.
        let restarted = try EmulatorProcess(in: scenario.directory, hosts: scenario.hosts, listen: "127.0.0.1:\(scenario.emulator.port)")
        #expect(try await scenario.reader.list("/chains", .chain).isEmpty)
        try await scenario.converged(timeout: 90, applier: applier)
        #expect(try scenario.store.parkedOperations().isEmpty)
        withExtendedLifetime(restarted) {}
    }

    /// Drift repair never deletes on the word of a store that knows nothing of the cluster.
    @Test func anEmptyStoreNeverDeletesWhatMidoNetHas() async throws {
        let scenario = try Scenario()
        try scenario.feeder.apply(TestCluster.objects(nodes: 1, podsPerNode: 1, services: 1))
        let first = try scenario.startApplier()
        try await scenario.converged(applier: first)
        first.kill()
        let before = try await ObservedTopology.read(scenario.reader).objects.keys.sorted()

        let empty = try TemporaryDirectory(prefix: "applier-empty-store")
        let applier = try ApplierProcess(in: empty, store: empty.path("store.sqlite"), api: scenario.emulator.url, driftInterval: 1)
        // Several drift passes: the first comes 1 s after start, then one a second.
        try await Task.sleep(for: .seconds(5))
        #expect(applier.handle.isRunning)
        let after = try await ObservedTopology.read(scenario.reader).objects.keys.sorted()
        #expect(after == before)
    }
}
