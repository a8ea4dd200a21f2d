import Foundation
import Logging
import Model
import Store

/// Compares MidoNet with the translations and queues what brings it back: creates what is
/// missing, fixes what differs, deletes what is ours but no longer wanted, leaves the rest alone.
struct DriftRepairer: Sendable {
    let transport: any MidoNetTransport
    let hosts: HostDirectory
    let ids: GlobalIDs
    let store: Store
    let logger: Logger

    /// What one pass did.
    struct Pass: Sendable, Equatable {
        /// Translation units compared with MidoNet.
        var units = 0
        /// Ops queued.
        var queued = 0
        /// Only deletes were queued although creates are needed too: run again once they are
        /// applied (see `repair`).
        var createsDeferred = false
        /// Units whose stored translation could not be read: left out, and no deletes.
        var unreadable = 0
    }

    /// Translations read at once: a page of 100 units is a few MiB decoded.
    var pageSize = 100

    /// Runs one pass.
    ///
    /// Objects that queued ops still create, change or delete are left to those ops (their
    /// changes in flight would look like drift); everything else is repaired even while ops are
    /// queued, because when MidoNet lost its state the queued ops wait on referents (the shared
    /// chains, a Service's port chain) that only repair brings back. Deletes of what nobody wants
    /// happen only with an empty queue. When objects must be deleted AND created, only the
    /// deletes are queued: a rule created while an unwanted rule still sits in its chain would
    /// land one place off (its position counts our rules only). The deletes run under the owner
    /// "drift", alone, and are dropped if changes were queued meanwhile (`Drainer`); the next
    /// pass, once they are applied, queues the creates, under "drift/<owner>" beside the units'
    /// own queues.
    ///
    /// Neither the translations nor MidoNet's objects are ever held all at once (at 20,000
    /// Services, doing so took 2.3 GB). Translations are read a page at a time, twice. The
    /// first reading, before MidoNet is read, keeps a few numbers per object (`Census`,
    /// `DriftExpectations`); MidoNet's objects that match them are then kept as keys only
    /// (`MidoNetInventory`). The second reading compares each unit with MidoNet and queues its
    /// repairs. A unit whose translation changed between the two readings is left to the next
    /// pass (its ops were queued meanwhile), so every unit is compared as it stood before
    /// MidoNet was read, as when all were read at once.
    @discardableResult
    func repair(allowDeletes: Bool) async throws -> Pass {
        var touched = try await touchedKeys()
        var census = Census()
        let unreadable = try await forEachTranslation { stored, translation in census.add(translation, fingerprint: stored.fingerprint) }
        let inventory = try await MidoNetInventory.read(transport: transport, ids: ids, expectations: census.expectations)
        // Ops queued while we read MidoNet are left alone too.
        touched.formUnion(try await touchedKeys())

        // An empty store (a new pod, a lost volume) knows nothing it could tell apart from drift:
        // never delete on its word; nor while anything is queued (what is wanted is still moving);
        // nor when a unit could not be read (its objects would look unwanted).
        var deletes: [MidoNetOperation] = []
        if allowDeletes && census.knowsCluster && touched.isEmpty && unreadable.isEmpty {
            deletes = DriftRepair.unwanted(in: inventory, isWanted: census.expectations.wanted.contains)
        }
        if !deletes.isEmpty {
            try store.enqueue(deletes, owner: Drainer.driftOwner, translationKey: .global)
            for op in deletes { logger.notice("drift repair: not wanted", metadata: ["op": "\(op)"]) }
        }

        var pass = Pass(queued: deletes.count, unreadable: unreadable.count)
        var podNodes: [String: String]?
        try await forEachTranslation(logging: false) { stored, translation in
            // Changed since the census: its own ops see to it.
            guard census.fingerprints[translation.key] == stored.fingerprint, !pass.createsDeferred else { return }
            pass.units += 1
            let settled = Translation(key: translation.key, objects: translation.objects.filter { !touched.contains($0.key) })
            let ops = DriftRepair.repairs(of: settled, sharedChains: census.chains.shared, inventory: inventory)
            guard !ops.isEmpty else { return }
            guard deletes.isEmpty else {
                pass.createsDeferred = true
                return
            }
            var podNode: String?
            if case .pod(let podKey) = translation.key {
                if podNodes == nil { podNodes = try store.podNodeNames() }
                podNode = podNodes?[podKey]
            }
            // Beside the unit's own queue, never behind it: a queued op of the unit may be
            // waiting for exactly this object (MidoNet restarted empty: a rule's create waits
            // for its Service's port chain), and would wait for good. Grouped as ingest groups
            // them, so that a pod's repairs stay behind its node's.
            try store.enqueue(ops, owner: Self.owner(of: translation.key, podNode: podNode), translationKey: translation.key)
            for op in ops { logger.notice("drift repair", metadata: ["op": "\(op)", "unit": "\(translation.key)"]) }
            pass.queued += ops.count
        }
        return pass
    }

    /// What the first reading of the translations keeps of all of them.
    struct Census: Sendable {
        /// Each unit's `StoredTranslation.fingerprint`.
        var fingerprints: [TranslationKey: Int] = [:]
        /// What MidoNet should have (hosts resolved).
        var expectations = DriftExpectations()
        var chains = DriftRepair.ChainContributors()
        /// Some unit other than `.global` is stored.
        var knowsCluster = false

        mutating func add(_ translation: Translation, fingerprint: Int) {
            fingerprints[translation.key] = fingerprint
            if translation.key != .global { knowsCluster = true }
            chains.add(translation)
            for object in translation.objects { expectations.expect(object) }
        }
    }

    /// Every stored translation, hosts resolved (`resolved`), a page at a time in key order.
    /// One whose objects cannot be read (a damaged row) is left out, and logged (`logging`), so
    /// that one bad row does not stop drift repair for the whole cluster. Returns those units.
    @discardableResult
    func forEachTranslation(logging: Bool = true, _ body: (StoredTranslation, Translation) async throws -> Void) async throws -> [TranslationKey] {
        var unreadable: [TranslationKey] = []
        var previous: StoredTranslation?
        while true {
            let page = try store.translationPage(after: previous, limit: pageSize)
            for stored in page {
                let objects: [MidoNetObject]
                do {
                    objects = try stored.objects()
                } catch let error as StoreError where error.code == .corruptRecord {
                    unreadable.append(stored.key)
                    if logging {
                        logger.error("drift repair: a stored translation is unreadable; its unit is left out and nothing is deleted", metadata: [
                            "unit": "\(stored.key)", "error": "\(error)",
                        ])
                    }
                    continue
                }
                try await body(stored, try await resolved(Translation(key: stored.key, objects: objects)))
            }
            guard page.count == pageSize, let last = page.last else { return unreadable }
            previous = last
        }
    }

    /// The owner repairs of a unit are queued under: "drift/" + the owner ingest uses.
    static func owner(of key: TranslationKey, podNode: String?) -> String {
        "\(Drainer.driftOwner)/\(OwnerGroup.of(key, podNode: podNode))"
    }

    /// Keys of the objects that queued (not parked) ops are about, read from the keys the store
    /// keeps beside the ops (a backlog of a million ops is not decoded, nor listed). A host-bound
    /// object's key names its host, and ingest queues it by host name while the translations
    /// compared here are resolved to host IDs: such objects count under both keys.
    func touchedKeys() async throws -> KeyHashes {
        var keys = KeyHashes()
        var hostBound = Set<HostBoundKey>()
        try store.forEachQueuedObjectKey { key, hostName in
            keys.insert(key)
            if let hostName { hostBound.insert(HostBoundKey(key: key, hostName: hostName)) }
        }
        for entry in hostBound {
            guard let id = try await hosts.id(ofHostNamed: entry.hostName) else { continue }
            keys.insert(Self.resolving(entry.key, hostName: entry.hostName, to: id))
        }
        return keys
    }

    private struct HostBoundKey: Hashable {
        var key: String
        var hostName: String
    }

    /// The key of a host-bound object once its host is known: the key ends in the host's
    /// `HostReference.keyText`, "name:N" before and the ID after.
    static func resolving(_ key: String, hostName: String, to id: UUID) -> String {
        let named = HostReference.named(hostName).keyText
        guard key.hasSuffix(named) else { return key }
        return String(key.dropLast(named.count)) + HostReference.id(id).keyText
    }

    /// The translation with "host named N" replaced by the host's ID; objects whose host MidoNet
    /// does not know yet are left out (their ops wait in the outbox anyway).
    func resolved(_ translation: Translation) async throws -> Translation {
        guard translation.objects.contains(where: { if case .named? = $0.host { true } else { false } }) else { return translation }
        var objects: [MidoNetObject] = []
        for object in translation.objects {
            guard case .named(let name)? = object.host else {
                objects.append(object)
                continue
            }
            if let id = try await hosts.id(ofHostNamed: name) { objects.append(object.resolvingHost(id)) }
        }
        return Translation(key: translation.key, objects: objects)
    }
}
