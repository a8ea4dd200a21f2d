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
        let shared = sharedChains(translations)
        for translation in translations {
            var misplaced = Set<UUID>()
            for (chain, rules) in rulesByChain(translation) where !shared.contains(chain) {
                misplaced.formUnion(misplacedRules(desired: rules, actual: inventory.chainRules[chain] ?? []))
            }
            var standing: [MidoNetObject] = []
            for object in translation.objects {
                wanted.insert(object.key)
                guard let existing = inventory.objects[object.key] else { continue }
                if isSame(object, existing) && !(object.kind == .rule && misplaced.contains(object.id)) {
                    standing.append(object)
                } else {
                    // Present but different: hand the plan a version that differs, so it updates
                    // (updatable kinds) or deletes and re-creates (immutable ones).
                    var drifted = object
                    drifted.body = JSONBody(existing)
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

    /// Chains that hold rules of more than one translation (`KUBE-SERVICES`: every Service's jump
    /// rules). Their rules match disjoint (address, protocol, port) triples, so their order means
    /// nothing, and Services apply concurrently, so positions there are only relative: order is
    /// neither promised nor repaired in them.
    static func sharedChains(_ translations: [Translation]) -> Set<UUID> {
        var contributors: [UUID: Set<TranslationKey>] = [:]
        for translation in translations {
            for chain in rulesByChain(translation).keys { contributors[chain, default: []].insert(translation.key) }
        }
        return Set(contributors.filter { $0.value.count > 1 }.keys)
    }

    /// A translation's rules by chain, in the translation's (= the chain's) order.
    static func rulesByChain(_ translation: Translation) -> [UUID: [UUID]] {
        var result: [UUID: [UUID]] = [:]
        for object in translation.objects where object.kind == .rule {
            if let chain = object.parentId { result[chain, default: []].append(object.id) }
        }
        return result
    }

    /// Rules of `desired` that stand out of order in `actual` (the chain as MidoNet lists it):
    /// the fewest whose removal leaves the rest in the desired order, i.e. those outside a
    /// longest subsequence of `actual` that follows `desired`. Re-creating them at their place
    /// restores the order (rules cannot be moved: MidoNet has no PUT for them).
    static func misplacedRules(desired: [UUID], actual: [UUID]) -> Set<UUID> {
        var rank: [UUID: Int] = [:]
        for (index, id) in desired.enumerated() { rank[id] = index }
        let present = actual.filter { rank[$0] != nil }
        guard present.count > 1 else { return [] }
        // Longest increasing subsequence by rank, O(n²): a chain holds a handful of our rules.
        var length = [Int](repeating: 1, count: present.count)
        var previous = [Int](repeating: -1, count: present.count)
        for i in present.indices {
            for j in 0..<i where rank[present[j]]! < rank[present[i]]! && length[j] + 1 > length[i] {
                length[i] = length[j] + 1
                previous[i] = j
            }
        }
        var keep = Set<UUID>()
        var index = length.indices.max { length[$0] < length[$1] } ?? -1
        while index >= 0 {
            keep.insert(present[index])
            index = previous[index]
        }
        return Set(present).subtracting(keep)
    }

    /// Whether MidoNet's object is the one we want (ignoring what MidoNet adds and rule positions).
    static func isSame(_ desired: MidoNetObject, _ existing: JSONValue) -> Bool {
        switch desired.kind {
        case .portLink:
            return existing["peerId"]?.stringValue?.lowercased() == desired.body["peerId"]?.stringValue?.lowercased()
        case .hostInterfacePort:
            return existing["interfaceName"] == desired.body["interfaceName"]
        default:
            guard case .object(var fields) = desired.body.value else { return false }
            fields["position"] = nil
            return JSONValue.object(fields).isSubset(of: existing)
        }
    }
}
