import Foundation
import GRDB
import Model
import Testing

@testable import Store

/// Migrations of a file an older version of this program wrote.
@Suite struct StoreSchemaTests {
    /// v4 turns each op row of the old outbox into a run of one under its own seq: the owners'
    /// heads, failed attempts, parked ops and the numbering carry over; keys of rows queued
    /// before they were stored beside the op are read from the op.
    @Test func theOldOutboxBecomesRunsOfOneWithItsStateKept() throws {
        let file = try SchemaTestFile()
        let path = file.path

        let objects = Translator().translate(.global, lookup: ClusterObjects()).objects
        let ops: [MidoNetOperation] = [.create(objects[0]), .create(objects[1]), .update(objects[2]), .delete(objects[3])]
        do {
            let queue = try DatabaseQueue(path: path)
            try StoreSchema.migrator.migrate(queue, upTo: "v3: object change revisions")
            try queue.write { db in
                let rows: [(Int64, String, MidoNetOperation, Int, String?, Double, String?, Bool)] = [
                    (5, "svc/default/a", ops[0], 2, "503 Service Unavailable", 100, nil, true),
                    (6, "svc/default/a", ops[1], 0, nil, 0, nil, false),  // queued before v2: no keys
                    (7, "svc/default/b", ops[2], 1, "400 Bad Request", 0, "400 Bad Request", true),
                    (8, "svc/default/b", ops[3], 0, nil, 0, nil, true),
                ]
                for (seq, owner, op, attempts, error, retryAt, parked, keyed) in rows {
                    try db.execute(
                        sql: """
                            INSERT INTO outbox(seq, owner, translation_key, op, attempts, last_error, next_attempt_at, parked_reason,
                                created_at, object_key)
                            VALUES (?, ?, 'Service/default/x', ?, ?, ?, ?, ?, 50, ?)
                            """,
                        arguments: [seq, owner, Data(StoredJSON.encode(op)), attempts, error, retryAt, parked, keyed ? op.object.key : nil])
                }
                // Ops up to 9 were numbered (9 is done and gone); heads on each owner's first pending op.
                try db.execute(sql: "UPDATE sqlite_sequence SET seq = 9 WHERE name = 'outbox'")
                try db.execute(sql: "INSERT INTO outbox_heads(owner, seq) VALUES ('svc/default/a', 5), ('svc/default/b', 8)")
            }
        }

        let store = try Store(path: path)
        let seq = { (old: Int64) in OutboxRun.operationSeq(run: old, index: 0) }
        let pending = try store.pendingOperations(now: Date(timeIntervalSince1970: 1_000))
        #expect(pending.map(\.seq) == [seq(5), seq(8)])
        #expect(pending.map(\.operation) == [ops[0], ops[3]])
        #expect(pending.first?.attempts == 2 && pending.first?.lastError == "503 Service Unavailable")
        #expect(try store.pendingOperations(now: Date(timeIntervalSince1970: 99)).map(\.seq) == [seq(8)])
        #expect(try store.queuedOperations(owner: "svc/default/a").map(\.operation) == [ops[0], ops[1]])
        let parked = try store.parkedOperations()
        #expect(parked.map(\.seq) == [seq(7)] && parked.first?.operation == ops[2] && parked.first?.parkedReason == "400 Bad Request")
        var keys = Set<String>()
        try store.forEachQueuedObjectKey { key, _ in keys.insert(key) }
        #expect(keys == [ops[0].object.key, ops[1].object.key, ops[3].object.key])
        #expect(try store.queueDepth() == 3)
        #expect(try store.statistics().parkedOperations == 1)
        let next = try store.enqueue([.create(objects[4])], owner: "svc/default/c", translationKey: .service("default/c"))
        #expect(next == [seq(10)])
    }

    /// v5 moves objects and translations from WITHOUT ROWID tables to rowid tables: what was
    /// stored reads back the same, tombstones included, and ingest goes on from it.
    @Test func objectsAndTranslationsReadBackTheSameFromRowidTables() throws {
        let file = try SchemaTestFile()
        let service = Audit.service("a", uid: "uid-a", resourceVersion: "1")
        let global = Translator().translate(.global, lookup: ClusterObjects())
        do {
            let queue = try DatabaseQueue(path: file.path)
            try StoreSchema.migrator.migrate(queue, upTo: "v4: outbox runs")
            try queue.write { db in
                try Rows.saveObject(
                    db, ObjectID(kind: .service, key: "default/a"),
                    StoredObject(
                        version: ObjectVersion(uid: "uid-a", resourceVersion: "1"), deleted: false, nodeName: nil, serviceKey: nil,
                        object: service, updatedAt: 10),
                    revision: 1)
                try Rows.saveObject(
                    db, ObjectID(kind: .service, key: "default/b"),
                    StoredObject(
                        version: ObjectVersion(uid: "uid-b", resourceVersion: "2"), deleted: true, nodeName: nil, serviceKey: nil,
                        object: nil, updatedAt: 10),
                    revision: 2)
                try Rows.saveTranslation(db, .global, global.objects, now: 10)
                try db.execute(sql: "UPDATE meta SET value = 2 WHERE name = 'change_revision'")
            }
        }

        let store = try Store(path: file.path)
        #expect(try store.objects(of: .service) == [service])
        #expect(try store.liveObjectVersions(of: .service) == [StoredObjectVersion(key: "default/a", uid: "uid-a", resourceVersion: "1")])
        #expect(try store.translations() == [global])
        let changes = try #require(try store.objectChanges(of: [.service], since: 0))
        #expect(changes.stored == [service] && changes.deleted.map(\.key) == ["default/b"])
        let tables = try DatabaseQueue(path: file.path).read { db in
            try String.fetchAll(db, sql: "SELECT sql FROM sqlite_schema WHERE type = 'table' AND name IN ('objects', 'translations')")
        }
        #expect(tables.count == 2 && tables.allSatisfy { !$0.contains("WITHOUT ROWID") })

        // An older update is stale; a newer one is applied in place.
        let stale = try store.ingest([Audit.event("update", Audit.service("a", clusterIP: "10.96.0.99", uid: "uid-a", resourceVersion: "1"))])
        #expect(stale.events["Service", .stale] == 1)
        _ = try store.ingest([Audit.event("update", Audit.service("a", clusterIP: "10.96.0.20", uid: "uid-a", resourceVersion: "3"))])
        #expect(try store.liveObjectVersions(of: .service).map(\.resourceVersion) == ["3"])
    }
}

/// A database file in a temporary directory of its own, removed with it.
private final class SchemaTestFile {
    let directory: URL
    let path: String

    init() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("schema-tests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        path = directory.appendingPathComponent("store.sqlite").path
    }

    deinit { try? FileManager.default.removeItem(at: directory) }
}
