public import Foundation
public import Model
import GRDB
import Synchronization

/// The applier's side: drain the outbox in order, record failures, park what MidoNet refuses.
extension Store {
    /// A run with what the applier did of it so far (`OutboxRun`), from `runTables`: its retry
    /// time is its owner's head's (a run that is not a head has none).
    private static let runColumns = """
        r.seq, r.owner, r.translation_key, r.ops, COALESCE(p.done, 0), COALESCE(p.attempts, 0), p.last_error,
        COALESCE(h.next_attempt_at, 0), r.created_at
        """
    private static let runTables = """
        outbox_runs r LEFT JOIN outbox_progress p ON p.seq = r.seq LEFT JOIN outbox_heads h ON h.owner = r.owner AND h.seq = r.seq
        """

    /// The operations the applier may run now: the first pending op of each owner whose retry
    /// time has come (a later op of an owner never overtakes an earlier one, even one waiting for
    /// its retry), oldest first. Parked ops are set aside and do not hold their owner back.
    /// Owners in `excludingOwners` (the applier's ops in flight) are left out in the query, so
    /// their ops are neither read nor decoded.
    public func pendingOperations(
        limit: Int = 100, now: Date = Date(), excludingOwners: some Collection<String> = [String]()
    ) throws -> [QueuedOperation] {
        let placeholders = excludingOwners.isEmpty ? "" : "AND h.owner NOT IN (\(databaseQuestionMarks(count: excludingOwners.count)))"
        var arguments: StatementArguments = [now.timeIntervalSince1970]
        arguments += StatementArguments(Array(excludingOwners))
        arguments += [limit]
        return try read { db in
            try Self.operations(
                db,
                // Through `outbox_heads_due`: the heads whose time has come, whatever the number
                // of owners waiting.
                sql: """
                    SELECT \(Self.runColumns) FROM outbox_heads h INDEXED BY outbox_heads_due
                    JOIN outbox_runs r ON r.seq = h.seq LEFT JOIN outbox_progress p ON p.seq = r.seq
                    WHERE h.next_attempt_at <= ? \(placeholders) ORDER BY h.seq LIMIT ?
                    """,
                arguments: arguments, limit: limit, firstOfEachRun: true)
        }
    }

    /// Makes due now the ops whose retry time is later than `limit`; how many there were.
    ///
    /// Retry times are wall-clock times, and no retry is scheduled further ahead than the retry
    /// policy's longest delay: one later than that means the clock stepped back since (NTP, a
    /// resumed VM), and its op would otherwise wait as long as the step. Reads first, so that
    /// the usual call, with nothing to reset, writes nothing.
    @discardableResult
    public func resetRetryTimes(laterThan limit: Date) throws -> Int {
        let bound = limit.timeIntervalSince1970
        let late = try read { db in
            try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM outbox_heads WHERE next_attempt_at > ?", arguments: [bound]) ?? 0
        }
        guard late > 0 else { return 0 }
        return try write { db in
            try db.execute(sql: "UPDATE outbox_heads SET next_attempt_at = 0 WHERE next_attempt_at > ?", arguments: [bound])
            return db.changesCount
        }
    }

    /// Removes a done operation; the owner's next op becomes runnable. Unknown seq: nothing.
    public func markDone(seq: Int64) throws {
        try record([(seq, .done)])
    }

    /// Records a failed attempt: `attempts` + 1, the error, and when to try again.
    public func markFailed(seq: Int64, error: String, retryAt: Date) throws {
        try record([(seq, .failed(error: error, retryAt: retryAt))])
    }

    /// Sets an operation aside for good (MidoNet rejected it): kept with its reason for the
    /// operator, never retried; the owner's next op becomes runnable.
    public func park(seq: Int64, reason: String) throws {
        try record([(seq, .parked(reason: reason))])
    }

    /// Records what became of several operations in ONE transaction: the same as `markDone`,
    /// `markFailed` and `park` on each, in order, for the cost of one commit (with durability
    /// `.powerLoss`, one fsync instead of one per op: the applier's drain rate depended on it).
    /// An outcome for an op that is not its run's current one (done already, a repeat after a
    /// crash) changes nothing.
    public func record(_ outcomes: [(seq: Int64, outcome: OperationOutcome)]) throws {
        guard !outcomes.isEmpty else { return }
        try write { db in
            var owners = Set<String>()
            for (seq, outcome) in outcomes {
                let run = OutboxRun.run(of: seq)
                let index = OutboxRun.index(of: seq)
                guard
                    let row = try Row.fetchOne(
                        db.cachedStatement(sql: """
                            SELECT r.owner, r.op_count, COALESCE(p.done, 0), COALESCE(p.attempts, 0), p.last_error
                            FROM outbox_runs r LEFT JOIN outbox_progress p ON p.seq = r.seq WHERE r.seq = ?
                            """),
                        arguments: [run]),
                    index == row[2] as Int
                else { continue }
                let owner: String = row[0]
                switch outcome {
                case .done:
                    break
                case .failed(let error, let retryAt):
                    try db.cachedStatement(sql: """
                        INSERT INTO outbox_progress(seq, done, attempts, last_error) VALUES (?, ?, 1, ?)
                        ON CONFLICT(seq) DO UPDATE SET attempts = attempts + 1, last_error = excluded.last_error
                        """).execute(arguments: [run, index, error])
                    try Self.setRetryTime(db, owner: owner, run: run, retryAt.timeIntervalSince1970)
                    continue
                case .parked(let reason):
                    try db.cachedStatement(sql: """
                        INSERT INTO outbox_parked(seq, owner, translation_key, op, attempts, last_error, parked_reason, created_at)
                        SELECT ?, owner, translation_key, ?, ?, ?, ?, created_at FROM outbox_runs WHERE seq = ?
                        """).execute(arguments: [seq, try Self.operationJSON(db, run: run, index: index), row[3], row[4], reason, run])
                }
                // The op is behind the applier now: the run goes on at the next one, or is finished.
                if index + 1 >= row[1] as Int {
                    try db.cachedStatement(sql: "DELETE FROM outbox_runs WHERE seq = ?").execute(arguments: [run])
                    try db.cachedStatement(sql: "DELETE FROM outbox_progress WHERE seq = ?").execute(arguments: [run])
                    owners.insert(owner)
                } else {
                    try db.cachedStatement(sql: """
                        INSERT INTO outbox_progress(seq, done, attempts, last_error) VALUES (?, ?, 0, NULL)
                        ON CONFLICT(seq) DO UPDATE SET done = excluded.done, attempts = 0, last_error = NULL
                        """).execute(arguments: [run, index + 1])
                    if row[3] as Int > 0 { try Self.setRetryTime(db, owner: owner, run: run, 0) }
                }
            }
            for owner in owners.sorted() { try Rows.advanceHead(db, owner: owner) }
        }
    }

    /// When the owner's head, if it is this run, may be tried again (`outbox_heads_due`).
    private static func setRetryTime(_ db: Database, owner: String, run: Int64, _ time: Double) throws {
        try db.cachedStatement(sql: "UPDATE outbox_heads SET next_attempt_at = ? WHERE owner = ? AND seq = ?")
            .execute(arguments: [time, owner, run])
    }

    /// The JSON of op `index` of a run.
    private static func operationJSON(_ db: Database, run: Int64, index: Int) throws -> Data {
        let ops = try Data.fetchOne(db.cachedStatement(sql: "SELECT ops FROM outbox_runs WHERE seq = ?"), arguments: [run])
        guard let ops, let json = try OutboxRun.parts(of: ops, from: index, limit: 1).first else {
            throw StoreError(.corruptRecord, "outbox run \(run) has no op at index \(index)")
        }
        return json
    }

    /// Parked operations, oldest first.
    public func parkedOperations(limit: Int = 1000) throws -> [QueuedOperation] {
        try read { db in
            try Row.fetchAll(
                db,
                sql: """
                    SELECT seq, owner, translation_key, op, attempts, last_error, parked_reason, created_at
                    FROM outbox_parked ORDER BY seq LIMIT ?
                    """,
                arguments: [limit]
            ).map { row in
                let op: Data = row[3]
                return QueuedOperation(
                    seq: row[0], owner: row[1], translationKey: try Self.translationKey(row[2], seq: row[0]),
                    operation: try StoredJSON.decodeOperation(Array(op)), attempts: row[4], lastError: row[5],
                    nextAttemptAt: Date(timeIntervalSince1970: 0), parkedReason: row[6], createdAt: Date(timeIntervalSince1970: row[7]))
            }
        }
    }

    /// Every operation not yet done and not parked, in seq order (of one owner, or of all):
    /// what the demo and an operator look at. The applier uses `pendingOperations`.
    public func queuedOperations(owner: String? = nil, limit: Int = 10_000) throws -> [QueuedOperation] {
        try read { db in
            let sql = "SELECT \(Self.runColumns) FROM \(Self.runTables)"
            if let owner {
                return try Self.operations(db, sql: sql + " WHERE r.owner = ? ORDER BY r.seq", arguments: [owner], limit: limit)
            }
            return try Self.operations(db, sql: sql + " ORDER BY r.seq", arguments: [], limit: limit)
        }
    }

    /// The objects queued (not parked) ops are about, one at a time, repeats included, in one
    /// read: each `MidoNetObject.key`, with the host name of those bound to a host by name (their
    /// key names the host, not its ID). Read from the keys stored beside the ops, without
    /// decoding them; a backlog of a million ops is never a list of their keys.
    public func forEachQueuedObjectKey(_ body: (_ key: String, _ hostName: String?) throws -> Void) throws {
        try read { db in
            let rows = try Row.fetchCursor(
                db, sql: "SELECT r.object_keys, COALESCE(p.done, 0) FROM outbox_runs r LEFT JOIN outbox_progress p ON p.seq = r.seq")
            while let row = try rows.next() {
                let parts = try OutboxRun.parts(of: row[0], from: 2 * (row[1] as Int))
                for pair in stride(from: 0, to: parts.count - 1, by: 2) {
                    guard !parts[pair].isEmpty else { continue }
                    let host = parts[pair + 1]
                    try body(String(decoding: parts[pair], as: UTF8.self), host.isEmpty ? nil : String(decoding: host, as: UTF8.self))
                }
            }
        }
    }

    /// Whether any op of an owner other than `owner` is waiting (not parked).
    public func hasQueuedOperations(besides owner: String) throws -> Bool {
        try read { db in
            try Bool.fetchOne(db, sql: "SELECT EXISTS(SELECT 1 FROM outbox_runs WHERE owner != ?)", arguments: [owner]) ?? false
        }
    }

    /// Operations not yet done and not parked.
    public func queueDepth() throws -> Int {
        try read { db in try Self.queueDepth(db) }
    }

    /// Operations parked.
    public func parkedCount() throws -> Int {
        try read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM outbox_parked") ?? 0 }
    }

    /// (A scan of `outbox_runs_by_owner`, which holds each run's op count.)
    static func queueDepth(_ db: Database) throws -> Int {
        try Int.fetchOne(
            db, sql: "SELECT COALESCE(SUM(r.op_count - COALESCE(p.done, 0)), 0) FROM outbox_runs r LEFT JOIN outbox_progress p ON p.seq = r.seq"
        ) ?? 0
    }

    /// Appends operations for `owner` (the applier's drift repair). Returns their seq numbers.
    @discardableResult
    public func enqueue(_ operations: [MidoNetOperation], owner: String, translationKey: TranslationKey) throws -> [Int64] {
        try write { db in
            try Rows.enqueue(db, operations, owner: owner, translationKey: translationKey, now: Date().timeIntervalSince1970)
        }
    }

    /// Makes `translation` the desired state of its unit and queues the operations from the
    /// stored one to it, in one transaction (the applier's bootstrap of `.global`). Returns them.
    @discardableResult
    public func setTranslation(_ translation: Translation) throws -> [MidoNetOperation] {
        try writeTranslations { db in
            let now = Date().timeIntervalSince1970
            let old = try Rows.loadTranslation(db, translation.key)
            guard old != translation.objects else { return [] }
            let plan = Plan.operations(from: old, to: translation.objects)
            var podNode: String?
            if case .pod(let podKey) = translation.key {
                podNode = try Rows.loadObject(db, ObjectID(kind: .pod, key: podKey))?.nodeName
            }
            try Rows.saveTranslation(db, translation.key, translation.objects, now: now)
            try Rows.enqueue(db, plan, owner: OwnerGroup.of(translation.key, podNode: podNode), translationKey: translation.key, now: now)
            return plan
        }
    }

    /// The whole desired state: every unit that translates to at least one object, by key.
    public func translations() throws -> [Translation] {
        let rows = try read { db in
            try Row.fetchAll(db, sql: "SELECT translation_key, objects FROM translations").map { row -> (String, Data) in (row[0], row[1]) }
        }
        var result: [Translation] = []
        result.reserveCapacity(rows.count)
        for (keyText, data) in rows {
            guard let key = TranslationKey(keyText) else {
                throw StoreError(.corruptRecord, "unknown translation key \"\(keyText)\"")
            }
            result.append(Translation(key: key, objects: try StoredJSON.decodeObjects(Array(data))))
        }
        return result.sorted { $0.key < $1.key }
    }

    /// Up to `limit` stored translations in key order, after `previous` (from the first with
    /// nil), not decoded: what reads every unit without holding them all.
    public func translationPage(after previous: StoredTranslation?, limit: Int) throws -> [StoredTranslation] {
        let rows = try read { db in
            try Row.fetchAll(
                db, sql: "SELECT translation_key, objects FROM translations WHERE translation_key > ? ORDER BY translation_key LIMIT ?",
                arguments: [previous?.keyText ?? "", limit]
            ).map { row -> (String, Data) in (row[0], row[1]) }
        }
        return try rows.map { keyText, data in
            guard let key = TranslationKey(keyText) else { throw StoreError(.corruptRecord, "unknown translation key \"\(keyText)\"") }
            return StoredTranslation(key: key, keyText: keyText, bytes: Array(data))
        }
    }

    /// The stored translation of one unit (empty when it translates to nothing).
    public func translation(_ key: TranslationKey) throws -> Translation {
        Translation(key: key, objects: try read { db in try Rows.loadTranslation(db, key) })
    }

    /// The ops of the runs `sql` selects (`runColumns`), from each run's current op on (only
    /// that one with `firstOfEachRun`), `limit` at most. The current op carries the run's failed
    /// attempts; those after it have none yet.
    private static func operations(
        _ db: Database, sql: String, arguments: StatementArguments, limit: Int, firstOfEachRun: Bool = false
    ) throws -> [QueuedOperation] {
        var result: [QueuedOperation] = []
        let rows = try Row.fetchCursor(db, sql: sql, arguments: arguments)
        while result.count < limit, let row = try rows.next() {
            let run: Int64 = row[0]
            let owner: String = row[1]
            let key = try translationKey(row[2], seq: run)
            let done: Int = row[4]
            let createdAt = Date(timeIntervalSince1970: row[8])
            let ops = try OutboxRun.parts(of: row[3], from: done, limit: firstOfEachRun ? 1 : limit - result.count)
            guard !ops.isEmpty else { throw StoreError(.corruptRecord, "outbox run \(run) has no op at index \(done)") }
            for (offset, json) in ops.enumerated() {
                let current = offset == 0
                result.append(
                    QueuedOperation(
                        seq: OutboxRun.operationSeq(run: run, index: done + offset), owner: owner, translationKey: key,
                        operation: try StoredJSON.decodeOperation(Array(json)), attempts: current ? row[5] : 0,
                        lastError: current ? row[6] : nil, nextAttemptAt: Date(timeIntervalSince1970: current ? row[7] : 0),
                        parkedReason: nil, createdAt: createdAt))
            }
        }
        return result
    }

    private static func translationKey(_ text: String, seq: Int64) throws -> TranslationKey {
        guard let key = TranslationKey(text) else {
            throw StoreError(.corruptRecord, "unknown translation key \"\(text)\" at outbox seq \(seq)")
        }
        return key
    }
}

/// What became of one attempt at an operation (`Store.record(_:)`).
public enum OperationOutcome: Sendable, Equatable {
    /// MidoNet confirmed it: the op is removed and its owner's next op becomes runnable.
    case done
    /// Try again at `retryAt`; `attempts` + 1.
    case failed(error: String, retryAt: Date)
    /// Set aside for good with MidoNet's reason; the owner's next op becomes runnable.
    case parked(reason: String)
}
