import Foundation
import Model
import Store
import Testing

@Suite struct OutboxTests {
    let temp: TemporaryStore
    var store: Store { temp.store }

    init() throws { temp = try TemporaryStore() }

    /// Two services (two owners) with two ops each.
    func fill() throws -> (a: [Int64], b: [Int64]) {
        let objects = Translator().translate(.global, lookup: ClusterObjects()).objects
        let a = try store.enqueue([.create(objects[0]), .create(objects[1])], owner: "svc/default/a", translationKey: .service("default/a"))
        let b = try store.enqueue([.create(objects[2]), .create(objects[3])], owner: "svc/default/b", translationKey: .service("default/b"))
        return (a, b)
    }

    @Test func onlyTheFirstOpOfEachOwnerIsRunnable() throws {
        let (a, b) = try fill()
        #expect(try store.pendingOperations().map(\.seq) == [a[0], b[0]])
        #expect(try store.queueDepth() == 4)
    }

    @Test func ownersInFlightAreLeftOutAndTheLimitCountsOnlyTheRest() throws {
        let (a, b) = try fill()
        #expect(try store.pendingOperations(excludingOwners: ["svc/default/a"]).map(\.seq) == [b[0]])
        #expect(try store.pendingOperations(limit: 1, excludingOwners: ["svc/default/a"]).map(\.seq) == [b[0]])
        #expect(try store.pendingOperations(excludingOwners: ["svc/default/a", "svc/default/b"]).isEmpty)
        // An owner with a quote in its name is a bound value, not SQL.
        #expect(try store.pendingOperations(excludingOwners: ["x' OR '1'='1"]).map(\.seq) == [a[0], b[0]])
    }

    @Test func queuedObjectKeysAreThoseOfOpsNotDoneAndNotParked() throws {
        let objects = Translator().translate(.global, lookup: ClusterObjects()).objects
        let binding = HostInterfacePort(
            host: .named("node-1"), portId: UUID(uuidString: "0a1b2c3d-0000-0000-0000-000000000002")!, interfaceName: "veth1"
        ).object
        try store.enqueue([.create(objects[0]), .create(binding)], owner: "node/node-1", translationKey: .node("node-1"))
        let parked = try store.enqueue([.create(objects[1])], owner: "svc/default/a", translationKey: .service("default/a"))
        try store.park(seq: parked[0], reason: "rejected")
        let done = try store.enqueue([.create(objects[3]), .create(objects[2])], owner: "svc/default/b", translationKey: .service("default/b"))
        try store.markDone(seq: done[0])

        var keys: [(key: String, hostName: String?)] = []
        try store.forEachQueuedObjectKey { keys.append(($0, $1)) }
        #expect(Set(keys.map(\.key)) == [objects[0].key, binding.key, objects[2].key])
        #expect(keys.count == 3)
        #expect(keys.first { $0.key == binding.key }?.hostName == "node-1")
        #expect(keys.filter { $0.key != binding.key }.allSatisfy { $0.hostName == nil })
    }

    /// Ops queued together are one run (one row); the applier still takes them one by one.
    @Test func theOpsOfARunAreTakenOneByOneWithTheirOwnAttempts() throws {
        let objects = Translator().translate(.global, lookup: ClusterObjects()).objects
        let ops: [MidoNetOperation] = [.create(objects[0]), .create(objects[1]), .create(objects[2])]
        let seqs = try store.enqueue(ops, owner: "svc/default/a", translationKey: .service("default/a"))
        let retryAt = Date(timeIntervalSince1970: 1_000)
        try store.markFailed(seq: seqs[0], error: "503 Service Unavailable", retryAt: retryAt)
        let failed = try #require(try store.pendingOperations(now: retryAt).first)
        #expect(failed.seq == seqs[0] && failed.attempts == 1 && failed.lastError == "503 Service Unavailable")
        #expect(failed.nextAttemptAt == retryAt)
        // The ops behind it have no attempts of their own yet.
        #expect(try store.queuedOperations().map(\.attempts) == [1, 0, 0])

        try store.markDone(seq: seqs[0])
        let next = try #require(try store.pendingOperations().first)
        #expect(next.seq == seqs[1] && next.operation == ops[1] && next.attempts == 0 && next.lastError == nil)
        #expect(try store.queueDepth() == 2)

        // Outcomes for an op that is not the run's current one change nothing: a repeat of the
        // first op's, an early one for the third.
        try store.markDone(seq: seqs[0])
        try store.markDone(seq: seqs[2])
        try store.markFailed(seq: seqs[2], error: "late", retryAt: retryAt)
        try store.park(seq: seqs[2], reason: "early")
        #expect(try store.queuedOperations().map(\.seq) == [seqs[1], seqs[2]])
        #expect(try store.parkedOperations().isEmpty)

        // Parking the middle op sets it aside under its own seq; the run goes on.
        try store.park(seq: seqs[1], reason: "409 Conflict")
        #expect(try store.parkedOperations().map(\.seq) == [seqs[1]])
        #expect(try store.parkedOperations().first?.operation == ops[1])
        #expect(try store.pendingOperations().map(\.seq) == [seqs[2]])
        try store.markDone(seq: seqs[2])
        #expect(try store.queueDepth() == 0)
        #expect(try store.pendingOperations().isEmpty)
        #expect(try !store.hasQueuedOperations(besides: "nobody"))
    }

    /// An op done before its retry time (a late answer) leaves the next one due at once, and
    /// only due owners are read (`outbox_heads_due`).
    @Test func aDoneOpMakesTheNextOneDueAtOnce() throws {
        let (a, b) = try fill()
        let later = Date().addingTimeInterval(3_600)
        try store.markFailed(seq: a[0], error: "connect: Connection refused", retryAt: later)
        try store.markFailed(seq: b[0], error: "connect: Connection refused", retryAt: later)
        #expect(try store.pendingOperations().isEmpty)
        try store.markDone(seq: a[0])
        #expect(try store.pendingOperations().map(\.seq) == [a[1]])
        try store.park(seq: b[0], reason: "rejected")
        #expect(try store.pendingOperations().map(\.seq) == [a[1], b[1]])
    }

    /// The count is not the listing's: that stops at its limit (1,000 by default).
    @Test func parkedCountCountsThemAll() throws {
        let objects = Translator().translate(.global, lookup: ClusterObjects()).objects
        let ops: [MidoNetOperation] = (0..<1_001).map { index in
            var object = objects[index % objects.count]
            object.path += "/\(index)"
            return .create(object)
        }
        let seqs = try store.enqueue(ops, owner: "svc/default/many", translationKey: .service("default/many"))
        try store.record(seqs.map { ($0, .parked(reason: "rejected")) })
        #expect(try store.parkedCount() == 1_001)
        #expect(try store.parkedOperations().count == 1_000)
        #expect(try store.queueDepth() == 0)
    }

    /// A run whose stored ops were cut short (a damaged file) is an error naming the run, not a
    /// crash, and the other owners' ops stay readable.
    @Test func aDamagedRunIsACorruptRecord() throws {
        let objects = Translator().translate(.global, lookup: ClusterObjects()).objects
        let damaged = try store.enqueue([.create(objects[0]), .create(objects[1])], owner: "svc/default/a", translationKey: .service("default/a"))
        try temp.execute("UPDATE outbox_runs SET ops = substr(ops, 1, 10) WHERE owner = 'svc/default/a'")
        #expect(throws: StoreError.self) { try store.pendingOperations() }
        #expect(throws: StoreError.self) { try store.park(seq: damaged[0], reason: "rejected") }
        #expect(try store.parkedOperations().isEmpty)
        let other = try store.enqueue([.create(objects[2])], owner: "svc/default/b", translationKey: .service("default/b"))
        #expect(try store.pendingOperations(excludingOwners: ["svc/default/a"]).map(\.seq) == other)
    }

    @Test func markingDoneMakesTheOwnersNextOpRunnable() throws {
        let (a, b) = try fill()
        try store.markDone(seq: a[0])
        #expect(try store.pendingOperations().map(\.seq) == [a[1], b[0]])
        try store.markDone(seq: a[1])
        #expect(try store.pendingOperations().map(\.seq) == [b[0]])
        #expect(try store.queueDepth() == 2)
        // Idempotent: the applier may crash after MidoNet answered and mark it again.
        try store.markDone(seq: a[1])
        #expect(try store.queueDepth() == 2)
    }

    @Test func outcomesRecordedTogetherHaveTheEffectOfRecordingEachAlone() throws {
        let (a, b) = try fill()
        let retryAt = Date().addingTimeInterval(60)
        try store.record([(a[0], .done), (b[0], .failed(error: "503", retryAt: retryAt)), (a[1], .parked(reason: "400: natTargets"))])
        #expect(try store.pendingOperations().isEmpty)
        #expect(try store.pendingOperations(now: retryAt.addingTimeInterval(1)).map(\.seq) == [b[0]])
        #expect(try store.pendingOperations(now: retryAt.addingTimeInterval(1)).first?.attempts == 1)
        #expect(try store.parkedOperations().map(\.seq) == [a[1]])
        #expect(try store.queueDepth() == 2)
        // Recording a done op again (after a crash between MidoNet's answer and the commit) is harmless.
        try store.record([(a[0], .done), (b[0], .done)])
        #expect(try store.queueDepth() == 1)
        #expect(try store.pendingOperations().map(\.seq) == [b[1]])
    }

    @Test func aFailedOpHoldsItsOwnerUntilItsRetryTime() throws {
        let (a, b) = try fill()
        let retryAt = Date().addingTimeInterval(60)
        try store.markFailed(seq: a[0], error: "503 Service Unavailable", retryAt: retryAt)
        #expect(try store.pendingOperations().map(\.seq) == [b[0]])
        let later = try store.pendingOperations(now: retryAt.addingTimeInterval(1))
        #expect(later.map(\.seq) == [a[0], b[0]])
        #expect(later[0].attempts == 1)
        #expect(later[0].lastError == "503 Service Unavailable")
        try store.markFailed(seq: a[0], error: "timeout", retryAt: retryAt)
        #expect(try store.pendingOperations(now: retryAt.addingTimeInterval(1))[0].attempts == 2)
    }

    @Test func aParkedOpIsKeptWithItsReasonAndNoLongerHoldsItsOwner() throws {
        let (a, b) = try fill()
        try store.park(seq: a[0], reason: "400 Bad Request: rule position out of range")
        #expect(try store.pendingOperations().map(\.seq) == [a[1], b[0]])
        let parked = try store.parkedOperations()
        #expect(parked.map(\.seq) == [a[0]])
        #expect(parked[0].parkedReason == "400 Bad Request: rule position out of range")
        #expect(try store.queueDepth() == 3)
        #expect(try store.statistics().parkedOperations == 1)
    }

    /// A retry time later than any retry is scheduled (the clock stepped back since) is made
    /// due; those within the limit keep their backoff.
    @Test func retryTimesBeyondTheLimitAreMadeDueOthersKept() throws {
        let (a, b) = try fill()
        let now = Date()
        try store.markFailed(seq: a[0], error: "503", retryAt: now.addingTimeInterval(3600))
        try store.markFailed(seq: b[0], error: "503", retryAt: now.addingTimeInterval(10))
        #expect(try store.pendingOperations(now: now).isEmpty)
        #expect(try store.resetRetryTimes(laterThan: now.addingTimeInterval(40)) == 1)
        #expect(try store.pendingOperations(now: now).map(\.seq) == [a[0]])
        #expect(try store.pendingOperations(now: now)[0].attempts == 1)
        #expect(try store.resetRetryTimes(laterThan: now.addingTimeInterval(40)) == 0)
        #expect(try store.pendingOperations(now: now.addingTimeInterval(11)).map(\.seq) == [a[0], b[0]])
    }

    /// The outbox's lag for `/metrics`: the oldest run with ops left, whoever's it is, until
    /// its last op is done (or parked).
    @Test func theOldestWaitingOpIsDatedUntilItsRunIsFinished() throws {
        #expect(try store.statistics().oldestQueuedAt == nil)
        let objects = Translator().translate(.global, lookup: ClusterObjects()).objects
        let a = try store.enqueue([.create(objects[0]), .create(objects[1])], owner: "svc/default/a", translationKey: .service("default/a"))
        let first = try #require(try store.statistics().oldestQueuedAt)
        #expect(abs(first.timeIntervalSinceNow) < 60)
        usleep(20_000)
        let b = try store.enqueue([.create(objects[2])], owner: "svc/default/b", translationKey: .service("default/b"))
        #expect(try store.statistics().oldestQueuedAt == first)
        try store.markDone(seq: a[0])
        #expect(try store.statistics().oldestQueuedAt == first)
        try store.park(seq: a[1], reason: "refused")
        let second = try #require(try store.statistics().oldestQueuedAt)
        #expect(second > first)
        try store.markDone(seq: b[0])
        #expect(try store.statistics().oldestQueuedAt == nil)
    }

    @Test func opsEnqueuedBehindAParkedOneRunInOrder() throws {
        let (a, _) = try fill()
        try store.park(seq: a[0], reason: "refused")
        try store.markDone(seq: a[1])
        let objects = Translator().translate(.global, lookup: ClusterObjects()).objects
        let more = try store.enqueue([.delete(objects[1])], owner: "svc/default/a", translationKey: .service("default/a"))
        #expect(try store.pendingOperations().map(\.seq).contains(more[0]))
    }

    @Test func queuedOperationsRoundTripTheOperation() throws {
        let objects = Translator().translate(.global, lookup: ClusterObjects()).objects
        let ops: [MidoNetOperation] = [.create(objects[0]), .update(objects[1]), .delete(objects[2])]
        try store.enqueue(ops, owner: OwnerGroup.global, translationKey: .global)
        let queued = try store.queuedOperations(owner: OwnerGroup.global)
        #expect(queued.map(\.operation) == ops)
        #expect(queued.allSatisfy { $0.translationKey == .global && $0.attempts == 0 && $0.parkedReason == nil })
    }

    /// Ops are queued in runs of at most `OutboxRun.maxOperations` (32): every count around that
    /// size gets its seq numbers in order, one per op, every op read back, and the owner's head
    /// on the first.
    @Test(arguments: [1, 31, 32, 33, 64, 65, 100])
    func manyOpsAreQueuedInOrderWithTheirSeqNumbers(count: Int) throws {
        let objects = Translator().translate(.global, lookup: ClusterObjects()).objects
        let ops: [MidoNetOperation] = (0..<count).map { index in
            var object = objects[index % objects.count]
            object.path += "/\(index)"
            return index % 3 == 0 ? .delete(object) : .create(object)
        }
        try store.enqueue([.create(objects[0])], owner: "other", translationKey: .global)
        let seqs = try store.enqueue(ops, owner: "svc/default/many", translationKey: .service("default/many"))
        #expect(seqs.count == count)
        #expect(seqs == seqs.sorted() && Set(seqs).count == count)
        let queued = try store.queuedOperations(owner: "svc/default/many")
        #expect(queued.map(\.seq) == seqs)
        #expect(queued.map(\.operation) == ops)
        #expect(try store.pendingOperations().filter { $0.owner == "svc/default/many" }.map(\.seq) == [seqs[0]])
        let next = try store.enqueue([.create(objects[1])], owner: "svc/default/many", translationKey: .service("default/many"))
        #expect(next[0] > seqs[count - 1])
    }

    /// Pages of translations, as drift repair reads them: every unit once, in key order, the
    /// same objects as `translations()`; a unit's fingerprint holds while it is unchanged.
    @Test func translationPagesHoldEveryUnitOnceAndFingerprintsFollowChanges() throws {
        try store.setTranslation(Translator().translate(.global, lookup: ClusterObjects()))
        for index in 0..<5 {
            _ = try store.ingest([Audit.event("create", Audit.service("s\(index)", clusterIP: "10.96.0.\(10 + index)", uid: "u\(index)", resourceVersion: "\(10 + index)"))])
        }
        var pages: [[StoredTranslation]] = []
        var previous: StoredTranslation?
        repeat {
            pages.append(try store.translationPage(after: previous, limit: 2))
            previous = pages.last?.last
        } while pages.last?.count == 2
        let all = try store.translations()
        #expect(pages.dropLast().allSatisfy { $0.count == 2 } && (pages.last?.count ?? 0) < 2 && all.count > 4)
        #expect(pages.joined().map(\.key) == all.map(\.key))
        #expect(try pages.joined().map { try $0.objects() } == all.map(\.objects))

        let before = try store.translationPage(after: nil, limit: 10)
        #expect(try store.translationPage(after: nil, limit: 10).map(\.fingerprint) == before.map(\.fingerprint))
        _ = try store.ingest([Audit.event("update", Audit.service("s2", clusterIP: "10.96.0.99", uid: "u2", resourceVersion: "30"))])
        let after = try store.translationPage(after: nil, limit: 10)
        let changed = zip(before, after).filter { $0.fingerprint != $1.fingerprint }.map(\.0.key)
        #expect(changed == [.service("default/s2")])
    }

    @Test func setTranslationQueuesTheDifferenceOnce() throws {
        let global = Translator().translate(.global, lookup: ClusterObjects())
        let ops = try store.setTranslation(global)
        #expect(ops == Plan.operations(from: [], to: global.objects))
        #expect(try store.queuedOperations(owner: OwnerGroup.global).map(\.operation) == ops)
        #expect(try store.setTranslation(global).isEmpty)
        #expect(try store.translations() == [global])
    }

    @Test(arguments: [
        (TranslationKey.global, nil as String?, "global"),
        (.node("worker-1"), nil, "node/worker-1"),
        (.pod("default/a"), "worker-1", "node/worker-1"),
        (.pod("default/a"), nil, "pod/default/a"),
        (.service("default/web"), nil, "svc/default/web"),
        (.serviceEndpoints("default/web"), nil, "svc/default/web"),
    ])
    func ownerGroups(key: TranslationKey, podNode: String?, owner: String) {
        #expect(OwnerGroup.of(key, podNode: podNode) == owner)
    }
}
