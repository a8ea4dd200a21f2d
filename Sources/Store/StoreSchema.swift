import Foundation
import GRDB
import Model

/// The versioned schema. Migrations are append-only: a released one is never edited, a change
/// is a new registered migration (GRDB records applied identifiers in `grdb_migrations`).
enum StoreSchema {
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1") { db in
            try db.execute(sql: """
                -- The last seen state of every Kubernetes object the mapping reads, or its tombstone.
                -- json is the Model type's JSON (only the fields the mapping uses); NULL when deleted.
                CREATE TABLE objects (
                    kind TEXT NOT NULL,
                    key TEXT NOT NULL,
                    uid TEXT,
                    resource_version TEXT,
                    deleted INTEGER NOT NULL DEFAULT 0,
                    node_name TEXT,
                    service_key TEXT,
                    json BLOB,
                    updated_at REAL NOT NULL,
                    PRIMARY KEY (kind, key)
                ) WITHOUT ROWID;
                CREATE INDEX objects_pods_by_node ON objects(node_name, key) WHERE kind = 'Pod' AND deleted = 0;
                CREATE INDEX objects_slices_by_service ON objects(service_key, key) WHERE kind = 'EndpointSlice' AND deleted = 0;
                CREATE INDEX objects_tombstones ON objects(updated_at) WHERE deleted = 1;

                -- The desired MidoNet objects of each translation unit (TranslationKey.description).
                -- A unit that translates to nothing has no row.
                CREATE TABLE translations (
                    translation_key TEXT PRIMARY KEY NOT NULL,
                    objects BLOB NOT NULL,
                    updated_at REAL NOT NULL
                ) WITHOUT ROWID;

                -- MidoNet operations to apply, in seq order per owner. A done op is deleted.
                CREATE TABLE outbox (
                    seq INTEGER PRIMARY KEY AUTOINCREMENT,
                    owner TEXT NOT NULL,
                    translation_key TEXT NOT NULL,
                    op BLOB NOT NULL,
                    attempts INTEGER NOT NULL DEFAULT 0,
                    last_error TEXT,
                    next_attempt_at REAL NOT NULL DEFAULT 0,
                    parked_reason TEXT,
                    created_at REAL NOT NULL
                );
                CREATE INDEX outbox_pending_by_owner ON outbox(owner, seq) WHERE parked_reason IS NULL;
                CREATE INDEX outbox_parked ON outbox(seq) WHERE parked_reason IS NOT NULL;

                -- The first pending (not parked) op of each owner that has one: what the applier may
                -- run now. Kept in step with outbox by every write, so polling is O(owners).
                CREATE TABLE outbox_heads (
                    owner TEXT PRIMARY KEY NOT NULL,
                    seq INTEGER NOT NULL
                ) WITHOUT ROWID;

                -- Audit IDs already taken into account (exactly-once across kube-apiserver retries).
                CREATE TABLE audit_ids (
                    audit_id TEXT PRIMARY KEY NOT NULL,
                    processed_at REAL NOT NULL
                );
                CREATE INDEX audit_ids_by_time ON audit_ids(processed_at);

                -- What MidoNet has, as the applier last read it.
                CREATE TABLE snapshot_routes (
                    id TEXT PRIMARY KEY NOT NULL,
                    dst_network_addr TEXT NOT NULL,
                    dst_network_length INTEGER NOT NULL,
                    next_hop_port TEXT,
                    next_hop_gateway TEXT,
                    type TEXT NOT NULL
                ) WITHOUT ROWID;
                CREATE TABLE snapshot_rules (
                    id TEXT PRIMARY KEY NOT NULL,
                    chain_id TEXT NOT NULL,
                    nw_dst TEXT,
                    nw_proto INTEGER,
                    tp_dst_start INTEGER,
                    tp_dst_end INTEGER,
                    jump_chain_name TEXT
                ) WITHOUT ROWID;
                CREATE TABLE snapshot_hosts (
                    id TEXT PRIMARY KEY NOT NULL,
                    name TEXT NOT NULL,
                    alive INTEGER,
                    addresses TEXT
                ) WITHOUT ROWID;

                -- Counters: state_revision (objects and translations; the webhook's translation cache
                -- checks it), change_revision (anything the validator reads), snapshot_taken_at.
                CREATE TABLE meta (
                    name TEXT PRIMARY KEY NOT NULL,
                    value NUMERIC NOT NULL
                ) WITHOUT ROWID;
                INSERT INTO meta(name, value) VALUES ('state_revision', 0), ('change_revision', 0), ('snapshot_taken_at', 0);
                """)
        }
        migrator.registerMigration("v2: outbox object keys") { db in
            try db.execute(sql: """
                -- The key of the object each op is about (MidoNetObject.key) and, for an object bound
                -- to a host by name, that name: drift repair asks which objects queued ops touch
                -- without decoding every op (a backlog of a million ops took gigabytes). NULL in
                -- rows queued before this migration; readers decode those.
                ALTER TABLE outbox ADD COLUMN object_key TEXT;
                ALTER TABLE outbox ADD COLUMN host_name TEXT;
                """)
        }
        migrator.registerMigration("v3: object change revisions") { db in
            try db.execute(sql: """
                -- The change_revision (meta) of the transaction that last wrote each object row: the
                -- webhook's validation state reads only what changed since it last looked. 0 in rows
                -- written before this migration (a reader that starts reads everything).
                ALTER TABLE objects ADD COLUMN change_revision INTEGER NOT NULL DEFAULT 0;
                CREATE INDEX objects_by_change ON objects(change_revision);
                """)
        }
        migrator.registerMigration("v4: outbox runs") { db in
            try db.execute(sql: """
                DROP INDEX outbox_parked; -- the old table's; the name is the new table's now.

                -- The outbox as runs (OutboxRun): consecutive ops of one owner queued by one
                -- transaction, one row for all of them (JSON of each op and each op's object key and
                -- host name, length-framed), where every op had its row. Ops are seq run * 65536 + index.
                CREATE TABLE outbox_runs (
                    seq INTEGER PRIMARY KEY AUTOINCREMENT,
                    owner TEXT NOT NULL,
                    translation_key TEXT NOT NULL,
                    ops BLOB NOT NULL,
                    op_count INTEGER NOT NULL,
                    object_keys BLOB NOT NULL,
                    created_at REAL NOT NULL
                );
                -- op_count too: the queue's depth is a scan of this index, not of the runs' ops.
                CREATE INDEX outbox_runs_by_owner ON outbox_runs(owner, seq, op_count);

                -- How far the applier got in a run: ops before index `done` are applied (or parked),
                -- and the failed attempts at op `done`. No row: nothing done, nothing failed. Apart
                -- from the run so that recording an attempt does not rewrite the run's ops.
                CREATE TABLE outbox_progress (
                    seq INTEGER PRIMARY KEY NOT NULL,
                    done INTEGER NOT NULL,
                    attempts INTEGER NOT NULL,
                    last_error TEXT
                );

                -- Each owner's head carries when its op may be tried again (only a head is tried):
                -- the applier's poll reads the heads that are due through the index, not every
                -- owner's (with MidoNet down, every 50 ms, all of them).
                ALTER TABLE outbox_heads ADD COLUMN next_attempt_at REAL NOT NULL DEFAULT 0;
                CREATE INDEX outbox_heads_due ON outbox_heads(next_attempt_at, seq);

                -- Ops MidoNet rejected for good, under their own seq, kept with the reason for the operator.
                CREATE TABLE outbox_parked (
                    seq INTEGER PRIMARY KEY NOT NULL,
                    owner TEXT NOT NULL,
                    translation_key TEXT NOT NULL,
                    op BLOB NOT NULL,
                    attempts INTEGER NOT NULL,
                    last_error TEXT,
                    parked_reason TEXT NOT NULL,
                    created_at REAL NOT NULL
                );
                """)
            // Each queued op of the old table becomes a run of one under its own seq, so the owners'
            // heads stay right; parked ones move with their reason.
            let rows = try Row.fetchCursor(
                db,
                sql: """
                    SELECT seq, owner, translation_key, op, attempts, last_error, next_attempt_at, parked_reason, created_at,
                        object_key, host_name
                    FROM outbox ORDER BY seq
                    """)
            while let row = try rows.next() {
                let seq: Int64 = row[0]
                let op: Data = row[3]
                let attempts: Int = row[4]
                let lastError: String? = row[5]
                let nextAttemptAt: Double = row[6]
                let parkedReason: String? = row[7]
                if let reason = parkedReason {
                    try db.execute(
                        sql: """
                            INSERT INTO outbox_parked(seq, owner, translation_key, op, attempts, last_error, parked_reason, created_at)
                            VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                            """,
                        arguments: [OutboxRun.operationSeq(run: seq, index: 0), row[1], row[2], op, attempts, lastError, reason, row[8]])
                    continue
                }
                var objectKey: String? = row[9]
                var hostName: String? = row[10]
                if objectKey == nil, let operation = try? StoredJSON.decodeOperation(Array(op)) {
                    // Queued before the keys were stored beside the ops.
                    objectKey = operation.object.key
                    if case .named(let name)? = operation.object.host { hostName = name }
                }
                try db.execute(
                    sql: """
                        INSERT INTO outbox_runs(seq, owner, translation_key, ops, op_count, object_keys, created_at)
                        VALUES (?, ?, ?, ?, 1, ?, ?)
                        """,
                    arguments: [
                        seq, row[1], row[2], OutboxRun.frame([op]),
                        OutboxRun.frame([Array((objectKey ?? "").utf8), Array((hostName ?? "").utf8)]), row[8],
                    ])
                if attempts > 0 || lastError != nil {
                    try db.execute(
                        sql: "INSERT INTO outbox_progress(seq, done, attempts, last_error) VALUES (?, 0, ?, ?)",
                        arguments: [seq, attempts, lastError])
                }
                if nextAttemptAt > 0 {
                    try db.execute(
                        sql: "UPDATE outbox_heads SET next_attempt_at = ? WHERE owner = ? AND seq = ?", arguments: [nextAttemptAt, row[1], seq])
                }
            }
            try db.execute(sql: """
                -- New runs are numbered after every op the old table ever numbered.
                DELETE FROM sqlite_sequence WHERE name = 'outbox_runs';
                INSERT INTO sqlite_sequence(name, seq) SELECT 'outbox_runs', seq FROM sqlite_sequence WHERE name = 'outbox';
                DROP TABLE outbox;
                """)
        }
        migrator.registerMigration("v5: objects and translations in rowid tables") { db in
            try db.execute(sql: """
                -- In a WITHOUT ROWID table a row keeps at most ~1,000 bytes in its B-tree page and the
                -- rest in overflow pages; in a rowid table, up to ~4,000. An Endpoints object (~900
                -- bytes of JSON) took a leaf and an overflow page, a unit's translation (~5 KB) a leaf
                -- and two: each update rewrote them all into the WAL. The key is a unique index, which
                -- an update in place leaves alone.
                CREATE TABLE objects_v5 (
                    kind TEXT NOT NULL,
                    key TEXT NOT NULL,
                    uid TEXT,
                    resource_version TEXT,
                    deleted INTEGER NOT NULL DEFAULT 0,
                    node_name TEXT,
                    service_key TEXT,
                    updated_at REAL NOT NULL,
                    change_revision INTEGER NOT NULL DEFAULT 0,
                    json BLOB,
                    UNIQUE (kind, key)
                );
                INSERT INTO objects_v5(kind, key, uid, resource_version, deleted, node_name, service_key, updated_at, change_revision, json)
                    SELECT kind, key, uid, resource_version, deleted, node_name, service_key, updated_at, change_revision, json
                    FROM objects ORDER BY kind, key;
                DROP TABLE objects;
                ALTER TABLE objects_v5 RENAME TO objects;
                CREATE INDEX objects_pods_by_node ON objects(node_name, key) WHERE kind = 'Pod' AND deleted = 0;
                CREATE INDEX objects_slices_by_service ON objects(service_key, key) WHERE kind = 'EndpointSlice' AND deleted = 0;
                CREATE INDEX objects_tombstones ON objects(updated_at) WHERE deleted = 1;
                CREATE INDEX objects_by_change ON objects(change_revision);

                CREATE TABLE translations_v5 (
                    translation_key TEXT NOT NULL UNIQUE,
                    updated_at REAL NOT NULL,
                    objects BLOB NOT NULL
                );
                INSERT INTO translations_v5(translation_key, updated_at, objects)
                    SELECT translation_key, updated_at, objects FROM translations ORDER BY translation_key;
                DROP TABLE translations;
                ALTER TABLE translations_v5 RENAME TO translations;
                """)
        }
        return migrator
    }
}
