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

    /// Under a steady stream of commits the rounds follow each other at the active pace, not the
    /// idle one: at 0.5 s apart they could copy at most four times in the 1.5 s of commits.
    @Test func roundsThatCopyAreFollowedSoon() throws {
        // The store's own checkpointer is off; its writer checkpoints only past 1,000 pages,
        // far more than these commits write.
        let temp = try TemporaryStore(configuration: Store.Configuration(checkpointInterval: nil))
        let checkpointer = try WALCheckpointer(path: temp.store.path, interval: 0.5, activeInterval: 0.01)
        defer { checkpointer.stop() }
        let end = Date().addingTimeInterval(1.5)
        var version = 0
        while Date() < end {
            version += 1
            _ = try temp.store.ingest([Audit.event("create", Audit.service("web-\(version)", uid: "uid-\(version)", resourceVersion: "\(version)"))])
            usleep(10_000)
        }
        #expect(checkpointer.checkpoints.load(ordering: .relaxed) >= 10, "\(checkpointer.checkpoints.load(ordering: .relaxed)) rounds copied frames")
    }

    @Test func withoutAnIntervalSQLiteCheckpointsInTheWriterAsBefore() throws {
        let temp = try TemporaryStore(configuration: Store.Configuration(checkpointInterval: nil))
        #expect(temp.store.checkpointer == nil)
        _ = try temp.store.ingest([Audit.event("create", Audit.service(resourceVersion: "1"))])
        #expect(try temp.store.queueDepth() > 0)
    }
}
