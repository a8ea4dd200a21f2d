import Foundation
import Glibc
import Model
import Store
import TestSupport
import Testing

/// The applier against a real `midonet-emulator`, both real processes over real sockets, fed
/// through a real SQLite store: MidoNet ends up exactly as the translations say.
@Suite(.serialized) struct ConvergenceTests {
    @Test func aClusterOfNodesPodsServicesAndEndpointsConvergesToExactlyItsTranslations() async throws {
        let scenario = try Scenario()
        try scenario.feeder.apply(TestCluster.objects())
        let applier = try scenario.startApplier()
        try await scenario.converged(applier: applier)
        #expect(applier.driftRepairs.isEmpty, "the drain left work to drift repair: \(applier.driftRepairs.prefix(3))")
        // Every kind the mapping produces was exercised (the applier's bootstrap added the global ones).
        let kinds = Set(try scenario.store.translations().flatMap(\.objects).map(\.kind))
        #expect(kinds == [.tunnelZone, .router, .chain, .rule, .bridge, .port, .portLink, .route, .tunnelZoneHost, .hostInterfacePort, .macPort, .ip4Mac])
        #expect(try scenario.store.parkedOperations().isEmpty)

        // Changes and deletions converge too, leaving nothing behind.
        try scenario.feeder.delete(.service, name: "svc-1")
        try scenario.feeder.delete(.endpoints, name: "svc-1")
        try scenario.feeder.delete(.pod, name: "pod-2-0")
        // A Node goes with its pods (kube-controller-manager's pod GC deletes them).
        try scenario.feeder.delete(.pod, name: "pod-3-0")
        try scenario.feeder.delete(.pod, name: "pod-3-1")
        try scenario.feeder.delete(.node, namespace: nil, name: "worker-3")
        try scenario.feeder.apply([TestCluster.endpoints("svc-2", ips: ["10.1.1.10"], ports: [.init(name: "http", port: 80, targetPort: 8080)])])
        try await scenario.converged(applier: applier)
        #expect(applier.driftRepairs.isEmpty, "the drain left work to drift repair: \(applier.driftRepairs.prefix(3))")
        let observed = try await ObservedTopology.read(scenario.reader)
        #expect(observed.objects["Bridge/\(NodeIDs(node: "worker-3").bridge.lowerText)"] == nil)
        #expect(try scenario.store.parkedOperations().isEmpty)
    }

    @Test func itConvergesWhenMidoNetFailsAFifthOfWritesAndResetsConnections() async throws {
        let scenario = try Scenario(emulatorOptions: ["--fail-rate", "0.2", "--reset-rate", "0.05", "--seed", "7"])
        try scenario.feeder.apply(TestCluster.objects())
        let applier = try scenario.startApplier()
        try await scenario.converged(timeout: 90, applier: applier)
        #expect(applier.driftRepairs.isEmpty, "the drain left work to drift repair: \(applier.driftRepairs.prefix(3))")
        #expect(try scenario.store.parkedOperations().isEmpty)
        // The faults were real: MidoNet's 503s and resets were retried.
        #expect(try await applier.counter("midonet_applier_ops_retried_total") > 0)
        #expect(try await applier.counter("midonet_applier_midonet_requests_total", labels: ["status=\"503\""]) > 0)
    }

    /// kill -9 while calls are in flight, three times; then a last run to the end. Ops that
    /// MidoNet applied but the applier never marked done are applied again, harmlessly.
    @Test func afterKillDashNineMidDrainAndRestartNothingIsMissingDuplicatedOrOrphaned() async throws {
        let scenario = try Scenario(emulatorOptions: ["--latency-ms", "20"])
        try scenario.feeder.apply(TestCluster.objects(services: 40))
        let total = try scenario.store.queueDepth()
        var kills = 0
        for round in 0..<3 {
            let applier = try scenario.startApplier(concurrency: 8)
            let before = try scenario.store.queueDepth()
            // Kill once this run has made progress but well before the end.
            try await eventually("progress in round \(round)", timeout: 60, every: 0.05) {
                let depth = try scenario.store.queueDepth()
                return depth <= before - max(5, total / 10) ? nil : "queue depth \(depth) of \(before)"
            }
            applier.kill()
            #expect(applier.handle.wasSignalled)
            if try scenario.store.queueDepth() > 0 { kills += 1 }
        }
        #expect(kills == 3, "every kill should land mid-drain")
        let last = try scenario.startApplier()
        try await scenario.converged(applier: last)
        #expect(last.driftRepairs.isEmpty, "the drain left work to drift repair: \(last.driftRepairs.prefix(3))")
        #expect(try scenario.store.parkedOperations().isEmpty)
    }

    @Test func anEndpointChangeNeverLeavesTheServiceWithoutItsDNATRule() async throws {
        let scenario = try Scenario(emulatorOptions: ["--latency-ms", "30"])
        let port = TestCluster.Port(name: "http", port: 80, targetPort: 8080)
        try scenario.feeder.apply(TestCluster.objects(services: 1) + [
            TestCluster.service("web", clusterIP: "10.96.1.1", ports: [port]),
            TestCluster.endpoints("web", ips: ["10.1.1.10", "10.1.2.10"], ports: [port]),
        ])
        let applier = try scenario.startApplier()
        try await scenario.converged(applier: applier)
        #expect(applier.driftRepairs.isEmpty, "the drain left work to drift repair: \(applier.driftRepairs.prefix(3))")

        let portChain = Translator.servicePortChainID(Translator.servicePortKey(service: "default/web", port: "http"))
        let sets = [["10.1.2.10", "10.1.3.10"], ["10.1.3.10"], ["10.1.1.11", "10.1.2.11", "10.1.3.11"], ["10.1.1.10"]]
        var observations = 0
        for ips in sets {
            try scenario.feeder.apply([TestCluster.endpoints("web", ips: ips, ports: [port])])
            let wanted = Set(ips)
            // Poll the port chain while the change applies: a DNAT rule is there every time.
            let deadline = Date().addingTimeInterval(60)
            while true {
                guard Date() < deadline else { throw ProcessHandleError("endpoints \(ips) not applied in 60 s:\n\(applier.handle.tail())") }
                let rules = try await scenario.reader.rules(of: portChain)
                observations += 1
                let dnats = rules.filter { $0["type"]?.stringValue == "dnat" }
                #expect(!dnats.isEmpty, "port chain without DNAT rule: \(rules.map(\.serialized))")
                let targets = dnats.last.flatMap { $0["natTargets"]?.arrayValue }?.compactMap { $0["addressFrom"]?.stringValue } ?? []
                if dnats.count == 1, Set(targets) == wanted, try scenario.store.queueDepth() == 0 { break }
                if dnats.isEmpty { break }
            }
        }
        #expect(observations > sets.count, "the chain was never seen mid-change")
        try await scenario.converged(applier: applier)
        #expect(applier.driftRepairs.isEmpty, "the drain left work to drift repair: \(applier.driftRepairs.prefix(3))")
    }
}
