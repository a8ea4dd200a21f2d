public import Foundation
public import Model
import GRDB
import Synchronization

/// The MidoNet snapshot (written by the applier, read by the webhook) and the webhook's reads.
extension Store {
    /// Replaces the snapshot as a whole. `changeRevision` moves only when the content changed,
    /// so the webhook rebuilds its validation state only when there is something new.
    public func replaceSnapshot(_ snapshot: MidoNetSnapshot) throws {
        try write { db in
            let old = try Self.snapshot(db)
            try Meta.set(db, "snapshot_taken_at", snapshot.takenAt.timeIntervalSince1970)
            guard Set(old.routes) != Set(snapshot.routes) || Set(old.serviceRules) != Set(snapshot.serviceRules)
                || Set(old.hosts) != Set(snapshot.hosts)
            else { return }
            try db.execute(sql: "DELETE FROM snapshot_routes; DELETE FROM snapshot_rules; DELETE FROM snapshot_hosts")
            let route = try db.makeStatement(sql: """
                INSERT OR REPLACE INTO snapshot_routes(id, dst_network_addr, dst_network_length, next_hop_port, next_hop_gateway, type)
                VALUES (?, ?, ?, ?, ?, ?)
                """)
            for r in snapshot.routes {
                try route.execute(arguments: [r.id.lowerText, r.dstNetworkAddr, r.dstNetworkLength, r.nextHopPort?.lowerText, r.nextHopGateway, r.type])
            }
            let rule = try db.makeStatement(sql: """
                INSERT OR REPLACE INTO snapshot_rules(id, chain_id, nw_dst, nw_proto, tp_dst_start, tp_dst_end, jump_chain_name)
                VALUES (?, ?, ?, ?, ?, ?, ?)
                """)
            for r in snapshot.serviceRules {
                try rule.execute(arguments: [
                    r.id.lowerText, r.chainId.lowerText, r.nwDst?.description, r.nwProto, r.tpDst?.lowerBound, r.tpDst?.upperBound, r.jumpChainName,
                ])
            }
            let host = try db.makeStatement(sql: "INSERT OR REPLACE INTO snapshot_hosts(id, name, alive, addresses) VALUES (?, ?, ?, ?)")
            for h in snapshot.hosts {
                let addresses = h.addresses.map { list in String(decoding: StoredJSON.encodeStrings(list), as: UTF8.self) }
                try host.execute(arguments: [h.id.lowerText, h.name, h.alive, addresses])
            }
            try Meta.increment(db, "snapshot_revision")
            try Meta.increment(db, "change_revision")
        }
    }

    /// The last snapshot the applier wrote (empty, taken at `distantPast`, before the first).
    public func snapshot() throws -> MidoNetSnapshot {
        try read { db in try Self.snapshot(db) }
    }

    /// A number that grows whenever anything the validator reads changes: the snapshot, the
    /// stored objects or the translations. One indexed read: cheap to poll.
    public func changeRevision() throws -> Int64 {
        try read { db in try Meta.get(db, "change_revision") }
    }

    /// A number that grows whenever the snapshot's content changes (a part of `changeRevision`).
    public func snapshotRevision() throws -> Int64 {
        try read { db in try Meta.get(db, "snapshot_revision") }
    }

    /// The objects of `kinds` written (stored or deleted) by transactions after change revision
    /// `since`, and the revision they are complete through. Nil when deletes after `since` may
    /// have been forgotten (their tombstones pruned): the caller must read everything again.
    public func objectChanges(of kinds: Set<ObjectKind>, since: Int64) throws -> ObjectChanges? {
        let kindNames = kinds.map(\.rawValue).sorted()
        let read = try read { db -> (Int64, [(String, String, Data?)])? in
            guard since >= (try Meta.get(db, "objects_pruned_revision")) else { return nil }
            let revision = try Meta.get(db, "change_revision")
            // Only the kinds asked for are read: most writes are Endpoints, which the webhook skips.
            let rows = try Row.fetchAll(
                db,
                sql: """
                    SELECT kind, key, CASE WHEN deleted = 0 THEN json END FROM objects
                    WHERE change_revision > ? AND kind IN (\(databaseQuestionMarks(count: kindNames.count)))
                    ORDER BY change_revision, kind, key
                    """,
                arguments: StatementArguments([since]) + StatementArguments(kindNames))
            return (revision, rows.map { ($0[0], $0[1], $0[2]) })
        }
        guard let (revision, rows) = read else { return nil }
        var changes = ObjectChanges(revision: revision)
        for (kindText, key, json) in rows {
            guard let kind = ObjectKind(rawValue: kindText) else { continue }
            if let json {
                changes.stored.append(try Rows.decodeObject(kind, json))
            } else {
                changes.deleted.append((kind, key))
            }
        }
        return changes
    }

    /// The live (not deleted) stored objects of a kind, by key: the webhook builds its
    /// validation state from the Services and Nodes.
    public func objects(of kind: ObjectKind) throws -> [KubernetesObject] {
        let rows = try read { db in
            try Data.fetchAll(db, sql: "SELECT json FROM objects WHERE kind = ? AND deleted = 0 AND json IS NOT NULL ORDER BY key", arguments: [kind.rawValue])
        }
        return try rows.map { try Rows.decodeObject(kind, $0) }
    }

    /// The node of every live pod that has one, by pod key (`namespace/name`): the column ingest
    /// keeps beside each pod, so no pod is decoded.
    public func podNodeNames() throws -> [String: String] {
        try read { db in
            var result: [String: String] = [:]
            let rows = try Row.fetchCursor(
                db, sql: "SELECT key, node_name FROM objects WHERE kind = 'Pod' AND deleted = 0 AND node_name IS NOT NULL")
            while let row = try rows.next() { result[row[0]] = row[1] }
            return result
        }
    }

    /// The key (`namespace/name`, or `name`), uid and resourceVersion of every live object of
    /// `kind`, without decoding them: what a resync compares a LIST with.
    public func liveObjectVersions(of kind: ObjectKind) throws -> [StoredObjectVersion] {
        try read { db in
            try Row.fetchAll(
                db, sql: "SELECT key, uid, resource_version FROM objects WHERE kind = ? AND deleted = 0 ORDER BY key", arguments: [kind.rawValue]
            ).map { StoredObjectVersion(key: $0[0], uid: $0[1], resourceVersion: $0[2]) }
        }
    }

    /// Counters for `/metrics`: this process's ingest counts and commit latency, and the
    /// outbox as the database has it now.
    public func statistics() throws -> StoreStatistics {
        let (pending, parked, oldest) = try read { db in
            (
                try Self.queueDepth(db),
                try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM outbox_parked") ?? 0,
                // The lowest seq is the oldest run with ops left (finished runs are deleted).
                try Double.fetchOne(db, sql: "SELECT created_at FROM outbox_runs ORDER BY seq LIMIT 1")
            )
        }
        let counters = counters.withLock { $0 }
        return StoreStatistics(
            events: counters.events, operationsQueued: counters.operationsQueued, queueDepth: pending, parkedOperations: parked,
            oldestQueuedAt: oldest.map(Date.init(timeIntervalSince1970:)),
            commitLatency: counters.commitLatency, objectCacheEntries: counters.objectCacheEntries,
            objectCacheLimit: configuration.cacheLimit, objectCacheDropped: counters.objectCacheDropped)
    }

    static func snapshot(_ db: Database) throws -> MidoNetSnapshot {
        var snapshot = MidoNetSnapshot(takenAt: Date(timeIntervalSince1970: try Meta.getDouble(db, "snapshot_taken_at")))
        if snapshot.takenAt.timeIntervalSince1970 == 0 { snapshot.takenAt = Date.distantPast }
        for row in try Row.fetchAll(db, sql: "SELECT id, dst_network_addr, dst_network_length, next_hop_port, next_hop_gateway, type FROM snapshot_routes ORDER BY id") {
            snapshot.routes.append(
                SnapshotRoute(
                    id: try uuid(row[0]), dstNetworkAddr: row[1], dstNetworkLength: row[2], nextHopPort: try (row[3] as String?).map(uuid),
                    nextHopGateway: row[4], type: row[5]))
        }
        for row in try Row.fetchAll(db, sql: "SELECT id, chain_id, nw_dst, nw_proto, tp_dst_start, tp_dst_end, jump_chain_name FROM snapshot_rules ORDER BY id") {
            let nwDst: String? = row[2]
            let start: Int? = row[4]
            let end: Int? = row[5]
            var range: ClosedRange<Int>?
            if let start, let end, start <= end { range = start...end }
            snapshot.serviceRules.append(
                SnapshotRule(
                    id: try uuid(row[0]), chainId: try uuid(row[1]), nwDst: try nwDst.map { text in
                        guard let prefix = IPv4Prefix(text) else { throw StoreError(.corruptRecord, "snapshot rule nw_dst \"\(text)\"") }
                        return prefix
                    }, nwProto: row[3], tpDst: range, jumpChainName: row[6]))
        }
        for row in try Row.fetchAll(db, sql: "SELECT id, name, alive, addresses FROM snapshot_hosts ORDER BY id") {
            let addresses: String? = row[3]
            snapshot.hosts.append(
                MidoNetHost(id: try uuid(row[0]), name: row[1], alive: row[2], addresses: try addresses.map { try StoredJSON.decodeStrings(Array($0.utf8)) }))
        }
        return snapshot
    }

    private static func uuid(_ text: String) throws -> UUID {
        guard let id = UUID(text: text) else { throw StoreError(.corruptRecord, "stored UUID \"\(text)\"") }
        return id
    }
}

/// Counters for the webhook's `/metrics`.
public struct StoreStatistics: Sendable, Equatable {
    /// Audit events this process ingested, by kind and outcome (committed batches only).
    public var events: EventCounts
    /// Operations this process appended to the outbox.
    public var operationsQueued: Int
    /// Operations in the outbox, not parked (both processes' view: the database's).
    public var queueDepth: Int
    public var parkedOperations: Int
    /// When the oldest op still waiting was queued (nil: none waits). How long it has waited is
    /// the outbox's lag: it grows while the applier is down, MidoNet unreachable, or an op
    /// retried again and again.
    public var oldestQueuedAt: Date?
    /// Duration of this process's ingest transactions, commit included.
    public var commitLatency: LatencyHistogram
    /// Decoded objects the audit writer holds, its limit, and how many it dropped at the limit.
    public var objectCacheEntries: Int
    public var objectCacheLimit: Int
    public var objectCacheDropped: Int
}
