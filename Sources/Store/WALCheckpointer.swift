import Foundation
import GRDB
import Synchronization

/// Copies the WAL back into the database file on a connection and thread of its own, so that the
/// ingest writer does not. SQLite's automatic checkpoint runs inside the COMMIT that crosses its
/// threshold, on the committing connection: 10 % of the writer's time under audit load
/// (`perf`, `midonet-bench store`), and the writer is what bounds ingest. A passive checkpoint
/// from another connection takes neither the write lock nor readers' locks; it copies what it can.
///
/// A round that copied new frames is followed by the next one after `activeInterval`, an idle
/// round by the next after `interval`: under sustained ingest (~40,000 WAL frames a second at
/// 6,000 events/s) rounds every 200 ms left most of the copying to the writer's backstop.
///
/// The writer keeps an automatic checkpoint as a backstop (`Store.backstopCheckpointPages`). It
/// cannot be done without: the WAL starts over from its beginning only when a write transaction
/// begins with every frame copied, which a checkpoint running beside a writer that commits back
/// to back never leaves it; the writer's own checkpoint, right after a commit, does. By then this
/// thread has copied all but the last frames, so the writer's share is small.
final class WALCheckpointer: Sendable {
    private let stopped = Atomic<Bool>(false)
    /// Rounds that found the WAL changed since the round before and copied frames of it (for
    /// tests and the curious). A passive checkpoint reports the WAL's frames and how many of them
    /// are in the database file, counting those copied by earlier rounds too: a round with
    /// nothing new to copy reports what the previous one did.
    let checkpoints = Atomic<Int>(0)

    /// Starts checkpointing `path` until `stop()`: every `interval` seconds while the WAL is
    /// idle, every `activeInterval` after a round that copied new frames or was refused.
    init(path: String, interval: TimeInterval, activeInterval: TimeInterval = 0.02) throws {
        var configuration = GRDB.Configuration()
        // Another checkpoint (the other process's, the writer's backstop) holds the lock: skip.
        configuration.busyMode = .immediateError
        configuration.label = "wal-checkpointer"
        let connection = try DatabaseQueue(path: path, configuration: configuration)
        let thread = Thread { [self] in
            var previous: (walFrameCount: Int, checkpointedFrameCount: Int)?
            var pause = interval
            while !stopped.load(ordering: .relaxed) {
                Thread.sleep(forTimeInterval: pause)
                guard !stopped.load(ordering: .relaxed) else { break }
                let round: Round
                if let result = try? connection.writeWithoutTransaction({ try $0.checkpoint(.passive) }) {
                    let new = result.checkpointedFrameCount > 0 && (previous.map { $0 != result } ?? true)
                    round = new ? .copied : .idle
                    previous = result
                } else {
                    round = .refused
                }
                if round == .copied { checkpoints.add(1, ordering: .relaxed) }
                pause = Self.pause(after: round, interval: interval, activeInterval: activeInterval)
            }
        }
        thread.name = "wal-checkpointer"
        thread.start()
    }

    /// What a round of checkpointing found.
    enum Round {
        /// It copied frames the previous round had not seen.
        case copied
        /// Nothing new to copy.
        case idle
        /// SQLITE_BUSY (the writer's backstop checkpoint, or the other process's) or another
        /// error: left for the next round.
        case refused
    }

    /// How long to wait after `round`: the WAL is busy after a round that copied or was refused.
    static func pause(after round: Round, interval: TimeInterval, activeInterval: TimeInterval) -> TimeInterval {
        switch round {
        case .copied, .refused: min(interval, activeInterval)
        case .idle: interval
        }
    }

    /// Ends the thread within one interval.
    func stop() { stopped.store(true, ordering: .relaxed) }
}
