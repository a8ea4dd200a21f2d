public import Model
import Foundation
import GRDB
import Synchronization

extension Store {
    /// Takes one audit EventList into the store in one transaction and returns once it is
    /// committed (durable as `configuration.durability` says). Events that are not ours, have no
    /// body, were seen before, are older than the stored state or are unreadable are counted
    /// and skipped. Throws `StoreError` only when the transaction itself fails (nothing of the
    /// batch is then stored, so kube-apiserver's retry is safe).
    public func ingest(_ list: AuditEventList) throws -> IngestReport {
        try ingestGroup([list.items])[0]
    }

    /// `ingest(_:)` for events already decoded.
    public func ingest(_ events: [AuditEvent]) throws -> IngestReport {
        try ingestGroup([events.map { .success($0) }])[0]
    }

    /// Several batches in ONE transaction (one fsync), one report each; re-translation of the
    /// units they touch happens once, after all their events.
    func ingestGroup(_ batches: [[Result<AuditEvent, DecodeError>]]) throws -> [IngestReport] {
        try ingestGroup(prepared: batches.map { PreparedBatch(items: $0) })
    }

    /// `ingestGroup` of batches whose objects may have been encoded beforehand.
    func ingestGroup(prepared batches: [PreparedBatch]) throws -> [IngestReport] {
        let started = ContinuousClock.now
        let now = Date().timeIntervalSince1970
        let reports = try writeIngest(now: now) { session in
            var reports = try batches.map { try session.ingest($0) }
            let (operations, translations) = try session.finish()
            if !reports.isEmpty {
                reports[0].operationsQueued = operations
                reports[0].translationsChanged = translations
                reports[0].warnings += session.rewrittenUnreadable
            }
            return reports
        }
        let elapsed = started.duration(to: .now)
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        counters.withLock { counters in
            counters.commitLatency.record(seconds: seconds)
            for report in reports {
                counters.events.add(report.events)
                counters.operationsQueued += report.operationsQueued
            }
        }
        return reports
    }

    private func writeIngest<T: Sendable>(now: Double, _ body: (IngestSession) throws -> T) throws -> T {
        try writer.withLock { state in
            let limit = configuration.cacheLimit
            let translator = self.translator
            let configuration = self.configuration
            do {
                let (result, session) = try Self.withDatabaseError {
                    try pool.write { db -> (T, IngestSession) in
                        let revision = try Meta.get(db, "state_revision")
                        if state.cache.revision != revision { state.cache = WriterCache(revision: revision, limit: limit) }
                        if now - state.lastPrune > 60 {
                            try Self.prune(db, now: now, configuration: configuration, cache: &state.cache)
                            state.lastPrune = now
                        }
                        let session = IngestSession(
                            db: db, cache: state.cache, translator: translator, now: now, warnedNoBody: state.warnedNoBody)
                        // The session owns the cache for the transaction (no copy on write).
                        state.cache = .invalid
                        let result = try body(session)
                        return (result, session)
                    }
                }
                // Committed: the session's cache is what the database now holds.
                state.cache = session.cache
                state.warnedNoBody = session.warnedNoBody
                let (entries, dropped) = (state.cache.count, state.cache.takeDropped())
                counters.withLock { counters in
                    counters.objectCacheEntries = entries
                    counters.objectCacheDropped += dropped
                }
                return result
            } catch {
                state.cache = .invalid
                throw error
            }
        }
    }

    /// Forgets audit IDs older than the retention beyond the newest `auditIDsKept`, and old
    /// tombstones. Runs inside an ingest transaction about once a minute.
    static func prune(_ db: Database, now: Double, configuration: Configuration, cache: inout WriterCache) throws {
        try db.execute(
            sql: """
                DELETE FROM audit_ids WHERE processed_at < ? AND processed_at < (
                    SELECT processed_at FROM audit_ids ORDER BY processed_at DESC LIMIT 1 OFFSET ?)
                """,
            arguments: [now - configuration.auditIDRetention, configuration.auditIDsKept])
        let cutoff = now - configuration.tombstoneRetention
        // A reader of changes since an earlier revision would miss these deletes: it reads all.
        if let pruned = try Int64.fetchOne(db, sql: "SELECT MAX(change_revision) FROM objects WHERE deleted = 1 AND updated_at < ?", arguments: [cutoff]),
            pruned > (try Meta.get(db, "objects_pruned_revision"))
        {
            try Meta.set(db, "objects_pruned_revision", pruned)
        }
        try db.execute(sql: "DELETE FROM objects WHERE deleted = 1 AND updated_at < ?", arguments: [cutoff])
        if db.changesCount > 0 {
            cache.removeAll { _, entry in
                guard let stored = entry else { return true }
                return stored.deleted && stored.updatedAt < cutoff
            }
        }
    }
}

/// One audit batch on its way to the writer, with the JSON of each event's object when it was
/// encoded on the submitting thread (`encoded[i]` for `items[i]`; empty: none). Encoding is the
/// costliest part of storing an object and depends on nothing in the store, so the submitters
/// do it in parallel and the single writer only binds the bytes.
struct PreparedBatch: Sendable {
    var items: [Result<AuditEvent, DecodeError>]
    var encoded: [Data?] = []

    init(items: [Result<AuditEvent, DecodeError>]) {
        self.items = items
    }

    /// Encodes the objects now (call it off the writer thread).
    init(encoding items: [Result<AuditEvent, DecodeError>]) {
        self.items = items
        encoded = items.map { item in
            guard case .success(let event) = item else { return nil }
            return IngestSession.preEncodedObject(of: event)
        }
    }
}
