import Foundation
import Model

/// What drift repair changes: for each translation, the ops that bring MidoNet back to it; and
/// the deletes of objects that are ours but no longer wanted. Pure: tested without MidoNet.
enum DriftRepair {
    struct Repairs: Sendable, Equatable {
        /// Per translation unit: ops that create what is missing and fix what differs.
        var perTranslation: [(TranslationKey, [MidoNetOperation])]
        /// Deletes of our objects that no translation wants, children first.
        var deletes: [MidoNetOperation]

        var isEmpty: Bool { perTranslation.isEmpty && deletes.isEmpty }
        var count: Int { perTranslation.reduce(0) { $0 + $1.1.count } + deletes.count }

        static func == (lhs: Repairs, rhs: Repairs) -> Bool {
            lhs.deletes == rhs.deletes && lhs.perTranslation.map(\.0) == rhs.perTranslation.map(\.0)
                && lhs.perTranslation.map(\.1) == rhs.perTranslation.map(\.1)
        }
    }

    /// `translations` must have their hosts resolved (objects keyed by host ID), as MidoNet has them.
    static func repairs(translations: [Translation], inventory: MidoNetInventory) -> Repairs {
        var perTranslation: [(TranslationKey, [MidoNetOperation])] = []
        var wanted = Set<String>()
        for translation in translations {
            var standing: [MidoNetObject] = []
            for object in translation.objects {
                wanted.insert(object.key)
                guard let existing = inventory.objects[object.key] else { continue }
                if isSame(object, existing) {
                    standing.append(object)
                } else {
                    // Present but different: hand the plan a version that differs, so it updates
                    // (updatable kinds) or deletes and re-creates (immutable ones).
                    var drifted = object
                    drifted.body = existing
                    standing.append(drifted)
                }
            }
            let ops = Plan.operations(from: standing, to: translation.objects)
            if !ops.isEmpty { perTranslation.append((translation.key, ops)) }
        }
        let extra = inventory.ours.values.filter { !wanted.contains($0.key) }.sorted { $0.key < $1.key }
        let deletes = Plan.operations(from: extra, to: [])
        return Repairs(perTranslation: perTranslation, deletes: deletes)
    }

    /// Whether MidoNet's object is the one we want (ignoring what MidoNet adds and rule positions).
    static func isSame(_ desired: MidoNetObject, _ existing: JSONValue) -> Bool {
        switch desired.kind {
        case .portLink:
            return existing["peerId"]?.stringValue?.lowercased() == desired.body["peerId"]?.stringValue?.lowercased()
        case .hostInterfacePort:
            return existing["interfaceName"] == desired.body["interfaceName"]
        default:
            guard case .object(var fields) = desired.body else { return false }
            fields["position"] = nil
            return JSONValue.object(fields).isSubset(of: existing)
        }
    }
}
