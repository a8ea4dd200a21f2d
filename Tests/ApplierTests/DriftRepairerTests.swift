import Foundation
import Logging
import Model
import Store
import Testing

@testable import Applier

/// `DriftRepairer.repair` against a real emulator and store, one pass at a time (no applier
/// process, so nothing is applied unless the test applies it).
@Suite struct DriftRepairerTests {
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
        var logger = Logger(label: "drift-repairer-test")
        logger.logLevel = .warning
        let repairer = DriftRepairer(
            transport: client, hosts: HostDirectory(transport: client), ids: scenario.ids, store: scenario.store, logger: logger)
        let pass = try await repairer.repair(allowDeletes: true)
        #expect(pass == DriftRepairer.Pass())
        #expect(try scenario.store.queueDepth() == depth)
    }
}
