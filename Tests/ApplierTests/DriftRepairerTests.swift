import Foundation
import HTTPLayer
import Logging
import Model
import Store
import TestSupport
import Testing

@testable import Applier

/// `DriftRepairer.repair` against a real emulator and store, one pass at a time (no applier
/// process, so nothing is applied unless the test applies it).
@Suite struct DriftRepairerTests {
    /// The test cluster applied to MidoNet by an applier process, which is then stopped: MidoNet
    /// in step with the store, and no other process touching either.
    static func convergedScenario() async throws -> Scenario {
        let scenario = try Scenario()
        try scenario.feeder.apply(TestCluster.objects())
        let applier = try scenario.startApplier()
        try await scenario.converged(applier: applier)
        applier.kill()
        return scenario
    }

    /// A repairer of the scenario's store and MidoNet (through `client`), logging warnings only.
    static func repairer(_ scenario: Scenario, _ client: MidoNetClient) -> DriftRepairer {
        var logger = Logger(label: "drift-repairer-test")
        logger.logLevel = .warning
        return DriftRepairer(
            transport: client, hosts: HostDirectory(transport: client), ids: scenario.ids, store: scenario.store, logger: logger)
    }

    /// Objects whose ops are still queued are left to those ops, host-bound ones too: ingest
    /// queues a binding or tunnel-zone membership under its host's name, while drift repair
    /// compares translations resolved to host IDs. Their keys differ, and every pass that ran
    /// while such ops waited (retried after 503s, say) queued their creates a second time.
    @Test func objectsOfQueuedOpsAreLeftToThemHostBoundOnesToo() async throws {
        let scenario = try Scenario()
        try scenario.feeder.apply(TestCluster.objects())
        let depth = try scenario.store.queueDepth()
        let queuedKinds = Set(try scenario.store.queuedOperations().map(\.operation.object.kind))
        #expect(queuedKinds.isSuperset(of: [.hostInterfacePort, .tunnelZoneHost]))

        let client = try MidoNetClient(baseURL: scenario.emulator.url, caFile: nil, credentials: nil)
        defer { client.shutdown() }
        let repairer = Self.repairer(scenario, client)
        let pass = try await repairer.repair(allowDeletes: true)
        #expect(pass.queued == 0 && !pass.createsDeferred)
        #expect(try scenario.store.queueDepth() == depth)
    }

    /// A pass reads the translations a page at a time (here two units a page): over a cluster
    /// MidoNet has as wanted it compares every unit and queues nothing; after damage by hand it
    /// queues exactly the mends, whichever page the damaged units are on.
    @Test func aPassPageByPageQueuesNothingInStepAndExactlyTheMendsAfterDamage() async throws {
        let scenario = try await Self.convergedScenario()

        let client = try MidoNetClient(baseURL: scenario.emulator.url, caFile: nil, credentials: nil)
        defer { client.shutdown() }
        var repairer = Self.repairer(scenario, client)
        repairer.pageSize = 2
        let units = try scenario.store.translations().count
        #expect(units > 2 * repairer.pageSize)
        let inStep = try await repairer.repair(allowDeletes: true)
        #expect(inStep == DriftRepairer.Pass(units: units, queued: 0))

        // A bridge renamed (an update; it keeps its tenant, else it is no longer ours to find) and a
        // Service's jump rule deleted (a create).
        let bridge = NodeIDs(node: "worker-1").bridge
        let renamed = try await scenario.reader.send("PUT", "/bridges/\(bridge.lowerText)", contentType: MidoNetKind.bridge.mediaType, body: ["name": "renamed", "tenantId": .string(scenario.ids.tenant)])
        #expect(renamed.status == 204)
        let jumps = try await scenario.reader.rules(of: scenario.ids.servicesChain)
        let jump = try #require(jumps.last?["id"]?.stringValue)
        try await scenario.reader.delete("/rules/\(jump)")
        let damaged = try await repairer.repair(allowDeletes: true)
        #expect(damaged == DriftRepairer.Pass(units: units, queued: 2))
        let queued = try scenario.store.queuedOperations().map(\.operation.description)
        #expect(Set(queued) == ["update Bridge \(bridge.lowerText)", "create Rule \(jump)"])
    }

    /// A damaged translation row (here: not JSON) leaves its unit out of the pass, counted, and
    /// holds deletes back (that unit's objects would look unwanted); every other unit is still
    /// repaired. It made every pass fail, which stopped drift repair for the whole cluster.
    @Test func anUnreadableTranslationIsLeftOutAndHoldsBackDeletes() async throws {
        let scenario = try await Self.convergedScenario()

        let translations = try scenario.store.translations()
        let broken = try #require(translations.first { if case .service = $0.key { true } else { false } }?.key)
        let result = try ProcessRunner.run(
            "/usr/bin/sqlite3", [scenario.storePath, "UPDATE translations SET objects = CAST('[{' AS BLOB) WHERE translation_key = '\(broken)'"],
            timeout: 30)
        #expect(result.status == 0, "\(result.stderr)")
        // A node's route deleted (to be created again) and a rule added by hand to one of our
        // chains (to be deleted, were deletes not held back).
        let route = NodeIDs(node: "worker-2").route
        try await scenario.reader.delete("/routes/\(route.lowerText)")
        let portChain = Translator.servicePortChainID(Translator.servicePortKey(service: "default/svc-2", port: "http"))
        try await scenario.reader.create("/chains/\(portChain.lowerText)/rules", .rule, ["type": "drop", "position": 1, "nwProto": 17])

        let client = try MidoNetClient(baseURL: scenario.emulator.url, caFile: nil, credentials: nil)
        defer { client.shutdown() }
        let pass = try await Self.repairer(scenario, client).repair(allowDeletes: true)
        #expect(pass == DriftRepairer.Pass(units: translations.count - 1, queued: 1, unreadable: 1))
        #expect(try scenario.store.queuedOperations().map(\.operation.description) == ["create Route \(route.lowerText)"])
    }
}
