public import Foundation
public import Model
import GRDB
import Synchronization

/// The applier's side: drain the outbox in order, record failures, park what MidoNet refuses.
extension Store {
    private static let operationColumns = """
        o.seq, o.owner, o.translation_key, o.op, o.attempts, o.last_error, o.next_attempt_at, o.parked_reason, o.created_at
        """

    /// The operations the applier may run now: the first pending op of each owner whose retry
    /// time has come (a later op of an owner never overtakes an earlier one, even one waiting for
    /// its retry), oldest first. Parked ops are set aside and do not hold their owner back.
    /// Owners in `excludingOwners` (the applier's ops in flight) are left out in the query, so
    /// their ops are neither read nor decoded.
    public func pendingOperations(
        limit: Int = 100, now: Date = Date(), excludingOwners: some Collection<String> = [String]()
    ) throws -> [QueuedOperation] {
        let placeholders = excludingOwners.isEmpty ? "" : "AND o.owner NOT IN (\(databaseQuestionMarks(count: excludingOwners.count)))"
        var arguments: StatementArguments = [now.timeIntervalSince1970]
        arguments += StatementArguments(Array(excludingOwners))
        arguments += [limit]
        return try read { db in
            try Self.operations(
                db,
                sql: """
                    SELECT \(Self.operationColumns) FROM outbox_heads h JOIN outbox o ON o.seq = h.seq
                    WHERE o.next_attempt_at <= ? \(placeholders) ORDER BY o.seq LIMIT ?
                    """,
                arguments: arguments)
        }
    }

    /// Removes a done operation; the owner's next op becomes runnable. Unknown seq: nothing.
    public func markDone(seq: Int64) throws {
        try write { db in
            guard let owner = try String.fetchOne(db, sql: "DELETE FROM outbox WHERE seq = ? RETURNING owner", arguments: [seq]) else {
                return
            }
            try Rows.advanceHead(db, owner: owner)
        }
    }

    /// Records a failed attempt: `attempts` + 1, the error, and when to try again.
    public func markFailed(seq: Int64, error: String, retryAt: Date) throws {
        try write { db in
            try db.execute(
                sql: "UPDATE outbox SET attempts = attempts + 1, last_error = ?, next_attempt_at = ? WHERE seq = ?",
                arguments: [error, retryAt.timeIntervalSince1970, seq])
        }
    }

    /// Sets an operation aside for good (MidoNet rejected it): kept with its reason for the
    /// operator, never retried; the owner's next op becomes runnable.
    public func park(seq: Int64, reason: String) throws {
        try write { db in
            guard let owner = try String.fetchOne(
                db, sql: "UPDATE outbox SET parked_reason = ? WHERE seq = ? RETURNING owner", arguments: [reason, seq])
            else { return }
            try Rows.advanceHead(db, owner: owner)
        }
    }

    /// Records what became of several operations in ONE transaction: the same as `markDone`,
    /// `markFailed` and `park` on each, in order, for the cost of one commit (with durability
    /// `.powerLoss`, one fsync instead of one per op: the applier's drain rate depended on it).
    public func record(_ outcomes: [(seq: Int64, outcome: OperationOutcome)]) throws {
        guard !outcomes.isEmpty else { return }
        try write { db in
            var owners = Set<String>()
            for (seq, outcome) in outcomes {
                switch outcome {
                case .done:
                    if let owner = try String.fetchOne(db, sql: "DELETE FROM outbox WHERE seq = ? RETURNING owner", arguments: [seq]) {
                        owners.insert(owner)
                    }
                case .failed(let error, let retryAt):
                    try db.execute(
                        sql: "UPDATE outbox SET attempts = attempts + 1, last_error = ?, next_attempt_at = ? WHERE seq = ?",
                        arguments: [error, retryAt.timeIntervalSince1970, seq])
                case .parked(let reason):
                    if let owner = try String.fetchOne(
                        db, sql: "UPDATE outbox SET parked_reason = ? WHERE seq = ? RETURNING owner", arguments: [reason, seq])
                    {
                        owners.insert(owner)
                    }
                }
            }
            for owner in owners.sorted() { try Rows.advanceHead(db, owner: owner) }
        }
    }

    /// Parked operations, oldest first.
    public func parkedOperations(limit: Int = 1000) throws -> [QueuedOperation] {
        try read { db in
            try Self.operations(
                db,
                sql: "SELECT \(Self.operationColumns) FROM outbox o WHERE o.parked_reason IS NOT NULL ORDER BY o.seq LIMIT ?",
                arguments: [limit])
        }
    }

    /// Every operation not yet done and not parked, in seq order (of one owner, or of all):
    /// what the demo and an operator look at. The applier uses `pendingOperations`.
    public func queuedOperations(owner: String? = nil, limit: Int = 10_000) throws -> [QueuedOperation] {
        try read { db in
            if let owner {
                return try Self.operations(
                    db,
                    sql: "SELECT \(Self.operationColumns) FROM outbox o WHERE o.parked_reason IS NULL AND o.owner = ? ORDER BY o.seq LIMIT ?",
                    arguments: [owner, limit])
            }
            return try Self.operations(
                db, sql: "SELECT \(Self.operationColumns) FROM outbox o WHERE o.parked_reason IS NULL ORDER BY o.seq LIMIT ?",
                arguments: [limit])
        }
    }

    /// The objects queued (not parked) ops are about: each `MidoNetObject.key`, with the host
    /// name of those bound to a host by name (their key names the host, not its ID). Read from
    /// the keys stored beside the ops; only ops queued before those were stored are decoded.
    public func queuedObjectKeys() throws -> [(key: String, hostName: String?)] {
        try read { db in
            var result: [(key: String, hostName: String?)] = []
            let rows = try Row.fetchCursor(
                db, sql: "SELECT DISTINCT object_key, host_name FROM outbox WHERE parked_reason IS NULL AND object_key IS NOT NULL")
            while let row = try rows.next() {
                result.append((row["object_key"], row["host_name"]))
            }
            let legacy = try Self.operations(
                db, sql: "SELECT \(Self.operationColumns) FROM outbox o WHERE o.parked_reason IS NULL AND o.object_key IS NULL",
                arguments: [])
            for op in legacy {
                let object = op.operation.object
                var hostName: String?
                if case .named(let name)? = object.host { hostName = name }
                result.append((object.key, hostName))
            }
            return result
        }
    }

    /// Whether any op of an owner other than `owner` is waiting (not parked).
    public func hasQueuedOperations(besides owner: String) throws -> Bool {
        try read { db in
            try Bool.fetchOne(
                db, sql: "SELECT EXISTS(SELECT 1 FROM outbox WHERE parked_reason IS NULL AND owner != ?)", arguments: [owner]) ?? false
        }
    }

    /// Operations not yet done and not parked.
    public func queueDepth() throws -> Int {
        try read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM outbox WHERE parked_reason IS NULL") ?? 0 }
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

    /// The stored translation of one unit (empty when it translates to nothing).
    public func translation(_ key: TranslationKey) throws -> Translation {
        Translation(key: key, objects: try read { db in try Rows.loadTranslation(db, key) })
    }

    private static func operations(_ db: Database, sql: String, arguments: StatementArguments) throws -> [QueuedOperation] {
        try Row.fetchAll(db, sql: sql, arguments: arguments).map { row in
            let keyText: String = row[2]
            guard let key = TranslationKey(keyText) else {
                throw StoreError(.corruptRecord, "unknown translation key \"\(keyText)\" at seq \(row[0] as Int64)")
            }
            let op: Data = row[3]
            return QueuedOperation(
                seq: row[0], owner: row[1], translationKey: key, operation: try StoredJSON.decodeOperation(Array(op)),
                attempts: row[4], lastError: row[5], nextAttemptAt: Date(timeIntervalSince1970: row[6]),
                parkedReason: row[7], createdAt: Date(timeIntervalSince1970: row[8]))
        }
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
