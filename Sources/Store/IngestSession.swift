import Foundation
import GRDB
import Model

/// One ingest transaction: the events of one or more batches, then one re-translation of every
/// unit they touched. Also the translator's `ClusterLookup` over the objects as the transaction
/// sees them (its own writes included). Lives only inside `Store.write`.
final class IngestSession: ClusterLookup {
    static let verbs: Set<String> = ["create", "update", "patch", "delete", "deletecollection"]

    let db: Database
    var cache: WriterCache
    let translator: Translator
    let now: Double
    var warnedNoBody: Set<String>
    /// One line per unit whose stored translation could not be read and was written anew
    /// (`TranslationChange.Prepared.unreadableStored`), for the reports' warnings.
    private(set) var rewrittenUnreadable: [String] = []
    private(set) var affected: Set<TranslationKey> = []
    private var objectsChanged = false
    /// The change revision this transaction commits, read at its first object write.
    private var objectRevision: Int64?
    /// The first error a lookup met; `ClusterLookup` cannot throw, so `finish` rethrows it.
    private var lookupError: (any Error)?

    init(db: Database, cache: WriterCache, translator: Translator, now: Double, warnedNoBody: Set<String>) {
        self.db = db
        self.cache = cache
        self.translator = translator
        self.now = now
        self.warnedNoBody = warnedNoBody
    }

    // MARK: events

    func ingest(_ items: [Result<AuditEvent, DecodeError>]) throws -> IngestReport {
        try ingest(PreparedBatch(items: items))
    }

    /// A batch whose objects were perhaps encoded already (`PreparedBatch`, off the writer thread).
    func ingest(_ batch: PreparedBatch) throws -> IngestReport {
        var report = IngestReport()
        for (index, item) in batch.items.enumerated() {
            switch item {
            case .success(let event):
                try ingest(event, encoded: index < batch.encoded.count ? batch.encoded[index] : nil, into: &report)
            case .failure: report.events.add(kind: EventCounts.otherKind, outcome: .invalid)
            }
        }
        return report
    }

    func ingest(_ event: AuditEvent, into report: inout IngestReport) throws {
        try ingest(event, encoded: nil, into: &report)
    }

    /// `encoded`: the JSON of `storedForm(of:)` of this event's object, when computed beforehand.
    func ingest(_ event: AuditEvent, encoded: Data?, into report: inout IngestReport) throws {
        guard let ref = event.objectRef, let resource = ref.resource, let kind = ObjectKind(resource: resource),
            // `services` of serving.knative.dev are not Services.
            (ref.apiGroup ?? "") == kind.group
        else {
            report.events.add(kind: EventCounts.otherKind, outcome: .ignored)
            return
        }
        let label = kind.rawValue
        guard event.stage == "ResponseComplete", event.succeeded, Self.verbs.contains(event.verb),
            ref.subresource == nil || ref.subresource == "status"
        else {
            report.events.add(kind: label, outcome: .ignored)
            return
        }
        guard let objects = event.responseObject else {
            report.events.add(kind: label, outcome: .noBody)
            if warnedNoBody.insert(label).inserted {
                report.warnings.append(
                    "audit events for \(resource) arrive without responseObject (audit level Metadata or Request) and cannot "
                        + "be translated: the audit policy must log \(resource) at level RequestResponse")
            }
            return
        }
        guard !event.auditID.isEmpty else {
            report.events.add(kind: label, outcome: .invalid)
            return
        }
        let outcome: IngestOutcome
        switch event.verb {
        case "delete":
            guard let name = ref.name, !name.isEmpty else {
                report.events.add(kind: label, outcome: .invalid)
                return
            }
            let id = ObjectID(kind: kind, key: Self.key(namespace: ref.namespace, name: name))
            guard try recordAuditID(event.auditID) else {
                report.events.add(kind: label, outcome: .duplicate)
                return
            }
            outcome = try delete(id, ObjectVersion(uid: ref.uid, resourceVersion: ref.resourceVersion)) ? .applied : .stale
        case "deletecollection":
            var deletions: [(ObjectID, ObjectVersion)] = []
            for object in objects {
                guard object.kind == kind, let meta = object.metadata, let name = meta.name, !name.isEmpty else {
                    report.events.add(kind: label, outcome: .invalid)
                    return
                }
                let id = ObjectID(kind: kind, key: Self.key(namespace: meta.namespace ?? ref.namespace, name: name))
                deletions.append((id, ObjectVersion(uid: meta.uid, resourceVersion: meta.resourceVersion)))
            }
            guard try recordAuditID(event.auditID) else {
                report.events.add(kind: label, outcome: .duplicate)
                return
            }
            var any = false
            for (id, version) in deletions where try delete(id, version) { any = true }
            outcome = any || deletions.isEmpty ? .applied : .stale
        default:
            guard objects.count == 1, let first = objects.first, first.kind == kind, let meta = first.metadata,
                let name = meta.name, !name.isEmpty
            else {
                report.events.add(kind: label, outcome: .invalid)
                return
            }
            let object = Self.storedForm(of: first, in: ref)
            guard try recordAuditID(event.auditID) else {
                report.events.add(kind: label, outcome: .duplicate)
                return
            }
            let id = ObjectID(kind: kind, key: object.metadata?.key ?? name)
            outcome = try upsert(id, object, encoded: encoded) ? .applied : .stale
        }
        report.events.add(kind: label, outcome: outcome)
    }

    /// Whether this audit ID is new (and now recorded).
    func recordAuditID(_ auditID: String) throws -> Bool {
        try db.cachedStatement(sql: "INSERT INTO audit_ids(audit_id, processed_at) VALUES (?, ?) ON CONFLICT(audit_id) DO NOTHING")
            .execute { row in
                try row.bind(auditID)
                try row.bind(now)
            }
        return db.changesCount > 0
    }

    /// Stores a created or updated object unless the store has a newer state. `encoded`: its
    /// JSON (`Rows.encodeObject`) when computed beforehand.
    func upsert(_ id: ObjectID, _ object: KubernetesObject, encoded: Data? = nil) throws -> Bool {
        let meta = object.metadata
        let incoming = ObjectVersion(uid: meta?.uid, resourceVersion: meta?.resourceVersion)
        let stored = try storedObject(id)
        if let stored, !VersionOrder.isNewer(incoming, than: stored.version, storedIsDeleted: stored.deleted) { return false }
        var nodeName: String?
        var serviceKey: String?
        switch object {
        case .pod(let pod): nodeName = pod.spec?.nodeName
        case .endpointSlice(let slice): serviceKey = slice.serviceKey
        default: break
        }
        try save(
            id, StoredObject(version: incoming, deleted: false, nodeName: nodeName, serviceKey: serviceKey, object: object, updatedAt: now),
            encoded: encoded)
        if let old = stored?.object {
            // Saved (a later stale check compares with this version), but nothing translation
            // reads has changed: no unit needs translating again.
            if Translator.input(of: old) == Translator.input(of: object) { return true }
            affected.formUnion(try affectedKeys(of: old))
        }
        affected.formUnion(try affectedKeys(of: object))
        return true
    }

    /// Replaces the object by a tombstone unless the delete is older than what the store has.
    func delete(_ id: ObjectID, _ incoming: ObjectVersion) throws -> Bool {
        let stored = try storedObject(id)
        if let stored {
            if stored.deleted {
                // A second tombstone only for another, provably later incarnation.
                guard incoming.sameIncarnation(as: stored.version) == false,
                    VersionOrder.isNewer(incoming, than: stored.version, storedIsDeleted: false)
                else { return false }
            } else if !VersionOrder.deleteApplies(incoming, to: stored.version) {
                return false
            }
        }
        let live = stored?.deleted == false ? stored : nil
        let tombstone = StoredObject(
            version: ObjectVersion(
                uid: incoming.uid ?? live?.version.uid,
                resourceVersion: VersionOrder.tombstoneVersion(incoming.resourceVersion, stored: live?.version.resourceVersion)),
            deleted: true, nodeName: live?.nodeName, serviceKey: live?.serviceKey, object: nil, updatedAt: now)
        try save(id, tombstone)
        if let old = live?.object { affected.formUnion(try affectedKeys(of: old)) }
        return true
    }

    func affectedKeys(of object: KubernetesObject) throws -> [TranslationKey] {
        var pods: [String] = []
        if case .node(let node) = object { pods = try Rows.podKeys(db, onNode: node.metadata.key) }
        return Translator.affectedKeys(of: object, podsOnNode: { _ in pods })
    }

    // MARK: objects, through the cache

    func storedObject(_ id: ObjectID) throws -> StoredObject? {
        if let entry = cache.entry(id) { return entry }
        let loaded = try Rows.loadObject(db, id)
        cache.set(id, loaded)
        return loaded
    }

    func save(_ id: ObjectID, _ stored: StoredObject, encoded: Data? = nil) throws {
        let revision = try objectRevision ?? Meta.get(db, "change_revision") + 1
        objectRevision = revision
        try Rows.saveObject(db, id, stored, encoded: encoded, revision: revision)
        cache.set(id, stored)
        objectsChanged = true
    }

    private func lookup(_ kind: ObjectKind, _ key: String) -> KubernetesObject? {
        do {
            return try storedObject(ObjectID(kind: kind, key: key))?.object
        } catch {
            if lookupError == nil { lookupError = error }
            return nil
        }
    }

    func service(_ key: String) -> Service? {
        if case .service(let o)? = lookup(.service, key) { return o }
        return nil
    }

    func node(_ name: String) -> Node? {
        if case .node(let o)? = lookup(.node, name) { return o }
        return nil
    }

    func endpoints(_ key: String) -> Endpoints? {
        if case .endpoints(let o)? = lookup(.endpoints, key) { return o }
        return nil
    }

    func pod(_ key: String) -> Pod? {
        if case .pod(let o)? = lookup(.pod, key) { return o }
        return nil
    }

    func endpointSlices(ofService key: String) -> [EndpointSlice] {
        do {
            return try Rows.sliceKeys(db, ofService: key).compactMap { sliceKey in
                if case .endpointSlice(let o)? = lookup(.endpointSlice, sliceKey) { return o }
                return nil
            }
        } catch {
            if lookupError == nil { lookupError = error }
            return []
        }
    }

    // MARK: translation

    /// Re-translates every affected unit once, stores the changed translations and queues the
    /// operations from the stored one to the new one. Returns (operations, translations changed).
    func finish() throws -> (operations: Int, translations: Int) {
        // TranslationKey's order is (rank, description); each description built once, not per comparison.
        let sortedAffected = affected.map { (rank: $0.rank, text: $0.description, key: $0) }
            .sorted { ($0.rank, $0.text) < ($1.rank, $1.text) }.map(\.key)
        // The writer fetches what each unit's translation reads; translating, comparing with the
        // stored translation, planning and encoding happen on other cores meanwhile
        // (`TranslationPipeline`), and the writer writes the rows as they come.
        let pipeline = TranslationPipeline(translator: translator, parallel: sortedAffected.count >= Self.parallelPreparation)
        var units: [TranslationChange] = []
        units.reserveCapacity(sortedAffected.count)
        for key in sortedAffected {
            let unit = TranslationChange(key: key, storedJSON: try Rows.loadTranslationJSON(db, key), inputs: try inputs(of: key))
            pipeline.add(unit)
            units.append(unit)
        }
        // Units that still want objects are written in dependency order (node before its pods,
        // Service before its endpoints), as they come; units torn down after them, in reverse,
        // so dependents go first.
        var changed = 0
        var operations = 0
        var tornDown: [(TranslationKey, TranslationChange.Prepared)] = []
        for (index, unit) in units.enumerated() {
            var outcome = try pipeline.take(index)
            if case .incomplete = outcome {
                let new = translator.translate(unit.key, lookup: self, pods: { self.pod($0) }).objects
                if let lookupError { throw lookupError }
                outcome = try TranslationChange.outcome(storedJSON: unit.storedJSON, new: new)
            }
            guard case .changed(let prepared) = outcome else { continue }
            if let reason = prepared.unreadableStored {
                rewrittenUnreadable.append(
                    "the stored translation of \(unit.key) was unreadable (\(reason)); it was written anew from the current objects and "
                        + "its objects are created again; drift repair deletes what the old one held and the new one does not")
            }
            changed += 1
            if prepared.isEmpty {
                tornDown.append((unit.key, prepared))
            } else {
                operations += try write(unit.key, prepared)
            }
        }
        for (key, prepared) in tornDown.reversed() { operations += try write(key, prepared) }
        if objectsChanged || changed > 0 {
            cache.revision = try Meta.increment(db, "state_revision")
            // The revision the objects were written with, when they were (the same number).
            if let objectRevision { try Meta.set(db, "change_revision", objectRevision) } else { try Meta.increment(db, "change_revision") }
        }
        return (operations, changed)
    }

    /// Transactions re-translating fewer units prepare them on the writer alone.
    static let parallelPreparation = 8

    /// Stores a changed unit's translation and queues its operations; returns how many.
    private func write(_ key: TranslationKey, _ prepared: TranslationChange.Prepared) throws -> Int {
        try Rows.saveTranslation(db, key, json: prepared.isEmpty ? nil : prepared.translationJSON, now: now)
        try Rows.enqueue(db, rows: prepared.operationRows, owner: try owner(of: key), translationKey: key, now: now)
        return prepared.operationRows.count
    }

    /// What translating `key` reads, fetched through this session.
    func inputs(of key: TranslationKey) throws -> TranslationInputs {
        let inputs = TranslationInputs(of: key, lookup: self, pods: { self.pod($0) })
        if let lookupError { throw lookupError }
        return inputs
    }

    func owner(of key: TranslationKey) throws -> String {
        var podNode: String?
        if case .pod(let podKey) = key { podNode = try storedObject(ObjectID(kind: .pod, key: podKey))?.nodeName }
        return OwnerGroup.of(key, podNode: podNode)
    }

    // MARK: helpers

    static func key(namespace: String?, name: String) -> String {
        guard let namespace, !namespace.isEmpty else { return name }
        return "\(namespace)/\(name)"
    }

    /// The object of a create, update or patch event as the store keeps it: with the namespace
    /// of the event's objectRef when the body has none.
    static func storedForm(of object: KubernetesObject, in ref: ObjectReference) -> KubernetesObject {
        if (object.metadata?.namespace ?? "").isEmpty, let namespace = ref.namespace, !namespace.isEmpty {
            return setting(namespace: namespace, of: object)
        }
        return object
    }

    /// The JSON `upsert` stores for this event's object, when the event is a create, update or
    /// patch with one object; nil otherwise (the writer then encodes what it stores itself).
    /// Pure and thread-safe: the group committer runs it on the submitting thread.
    static func preEncodedObject(of event: AuditEvent) -> Data? {
        guard let ref = event.objectRef, event.verb != "delete", event.verb != "deletecollection", let objects = event.responseObject,
            objects.count == 1, let first = objects.first
        else { return nil }
        return try? Rows.encodeObject(storedForm(of: first, in: ref))
    }

    static func setting(namespace: String, of object: KubernetesObject) -> KubernetesObject {
        // Nodes are cluster-scoped: never given a namespace.
        if case .node = object { return object }
        return object.withMetadata { $0.namespace = namespace }
    }
}
