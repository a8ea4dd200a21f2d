import Foundation
import Model

/// What drift repair changes: for each translation, the ops that bring MidoNet back to it; and
/// the deletes of objects that are ours but no longer wanted. Pure: tested without MidoNet.
/// `DriftRepairer` runs the same steps a page of translations at a time (`repairs(of:…)`,
/// `unwanted`); `repairs(translations:inventory:)` runs them over translations all at hand.
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
        var chains = ChainContributors()
        var wanted = Set<String>()
        for translation in translations {
            chains.add(translation)
            for object in translation.objects { wanted.insert(object.key) }
        }
        var perTranslation: [(TranslationKey, [MidoNetOperation])] = []
        for translation in translations {
            let ops = repairs(of: translation, sharedChains: chains.shared, inventory: inventory)
            if !ops.isEmpty { perTranslation.append((translation.key, ops)) }
        }
        return Repairs(perTranslation: perTranslation, deletes: unwanted(in: inventory, isWanted: wanted.contains))
    }

    /// The ops that bring MidoNet back to one translation (hosts resolved): create what is
    /// missing, fix what differs, re-create rules that stand out of order in a chain that is
    /// not shared.
    static func repairs(of translation: Translation, sharedChains: Set<UUID>, inventory: MidoNetInventory) -> [MidoNetOperation] {
        var misplaced = Set<UUID>()
        for (chain, rules) in rulesByChain(translation) where !sharedChains.contains(chain) {
            misplaced.formUnion(misplacedRules(desired: rules, actual: inventory.chainRules[chain] ?? []))
        }
        var standing: [MidoNetObject] = []
        for object in translation.objects {
            let same: Bool
            var drifted = object
            switch inventory.found(object) {
            case nil:
                continue
            case .same?:
                same = true
                drifted.body = .null
            case .existing(let existing)?:
                same = isSame(object, existing.value)
                drifted.body = existing
            }
            // Present but different (or misplaced): hand the plan a version that differs, so it
            // updates (updatable kinds) or deletes and re-creates (immutable ones).
            standing.append(same && !(object.kind == .rule && misplaced.contains(object.id)) ? object : drifted)
        }
        return Plan.operations(from: standing, to: translation.objects)
    }

    /// Deletes of the objects that are ours and that `isWanted` says no translation wants,
    /// children first.
    static func unwanted(in inventory: MidoNetInventory, isWanted: (String) -> Bool) -> [MidoNetOperation] {
        let extra = inventory.ours.values.filter { !isWanted($0.key) }.sorted { $0.key < $1.key }
        return Plan.operations(from: extra, to: [])
    }

    /// Chains that hold rules of more than one translation (`KUBE-SERVICES`: every Service's jump
    /// rules). Their rules match disjoint (address, protocol, port) triples, so their order means
    /// nothing, and Services apply concurrently, so positions there are only relative: order is
    /// neither promised nor repaired in them. Translations are added one at a time.
    struct ChainContributors: Sendable {
        /// The one translation seen with rules in each chain that is not shared (yet).
        private var only: [UUID: TranslationKey] = [:]
        private(set) var shared = Set<UUID>()

        mutating func add(_ translation: Translation) {
            for chain in rulesByChain(translation).keys where !shared.contains(chain) {
                if let first = only[chain] {
                    if first != translation.key {
                        shared.insert(chain)
                        only[chain] = nil
                    }
                } else {
                    only[chain] = translation.key
                }
            }
        }
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
