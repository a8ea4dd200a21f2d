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
    /// Rounds that found the WAL changed since the round before and copied frames of it (for
    /// tests and the curious). A passive checkpoint reports the WAL's frames and how many of them
    /// are in the database file, counting those copied by earlier rounds too: a round with
    /// nothing new to copy reports what the previous one did.
    let checkpoints = Atomic<Int>(0)

    /// Starts checkpointing `path` every `interval` seconds until `stop()`.
    init(path: String, interval: TimeInterval) throws {
        var configuration = GRDB.Configuration()
        // Another checkpoint (the other process's, the writer's backstop) holds the lock: skip.
        configuration.busyMode = .immediateError
        configuration.label = "wal-checkpointer"
        let connection = try DatabaseQueue(path: path, configuration: configuration)
        let thread = Thread { [self] in
            var previous: (walFrameCount: Int, checkpointedFrameCount: Int)?
            while !stopped.load(ordering: .relaxed) {
                Thread.sleep(forTimeInterval: interval)
                guard !stopped.load(ordering: .relaxed) else { break }
                // SQLITE_BUSY and the like are left for the next round; the backstop remains.
                guard let result = try? connection.writeWithoutTransaction({ try $0.checkpoint(.passive) }) else { continue }
                if result.checkpointedFrameCount > 0, previous.map({ $0 != result }) ?? true {
                    checkpoints.add(1, ordering: .relaxed)
                }
                previous = result
            }
        }
        thread.name = "wal-checkpointer"
        thread.start()
    }

    /// Ends the thread within one interval.
    func stop() { stopped.store(true, ordering: .relaxed) }
}
