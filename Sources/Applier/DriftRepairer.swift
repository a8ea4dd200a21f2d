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

    /// Runs one pass; returns the number of ops queued. Does nothing while ops are queued
    /// (in-flight changes would look like drift).
    @discardableResult
    func repair(allowDeletes: Bool) async throws -> Int {
        guard try store.queueDepth() == 0 else { return 0 }
        let translations = try await resolved(try store.translations())
        let hostIDs = translations.flatMap(\.objects).compactMap { if case .id(let id)? = $0.host { id } else { nil } }
        let inventory = try await MidoNetInventory.read(transport: transport, ids: ids, hostIDs: hostIDs)
        // Re-check: something may have been queued while we read MidoNet.
        guard try store.queueDepth() == 0 else { return 0 }
        var repairs = DriftRepair.repairs(translations: translations, inventory: inventory)
        // An empty store (a new pod, a lost volume) knows nothing it could tell apart from drift:
        // never delete on its word.
        let knowsCluster = translations.contains { $0.key != .global }
        if !allowDeletes || !knowsCluster { repairs.deletes = [] }
        for (key, ops) in repairs.perTranslation {
            try store.enqueue(ops, owner: OwnerGroup.of(key, podNode: nil), translationKey: key)
            for op in ops { logger.notice("drift repair", metadata: ["op": "\(op)", "unit": "\(key)"]) }
        }
        if !repairs.deletes.isEmpty {
            try store.enqueue(repairs.deletes, owner: "drift", translationKey: .global)
            for op in repairs.deletes { logger.notice("drift repair: not wanted", metadata: ["op": "\(op)"]) }
        }
        return repairs.count
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
