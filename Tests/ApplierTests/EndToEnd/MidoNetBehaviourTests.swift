import Foundation
import Glibc
import Model
import Store
import TestSupport
import Testing

/// How the applier copes with what a real MidoNet does: logins that expire, agents that
/// register late, objects it refuses, and no answer at all.
@Suite(.serialized) struct MidoNetBehaviourTests {
    /// The credentials come from the environment (MIDONET_USERNAME/PASSWORD, the original's
    /// settings); tokens live one second, so the applier logs in again and again.
    @Test func expiredTokensAreHandledByLoggingInAgain() async throws {
        let scenario = try Scenario(emulatorOptions: ["--token-ttl", "1", "--latency-ms", "5"], username: "admin", password: "s3cret")
        try scenario.feeder.apply(TestCluster.objects(services: 3))
        let applier = try scenario.startApplier(environment: ["MIDONET_USERNAME": "admin", "MIDONET_PASSWORD": "s3cret"])
        try await scenario.converged(applier: applier)

        // Long after the first token expired, a change still gets through.
        try await Task.sleep(for: .milliseconds(1500))
        let port = TestCluster.Port(name: "http", port: 80, targetPort: 8080)
        try scenario.feeder.apply([
            TestCluster.service("late", clusterIP: "10.96.2.1", ports: [port]), TestCluster.endpoints("late", ips: ["10.1.1.10"], ports: [port]),
        ])
        try await scenario.converged(applier: applier)
        #expect(try await applier.counter("midonet_applier_midonet_requests_total", labels: ["status=\"401\""]) > 0, "no token ever expired")
        #expect(try scenario.store.parkedOperations().isEmpty)
    }

    @Test func withWrongCredentialsNothingIsAppliedAndNothingIsParked() async throws {
        let scenario = try Scenario(username: "admin", password: "s3cret")
        try scenario.feeder.apply(TestCluster.objects(nodes: 1, podsPerNode: 1, services: 1))
        let depth = try scenario.store.queueDepth()
        let applier = try scenario.startApplier(options: ["--midonet-username", "admin", "--midonet-password", "wrong"])
        try await Task.sleep(for: .seconds(3))
        #expect(applier.handle.isRunning)
        #expect(try scenario.store.queueDepth() >= depth)
        #expect(try scenario.store.parkedOperations().isEmpty)
        #expect(try await scenario.reader.list("/bridges", .bridge).isEmpty)
    }

    /// The Node's MidoNet host (found by name) registers after the applier started: its bindings
    /// and tunnel-zone membership wait for it, everything else goes on, nothing is parked.
    @Test func aHostThatRegistersLateMakesItsBindingsWaitNotFail() async throws {
        let hosts = TestCluster.hosts(3)
        let scenario = try Scenario(hosts: Array(hosts.prefix(2)))
        try scenario.feeder.apply(TestCluster.objects())
        let applier = try scenario.startApplier()

        // Everything converges but what needs worker-3's host.
        try await eventually("all but worker-3 applied") {
            let problems = try await scenario.problems()
            // worker-3's node and pods share one owner: they wait behind its membership.
            let others = problems.filter { !$0.contains("worker-3") && !$0.contains("pod-3-") }
            return others.isEmpty ? nil : others.prefix(5).joined(separator: "\n")
        }
        let waiting = try scenario.store.queuedOperations()
        #expect(!waiting.isEmpty)
        #expect(waiting.allSatisfy { $0.owner == "node/worker-3" }, "\(waiting.map(\.owner))")
        #expect(waiting.first?.lastError?.contains("worker-3") == true, "\(waiting.first?.lastError ?? "-")")
        #expect(try scenario.store.parkedOperations().isEmpty)

        // The agent registers (POST /hosts: the emulator's way to add one while running).
        try await scenario.reader.create("/hosts", .host, ["id": .string(hosts[2].id.lowerText), "name": "worker-3"])
        try await scenario.converged(applier: applier)
        #expect(try scenario.store.parkedOperations().isEmpty)
    }

    /// An op MidoNet rejects for good (a DNAT rule without targets) is parked with MidoNet's
    /// reason; the ops after it, of its owner and of the others, are applied.
    @Test func anOpMidoNetRejectsForGoodIsParkedWithItsReasonAndTheOthersGoOn() async throws {
        let scenario = try Scenario()
        let bad = MidoNetObject(
            kind: .rule, id: DeterministicID.idForKey("Test", "bad rule"), parentId: scenario.ids.servicesChain,
            path: "/chains/\(scenario.ids.servicesChain.lowerText)/rules",
            body: ["id": .string(DeterministicID.idForKey("Test", "bad rule").lowerText), "type": "dnat", "flowAction": "accept", "natTargets": [], "position": 1],
            references: [scenario.ids.servicesChain])
        // Queued first, in the owner of svc-2, whose own ops come after it.
        try scenario.store.enqueue([.create(bad)], owner: "svc/default/svc-2", translationKey: .service("default/svc-2"))
        try scenario.feeder.apply(TestCluster.objects())
        let applier = try scenario.startApplier()
        try await scenario.converged(applier: applier)

        let parked = try scenario.store.parkedOperations()
        #expect(parked.count == 1)
        #expect(parked.first?.operation == .create(bad))
        #expect(parked.first?.parkedReason?.contains("natTargets") == true, "\(parked.first?.parkedReason ?? "-")")
        #expect(try await applier.counter("midonet_applier_parked") == 1)
        #expect(applier.handle.lines.contains { $0.contains("parked") && $0.contains(bad.id.lowerText) })
    }

    /// SIGTERM: the calls in flight are finished (and recorded), then the process exits 0.
    /// MidoNet applies a write before its (delayed) answer, so an abandoned call would show as
    /// an object MidoNet has whose op is still queued.
    @Test func sigtermFinishesTheCallsInFlightThenExitsZero() async throws {
        let scenario = try Scenario(emulatorOptions: ["--latency-ms", "150"])
        try scenario.feeder.apply(TestCluster.objects(services: 12))
        let applier = try scenario.startApplier(concurrency: 16)
        let before = try scenario.store.queueDepth()
        try await eventually("some progress", every: 0.05) {
            try scenario.store.queueDepth() < before - 10 ? nil : "nothing applied yet"
        }
        applier.handle.signal(SIGTERM)
        let handle = applier.handle
        let status = try await offThePool { handle.waitForExit(timeout: 60) }
        #expect(status == 0, "\(applier.handle.tail())")
        #expect(!applier.handle.wasSignalled)
        #expect(applier.handle.lines.contains { $0.contains("stopped") && $0.contains("applied=") })

        let left = try scenario.store.queuedOperations()
        #expect(!left.isEmpty, "SIGTERM came too late to test anything")
        let observed = try await ObservedTopology.read(scenario.reader)
        let hosts = try await scenario.reader.hostIDs()
        for op in left {
            guard case .create(let object) = op.operation else { continue }
            var resolved = object
            if case .named(let name)? = object.host, let id = hosts[name] { resolved = object.resolvingHost(id) }
            #expect(observed.objects[resolved.key] == nil, "\(op.operation) was applied but is still queued: its call was abandoned")
        }

        // A new applier finishes the job.
        let next = try scenario.startApplier()
        try await scenario.converged(applier: next)
    }
}
