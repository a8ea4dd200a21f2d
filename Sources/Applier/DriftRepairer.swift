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
        /// Ops queued.
        var queued = 0
        /// Only deletes were queued although creates are needed too: run again once they are
        /// applied (see `repair`).
        var createsDeferred = false
    }

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
    @discardableResult
    func repair(allowDeletes: Bool) async throws -> Pass {
        let touchedBefore = try await touchedKeys()
        let translations = try await resolved(try store.translations())
        let hostIDs = translations.flatMap(\.objects).compactMap { if case .id(let id)? = $0.host { id } else { nil } }
        let inventory = try await MidoNetInventory.read(transport: transport, ids: ids, hostIDs: hostIDs)
        // Ops queued while we read MidoNet are left alone too.
        let touched = touchedBefore.union(try await touchedKeys())
        let settled = translations.map { Translation(key: $0.key, objects: $0.objects.filter { !touched.contains($0.key) }) }
        var repairs = DriftRepair.repairs(translations: settled, inventory: inventory)
        // An empty store (a new pod, a lost volume) knows nothing it could tell apart from drift:
        // never delete on its word; nor while anything is queued (what is wanted is still moving).
        let knowsCluster = translations.contains { $0.key != .global }
        if !allowDeletes || !knowsCluster || !touched.isEmpty { repairs.deletes = [] }
        if !repairs.deletes.isEmpty {
            try store.enqueue(repairs.deletes, owner: Drainer.driftOwner, translationKey: .global)
            for op in repairs.deletes { logger.notice("drift repair: not wanted", metadata: ["op": "\(op)"]) }
            return Pass(queued: repairs.deletes.count, createsDeferred: !repairs.perTranslation.isEmpty)
        }
        let podNodes = try podNodeNames()
        for (key, ops) in repairs.perTranslation {
            var podNode: String?
            if case .pod(let podKey) = key { podNode = podNodes[podKey] }
            // Beside the unit's own queue, never behind it: a queued op of the unit may be
            // waiting for exactly this object (MidoNet restarted empty: a rule's create waits
            // for its Service's port chain), and would wait for good. Grouped as ingest groups
            // them, so that a pod's repairs stay behind its node's.
            try store.enqueue(ops, owner: Self.owner(of: key, podNode: podNode), translationKey: key)
            for op in ops { logger.notice("drift repair", metadata: ["op": "\(op)", "unit": "\(key)"]) }
        }
        return Pass(queued: repairs.count)
    }

    /// The owner repairs of a unit are queued under: "drift/" + the owner ingest uses.
    static func owner(of key: TranslationKey, podNode: String?) -> String {
        "\(Drainer.driftOwner)/\(OwnerGroup.of(key, podNode: podNode))"
    }

    /// Keys of the objects that queued (not parked) ops are about, read from the keys the store
    /// keeps beside the ops (a backlog of a million ops is not decoded). A host-bound object's
    /// key names its host, and ingest queues it by host name while the translations compared
    /// here are resolved to host IDs: such objects count under both keys.
    func touchedKeys() async throws -> Set<String> {
        var keys = Set<String>()
        for (key, hostName) in try store.queuedObjectKeys() {
            keys.insert(key)
            guard let hostName, let id = try await hosts.id(ofHostNamed: hostName) else { continue }
            keys.insert(Self.resolving(key, hostName: hostName, to: id))
        }
        return keys
    }

    /// The key of a host-bound object once its host is known: the key ends in the host's
    /// `HostReference.keyText`, "name:N" before and the ID after.
    static func resolving(_ key: String, hostName: String, to id: UUID) -> String {
        let named = HostReference.named(hostName).keyText
        guard key.hasSuffix(named) else { return key }
        return String(key.dropLast(named.count)) + HostReference.id(id).keyText
    }

    /// The node of each stored pod, by pod key.
    func podNodeNames() throws -> [String: String] {
        var result: [String: String] = [:]
        for case .pod(let pod) in try store.objects(of: .pod) {
            if let node = pod.spec?.nodeName { result[pod.metadata.key] = node }
        }
        return result
    }

    /// Translations with "host named N" replaced by the host's ID; objects whose host MidoNet
    /// does not know yet are left out (their ops wait in the outbox anyway).
    func resolved(_ translations: [Translation]) async throws -> [Translation] {
        var result: [Translation] = []
        for translation in translations {
            var objects: [MidoNetObject] = []
            for object in translation.objects {
                guard case .named(let name)? = object.host else {
                    objects.append(object)
                    continue
                }
                if let id = try await hosts.id(ofHostNamed: name) { objects.append(object.resolvingHost(id)) }
            }
            result.append(Translation(key: translation.key, objects: objects))
        }
        return result
    }
}
