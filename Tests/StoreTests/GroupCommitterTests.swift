import Dispatch
import Foundation
import Model
@testable import Store
import Synchronization
import Testing

@Suite struct GroupCommitterTests {
    let temp: TemporaryStore
    var store: Store { temp.store }

    init() throws { temp = try TemporaryStore() }

    static func batch(_ index: Int, size: Int = 20) -> [AuditEvent] {
        (0..<size).map { item in
            Audit.event(
                "create", Audit.service("s\(index)-\(item)", clusterIP: "10.96.\(index).\(item + 1)", uid: "u\(index)-\(item)", resourceVersion: "\(index * 1000 + item + 1)"),
                auditID: "b\(index)-e\(item)")
        }
    }

    @Test func concurrentBatchesAreAllCommittedAndShareTransactions() async throws {
        let committer = GroupCommitter(store: store)
        defer { committer.shutdown() }
        let reports = try await withThrowingTaskGroup(of: IngestReport.self) { group in
            for index in 0..<40 {
                group.addTask { try await committer.submit(AuditEventList(items: Self.batch(index))) }
            }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        #expect(reports.count == 40)
        #expect(reports.allSatisfy { $0.events["Service", .applied] == 20 })
        #expect(try store.objects(of: .service).count == 800)
        let statistics = committer.statistics
        #expect(statistics.batches == 40)
        #expect(statistics.groups <= 40)
        #expect(statistics.fallbacks == 0)
    }

    @Test func aBatchThatFailsItsGroupIsRetriedAloneAndTheOthersCommit() throws {
        let store = self.store
        let gate = DispatchSemaphore(value: 0)
        let calls = Mutex(0)
        let committer = GroupCommitter(store: store, configuration: .init()) { batches in
            if calls.withLock({ $0 += 1; return $0 }) == 1 { gate.wait() }
            if batches.contains(where: { $0.contains { (try? $0.get().auditID) == "poison" } }) {
                throw StoreError(.database, "disk I/O error")
            }
            return try store.ingestGroup(batches)
        }
        defer { committer.shutdown() }
        let results = Mutex([Int: Result<IngestReport, any Error>]())
        let done = DispatchGroup()
        func submit(_ index: Int, _ events: [AuditEvent]) {
            done.enter()
            committer.submit(events) { result in
                results.withLock { $0[index] = result }
                done.leave()
            }
        }
        // The first batch holds the writer until the next three are queued: they form one group.
        submit(0, Self.batch(0))
        while committer.statistics.waiting > 0 { usleep(1000) }
        submit(1, Self.batch(1))
        submit(2, [AuditEvent(auditID: "poison", verb: "create", objectRef: nil, responseObject: nil)])
        submit(3, Self.batch(3))
        gate.signal()
        done.wait()
        let final = results.withLock { $0 }
        #expect((try? final[0]?.get())?.events[.applied] == 20)
        #expect((try? final[1]?.get())?.events[.applied] == 20)
        #expect((try? final[3]?.get())?.events[.applied] == 20)
        if case .failure(let error as StoreError)? = final[2] { #expect(error.code == .database) } else { Issue.record("the poisoned batch did not fail") }
        #expect(committer.statistics.fallbacks == 1)
        #expect(try store.objects(of: .service).count == 60)
    }

    @Test func afterShutdownSubmitsFailAndQueuedBatchesWereCommitted() throws {
        let committer = GroupCommitter(store: store)
        let committed = Mutex(0)
        for index in 0..<5 {
            committer.submit(Self.batch(index, size: 2)) { result in
                if case .success = result { committed.withLock { $0 += 1 } }
            }
        }
        committer.shutdown()
        #expect(committed.withLock { $0 } == 5)
        let failure = Mutex<StoreError?>(nil)
        committer.submit(Self.batch(9, size: 1)) { result in
            if case .failure(let error as StoreError) = result { failure.withLock { $0 = error } }
        }
        #expect(failure.withLock { $0 }?.code == .shutDown)
    }
}
