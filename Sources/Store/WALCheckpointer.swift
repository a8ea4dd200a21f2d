import Foundation
import GRDB
import Synchronization

/// Copies the WAL back into the database file on a connection and thread of its own, so that the
/// ingest writer does not. SQLite's automatic checkpoint runs inside the COMMIT that crosses its
/// threshold, on the committing connection: 10 % of the writer's time under audit load
/// (`perf`, `midonet-bench store`), and the writer is what bounds ingest. A passive checkpoint
/// from another connection takes neither the write lock nor readers' locks; it copies what it can.
///
/// The writer keeps an automatic checkpoint as a backstop (`Store.backstopCheckpointPages`), far
/// above what this thread leaves behind, should it fall behind or stop.
final class WALCheckpointer: Sendable {
    private let stopped = Atomic<Bool>(false)
    /// Checkpoints that copied frames (for tests and the curious).
    let checkpoints = Atomic<Int>(0)

    /// Starts checkpointing `path` every `interval` seconds until `stop()`.
    init(path: String, interval: TimeInterval) throws {
        var configuration = GRDB.Configuration()
        // Another checkpoint (the other process's, the writer's backstop) holds the lock: skip.
        configuration.busyMode = .immediateError
        configuration.label = "wal-checkpointer"
        let connection = try DatabaseQueue(path: path, configuration: configuration)
        let thread = Thread { [self] in
            while !stopped.load(ordering: .relaxed) {
                Thread.sleep(forTimeInterval: interval)
                guard !stopped.load(ordering: .relaxed) else { break }
                // SQLITE_BUSY and the like are left for the next round; the backstop remains.
                if let result = try? connection.writeWithoutTransaction({ try $0.checkpoint(.passive) }), result.checkpointedFrameCount > 0 {
                    checkpoints.add(1, ordering: .relaxed)
                }
            }
        }
        thread.name = "wal-checkpointer"
        thread.start()
    }

    /// Ends the thread within one interval.
    func stop() { stopped.store(true, ordering: .relaxed) }
}
