import Foundation
import GRDB
import Model

/// Reading and writing rows of `objects`, `translations` and the outbox inside a transaction.
enum Rows {
    // MARK: objects

    static func loadObject(_ db: Database, _ id: ObjectID) throws -> StoredObject? {
        let statement = try db.cachedStatement(sql: """
            SELECT uid, resource_version, deleted, node_name, service_key, json, updated_at
            FROM objects WHERE kind = ? AND key = ?
            """)
        guard let row = try Row.fetchOne(statement, arguments: [id.kind.rawValue, id.key]) else { return nil }
        let deleted: Bool = row[2]
        let json: Data? = row[5]
        var object: KubernetesObject?
        if !deleted, let json { object = try decodeObject(id.kind, json) }
        return StoredObject(
            version: ObjectVersion(uid: row[0], resourceVersion: row[1]), deleted: deleted,
            nodeName: row[3], serviceKey: row[4], object: object, updatedAt: row[6])
    }

    /// `encoded`: the object's JSON when the caller has it already (encoded off the writer).
    /// `revision`: the change revision the transaction commits (`Store.objectChanges(of:since:)`).
    static func saveObject(_ db: Database, _ id: ObjectID, _ stored: StoredObject, encoded: Data? = nil, revision: Int64) throws {
        let json = try stored.object.map { try encoded ?? encodeObject($0) }
        try db.cachedStatement(sql: """
            INSERT INTO objects(kind, key, uid, resource_version, deleted, node_name, service_key, json, updated_at, change_revision)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT(kind, key) DO UPDATE SET uid = excluded.uid, resource_version = excluded.resource_version,
                deleted = excluded.deleted, node_name = excluded.node_name, service_key = excluded.service_key,
                json = excluded.json, updated_at = excluded.updated_at, change_revision = excluded.change_revision
            """).execute { row in
                try row.bind(id.kind.rawValue)
                try row.bind(id.key)
                try row.bind(stored.version.uid)
                try row.bind(stored.version.resourceVersion)
                try row.bind(stored.deleted)
                try row.bind(stored.nodeName)
                try row.bind(stored.serviceKey)
                try row.bind(json)
                try row.bind(stored.updatedAt)
                try row.bind(revision)
            }
    }

    /// The object's JSON as the Store keeps it (`KubernetesObject.directlyEncoded`: what its
    /// `Encodable` conformance writes, without `JSONEncoder`).
    static func encodeObject(_ object: KubernetesObject) throws -> Data {
        guard let json = object.directlyEncoded else {
            let kind = if case .other(let kind) = object { kind } else { "\(object)" }
            throw StoreError(.corruptRecord, "cannot store an object of kind \(kind)")
        }
        return Data(json)
    }

    /// A stored object, read by the direct decoders (`JSONDecoder` before: the writer's reloads
    /// and the validation state's rebuild, every Service at each change, paid for it).
    static func decodeObject(_ kind: ObjectKind, _ json: Data) throws -> KubernetesObject {
        do {
            return try KubernetesJSON.decodeObject(kind, from: json)
        } catch {
            throw StoreError(.corruptRecord, "stored \(kind.rawValue) is unreadable: \(error.description)")
        }
    }

    static func podKeys(_ db: Database, onNode node: String) throws -> [String] {
        try String.fetchAll(
            db.cachedStatement(sql: "SELECT key FROM objects WHERE kind = 'Pod' AND deleted = 0 AND node_name = ? ORDER BY key"),
            arguments: [node])
    }

    static func sliceKeys(_ db: Database, ofService service: String) throws -> [String] {
        try String.fetchAll(
            db.cachedStatement(sql: "SELECT key FROM objects WHERE kind = 'EndpointSlice' AND deleted = 0 AND service_key = ? ORDER BY key"),
            arguments: [service])
    }

    // MARK: translations

    static func loadTranslation(_ db: Database, _ key: TranslationKey) throws -> [MidoNetObject] {
        guard let data = try loadTranslationJSON(db, key) else { return [] }
        return try StoredJSON.decodeObjects(Array(data))
    }

    /// The stored translation's JSON, undecoded (nil: no row).
    static func loadTranslationJSON(_ db: Database, _ key: TranslationKey) throws -> Data? {
        let statement = try db.cachedStatement(sql: "SELECT objects FROM translations WHERE translation_key = ?")
        return try Data.fetchOne(statement, arguments: [key.description])
    }

    static func saveTranslation(_ db: Database, _ key: TranslationKey, _ objects: [MidoNetObject], now: Double) throws {
        try saveTranslation(db, key, json: objects.isEmpty ? nil : Data(StoredJSON.encode(objects)), now: now)
    }

    /// `json`: the translation as `StoredJSON.encode` writes it; nil for none (the row is deleted).
    static func saveTranslation(_ db: Database, _ key: TranslationKey, json: Data?, now: Double) throws {
        guard let json else {
            try db.cachedStatement(sql: "DELETE FROM translations WHERE translation_key = ?").execute(arguments: [key.description])
            return
        }
        try db.cachedStatement(sql: """
            INSERT INTO translations(translation_key, objects, updated_at) VALUES (?, ?, ?)
            ON CONFLICT(translation_key) DO UPDATE SET objects = excluded.objects, updated_at = excluded.updated_at
            """).execute { row in
                try row.bind(key.description)
                try row.bind(json)
                try row.bind(now)
            }
    }

    // MARK: outbox

    /// What an outbox run holds of each of its operations: the JSON, its object's key and host.
    struct OperationRow: Sendable {
        var json: Data
        var objectKey: String
        var hostName: String?

        /// `objectJSON`: the JSON of the operation's object, when the caller has it.
        init(_ operation: MidoNetOperation, objectJSON: ArraySlice<UInt8>? = nil) {
            json = Data(objectJSON.map { StoredJSON.encode(operation, objectJSON: $0) } ?? StoredJSON.encode(operation))
            objectKey = operation.object.key
            if case .named(let name)? = operation.object.host { hostName = name }
        }
    }

    /// Appends `operations` in order for `owner`, in runs (`OutboxRun`), and makes the first run
    /// the owner's head if it has none. Returns the operations' seq numbers.
    @discardableResult
    static func enqueue(_ db: Database, _ operations: [MidoNetOperation], owner: String, translationKey: TranslationKey, now: Double) throws -> [Int64] {
        try enqueue(db, rows: operations.map { OperationRow($0) }, owner: owner, translationKey: translationKey, now: now)
    }

    /// `enqueue` with the operations encoded already (by `TranslationPipeline`, off the writer).
    @discardableResult
    static func enqueue(_ db: Database, rows: [OperationRow], owner: String, translationKey: TranslationKey, now: Double) throws -> [Int64] {
        guard !rows.isEmpty else { return [] }
        let keyText = translationKey.description
        var sequence: [Int64] = []
        sequence.reserveCapacity(rows.count)
        var firstRun: Int64?
        var start = 0
        while start < rows.count {
            let run = rows[start..<min(start + OutboxRun.maxOperations, rows.count)]
            try db.cachedStatement(sql: """
                INSERT INTO outbox_runs(owner, translation_key, ops, op_count, object_keys, created_at) VALUES (?, ?, ?, ?, ?, ?)
                """).execute { values in
                    try values.bind(owner)
                    try values.bind(keyText)
                    try values.bind(OutboxRun.frame(run.lazy.map(\.json)))
                    try values.bind(Int64(run.count))
                    try values.bind(OutboxRun.frame(run.lazy.flatMap { [Array($0.objectKey.utf8), Array(($0.hostName ?? "").utf8)] }))
                    try values.bind(now)
                }
            let seq = db.lastInsertedRowID
            firstRun = firstRun ?? seq
            sequence += (0..<run.count).map { OutboxRun.operationSeq(run: seq, index: $0) }
            start += run.count
        }
        if let firstRun {
            try db.cachedStatement(sql: "INSERT INTO outbox_heads(owner, seq) VALUES (?, ?) ON CONFLICT(owner) DO NOTHING")
                .execute(arguments: [owner, firstRun])
        }
        return sequence
    }

    /// Points the owner's head at its first run, or removes it when there is none.
    static func advanceHead(_ db: Database, owner: String) throws {
        let first = try Int64.fetchOne(db.cachedStatement(sql: "SELECT MIN(seq) FROM outbox_runs WHERE owner = ?"), arguments: [owner])
        if let first {
            // A run becomes its owner's head untried: due now.
            try db.cachedStatement(sql: """
                INSERT INTO outbox_heads(owner, seq, next_attempt_at) VALUES (?, ?, 0)
                ON CONFLICT(owner) DO UPDATE SET seq = excluded.seq, next_attempt_at = 0
                """).execute(arguments: [owner, first])
        } else {
            try db.cachedStatement(sql: "DELETE FROM outbox_heads WHERE owner = ?").execute(arguments: [owner])
        }
    }
}
