import Foundation
import Model
import Synchronization
@testable import Store
import Testing

/// The WAL is checkpointed by a thread of the store's own, not in the writer's commits.
@Suite struct WALCheckpointerTests {
    @Test func commitsAreCopiedBackByTheStoresOwnThread() throws {
        let temp = try TemporaryStore(configuration: Store.Configuration(checkpointInterval: 0.05))
        let checkpointer = try #require(temp.store.checkpointer)
        let before = checkpointer.checkpoints.load(ordering: .relaxed)
        _ = try temp.store.ingest((0..<20).map { Audit.event("create", Audit.service("web-\($0)", uid: "uid-\($0)", resourceVersion: "\($0 + 1)")) })
        // The writer's own automatic checkpoint is far away (backstop), so copying is this thread's.
        let deadline = Date().addingTimeInterval(30)
        while checkpointer.checkpoints.load(ordering: .relaxed) == before, Date() < deadline { usleep(20_000) }
        // Counted only for a checkpoint that copied frames: the commits above.
        #expect(checkpointer.checkpoints.load(ordering: .relaxed) > before)
        #expect(try temp.store.queueDepth() > 0)
    }

    /// Rounds follow each other at the active pace while the WAL is busy, at the idle one otherwise.
    @Test(arguments: [
        (WALCheckpointer.Round.copied, 0.02), (.refused, 0.02), (.idle, 0.2),
    ])
    func thePauseAfterARound(round: WALCheckpointer.Round, pause: TimeInterval) {
        #expect(WALCheckpointer.pause(after: round, interval: 0.2, activeInterval: 0.02) == pause)
        // An active pace never slower than the idle one.
        #expect(WALCheckpointer.pause(after: round, interval: 0.01, activeInterval: 0.02) == 0.01)
    }

    @Test func withoutAnIntervalSQLiteCheckpointsInTheWriterAsBefore() throws {
        let temp = try TemporaryStore(configuration: Store.Configuration(checkpointInterval: nil))
        #expect(temp.store.checkpointer == nil)
        _ = try temp.store.ingest([Audit.event("create", Audit.service(resourceVersion: "1"))])
        #expect(try temp.store.queueDepth() > 0)
    }
}
