import Foundation
import Model
import Store
import TestSupport

/// One end-to-end setting: a temporary folder, a real SQLite store, a real `midonet-emulator`
/// and the test's own REST reader. Applier processes are started by the test. Everything is
/// killed and removed when the value goes away, also when the test fails.
final class Scenario: Sendable {
    let directory: TemporaryDirectory
    let storePath: String
    let store: Store
    let feeder: ClusterFeeder
    let hosts: [(name: String, id: UUID)]
    let emulator: EmulatorProcess
    let reader: MidoNetReader
    let ids = GlobalIDs()

    init(hosts: [(name: String, id: UUID)] = TestCluster.hosts(3), emulatorOptions: [String] = [], username: String? = nil, password: String? = nil) throws {
        directory = try TemporaryDirectory(prefix: "applier-e2e")
        storePath = directory.path("store.sqlite")
        // The webhook's default durability; the applier opens the same file.
        store = try Store(path: storePath)
        feeder = ClusterFeeder(store: store)
        self.hosts = hosts
        var options = emulatorOptions
        if let username, let password { options += ["--username", username, "--password", password] }
        emulator = try EmulatorProcess(in: directory, hosts: hosts, options: options)
        reader = try MidoNetReader(emulator.url, username: username, password: password)
    }

    func startApplier(
        concurrency: Int? = nil, driftInterval: Double = 3600, options: [String] = [], environment: [String: String] = [:], api: String? = nil
    ) throws -> ApplierProcess {
        try ApplierProcess(
            in: directory, store: storePath, api: api ?? emulator.url, concurrency: concurrency, driftInterval: driftInterval,
            options: options, environment: environment)
    }

    /// Waits until MidoNet is exactly what the store's translations say and nothing is queued.
    ///
    /// `timeout` is how long the drain may go without progress (the outbox reaching a new low);
    /// a slow machine that keeps making progress gets up to four times that in all. CI runs the
    /// whole suite in parallel on two loaded cores, where a drain against a faulty MidoNet
    /// took five times as long as on a quiet machine.
    func converged(timeout: Double = 60, applier: ApplierProcess? = nil) async throws {
        var lowest = Int.max
        do {
            try await eventually("convergence", timeout: timeout, limit: 4 * timeout, progress: {
                let depth = try self.store.queueDepth()
                defer { lowest = min(lowest, depth) }
                return depth < lowest
            }) { try await ConvergenceCheck.check(store: store, reader: reader) }
        } catch {
            throw ProcessHandleError("\(error)\n\(try diagnostics())\n--- applier log tail ---\n\(applier?.handle.tail(30) ?? "-")")
        }
    }

    /// The outbox as it stands: queued ops with their last error, and parked ones.
    func diagnostics() throws -> String {
        let queued = try store.queuedOperations(limit: 10).map { "queued #\($0.seq) \($0.owner) \($0.operation) attempts \($0.attempts): \($0.lastError ?? "-")" }
        let parked = try store.parkedOperations(limit: 10).map { "parked #\($0.seq) \($0.owner) \($0.operation): \($0.parkedReason ?? "-")" }
        return (["--- outbox ---"] + queued + parked).joined(separator: "\n")
    }

    /// The problems left, right now (empty when converged).
    func problems() async throws -> [String] {
        ConvergenceCheck.problems(
            translations: try store.translations(), observed: try await ObservedTopology.read(reader), hosts: try await reader.hostIDs())
    }
}
