import Foundation
import Logging
import Model
import Store
import Synchronization
import TestSupport
import Testing

@testable import Applier

/// `Drainer` in-process against a real emulator and store: the deletes drift repair queues
/// (owner "drift") never race ops queued after them.
@Suite struct DrainerTests {
    static let chain = Chain(id: UUID(uuidString: "69e4ce49-4d66-5169-ab3b-910d24054d4d")!, name: "KUBE-SVC-TEST", tenantId: "midonetkube").object
    static let rule = Rule(
        type: "dnat", id: UUID(uuidString: "4768abb5-7f85-5ee5-8dec-4e3aa2b35ee4")!, chainId: chain.id, position: 1,
        natTargets: [NATTarget(address: IPv4Address("10.1.1.10")!, ports: 8080...8080)], flowAction: "accept"
    ).object

    /// A drainer of `scenario`'s store calling MidoNet through `transport`.
    static func drainer(_ scenario: Scenario, _ transport: any MidoNetTransport, logLevel: Logger.Level = .warning) -> Drainer {
        var logger = Logger(label: "drainer-test")
        logger.logLevel = logLevel
        return Drainer(
            outbox: scenario.store, applier: OperationApplier(transport: transport, hosts: HostDirectory(transport: transport)),
            concurrency: 8, pollInterval: 0.01, logger: logger)
    }

    /// Drains until the queue is empty (or `timeout` seconds passed), then stops the drainer.
    func drain(_ scenario: Scenario, timeout: Double = 30) async throws {
        let client = try MidoNetClient(baseURL: scenario.emulator.url, caFile: nil, credentials: nil)
        defer { client.shutdown() }
        let drainer = Self.drainer(scenario, client)
        async let run: Void = drainer.run()
        let deadline = Date().addingTimeInterval(timeout)
        while try scenario.store.queueDepth() > 0, Date() < deadline { try await Task.sleep(for: .milliseconds(20)) }
        drainer.stop()
        await run
        let diagnostics = try scenario.diagnostics()
        #expect(try scenario.store.queueDepth() == 0, "\(diagnostics)")
    }

    func chainExists(_ scenario: Scenario) async throws -> Bool {
        try await scenario.reader.list("/chains", .chain).contains { $0["id"]?.stringValue == Self.chain.id.uuidString.lowercased() }
    }

    /// Drift repair planned "delete the chain" while nothing was queued; then the Service came
    /// back and queued its chain's rule. Applied concurrently, the stale delete would remove the
    /// chain under the rule (whose create then waits for good); it must be dropped instead.
    @Test func aDriftDeleteIsDroppedWhenChangesWereQueuedAfterIt() async throws {
        let scenario = try Scenario()
        try await scenario.reader.create("/chains", .chain, Self.chain.body.value)
        try scenario.store.enqueue([.delete(Self.chain)], owner: Drainer.driftOwner, translationKey: .global)
        try scenario.store.enqueue([.create(Self.rule)], owner: "svc/default/svc-1", translationKey: .service("default/svc-1"))
        try await drain(scenario)
        #expect(try await chainExists(scenario))
        #expect(try await scenario.reader.rules(of: Self.chain.id).count == 1)
    }

    /// With nothing else queued, drift repair's delete is applied.
    @Test func aDriftDeleteAloneIsApplied() async throws {
        let scenario = try Scenario()
        try await scenario.reader.create("/chains", .chain, Self.chain.body.value)
        try scenario.store.enqueue([.delete(Self.chain)], owner: Drainer.driftOwner, translationKey: .global)
        try await drain(scenario)
        #expect(try await chainExists(scenario) == false)
    }

    /// A repair planned from a view that has moved on (here: a rule for a chain that is gone)
    /// is dropped after a few attempts instead of holding its queue for good.
    @Test func aDriftRepairThatKeepsFailingIsDropped() async throws {
        let scenario = try Scenario()
        try scenario.store.enqueue(
            [.create(Self.rule), .create(Self.chain)], owner: "\(Drainer.driftOwner)/svc/default/svc-1", translationKey: .service("default/svc-1"))
        try await drain(scenario)
        // The rule's create was dropped; the chain behind it in the same queue was created.
        #expect(try await chainExists(scenario))
        #expect(try await scenario.reader.rules(of: Self.chain.id).isEmpty)
    }

    /// An op whose retry time an hour ahead (its failure recorded before the wall clock stepped
    /// back an hour) is applied at once, not an hour later.
    @Test func aRetryLeftFarAheadByAClockStepIsNotWaitedFor() async throws {
        let scenario = try Scenario()
        let seqs = try scenario.store.enqueue([.create(Self.chain)], owner: "svc/default/svc-1", translationKey: .service("default/svc-1"))
        try scenario.store.markFailed(seq: seqs[0], error: "503 Service Unavailable", retryAt: Date().addingTimeInterval(3600))
        try await drain(scenario, timeout: 20)
        #expect(try await chainExists(scenario))
    }

    /// While the store refuses to record outcomes (a full disk in life; a trigger here), the op
    /// stays due and is applied again, but after a pause that grows, not in a loop of MidoNet
    /// calls; once the store takes writes again, the queue drains.
    @Test func aStoreThatRefusesOutcomesSlowsTheDrainerInsteadOfLooping() async throws {
        let scenario = try Scenario()
        try scenario.store.enqueue([.create(Self.chain)], owner: "svc/default/svc-1", translationKey: .service("default/svc-1"))
        // The op is its run's last: recording it done deletes the run.
        try sqlite(scenario, "CREATE TRIGGER refuse_outcomes BEFORE DELETE ON outbox_runs BEGIN SELECT RAISE(ABORT, 'refused by the test'); END")
        let client = try MidoNetClient(baseURL: scenario.emulator.url, caFile: nil, credentials: nil)
        defer { client.shutdown() }
        let counting = CountingTransport(client)
        let drainer = Self.drainer(scenario, counting, logLevel: .critical)
        async let run: Void = drainer.run()
        // From the first refusal (the first call may be slow on a loaded machine), 2 s.
        let first = Date().addingTimeInterval(30)
        while drainer.statistics.unrecorded == 0, Date() < first { try await Task.sleep(for: .milliseconds(10)) }
        try await Task.sleep(for: .seconds(2))
        let refused = drainer.statistics.unrecorded
        let calls = counting.calls.load(ordering: .relaxed)
        try sqlite(scenario, "DROP TRIGGER refuse_outcomes")
        let deadline = Date().addingTimeInterval(30)
        while try scenario.store.queueDepth() > 0, Date() < deadline { try await Task.sleep(for: .milliseconds(20)) }
        drainer.stop()
        await run

        // Pauses of 0.25, 0.5 and 1 s (±25 %) leave room for four attempts in all; without them
        // the op was applied some hundreds of times.
        #expect((1...4).contains(refused), "\(refused) outcomes refused, \(calls) MidoNet calls")
        #expect(calls <= 4 * 2, "\(calls) MidoNet calls for \(refused) attempts")
        #expect(try scenario.store.queueDepth() == 0)
        #expect(try await chainExists(scenario))
    }

    func sqlite(_ scenario: Scenario, _ statement: String) throws {
        let result = try ProcessRunner.run("/usr/bin/sqlite3", [scenario.storePath, statement], timeout: 30)
        #expect(result.status == 0, "\(result.stderr)")
    }
}

/// The real client, counting the calls made through it.
final class CountingTransport: MidoNetTransport {
    let inner: any MidoNetTransport
    let calls = Atomic<Int>(0)

    init(_ inner: any MidoNetTransport) { self.inner = inner }

    func send(_ request: MidoNetRequest) async throws -> MidoNetResponse {
        calls.add(1, ordering: .relaxed)
        return try await inner.send(request)
    }
}
