public import Foundation

/// One MidoNet call the applier makes.
public enum MidoNetOperation: Sendable, Hashable, Codable, CustomStringConvertible {
    case create(MidoNetObject)
    /// PUT of an updatable object (router, bridge, port, tunnel zone).
    case update(MidoNetObject)
    case delete(MidoNetObject)

    public var object: MidoNetObject {
        switch self {
        case .create(let o), .update(let o), .delete(let o): o
        }
    }

    public var verb: String {
        switch self {
        case .create: "create"
        case .update: "update"
        case .delete: "delete"
        }
    }

    public var description: String { "\(verb) \(object.kind.rawValue) \(object.id.lowerText)" }
}

/// The ordered operations that turn one translation into another.
///
/// - Parents before children on create, children before parents on delete.
/// - Make before break: new and changed objects are created before obsolete ones are deleted,
///   so a service never lacks its DNAT rule while endpoints change.
/// - Rules get explicit positions computed against the chain as the old translation left it,
///   so that once the obsolete rules are gone each chain is in the translation's order.
/// - An immutable object that changes under the same ID (a node's PodCIDR route when the CIDR
///   changes) can only be deleted and created again; that delete comes first.
public enum Plan {
    public static func operations(from old: [MidoNetObject], to new: [MidoNetObject]) -> [MidoNetOperation] {
        // Every key once; the work below is by index.
        let oldKeys = old.map(\.planKey)
        let newKeys = new.map(\.planKey)
        var oldIndexByKey = [PlanKey: Int](minimumCapacity: old.count)
        for (index, key) in oldKeys.enumerated() where oldIndexByKey[key] == nil { oldIndexByKey[key] = index }
        let newKeySet = Set(newKeys)
        var replacedFirst: [Int] = []
        var creates: [Int] = []
        var updates: [MidoNetObject] = []
        for (index, object) in new.enumerated() {
            guard let previous = oldIndexByKey[newKeys[index]] else {
                creates.append(index)
                continue
            }
            if sameContent(old[previous], object) { continue }
            if object.kind.isUpdatable {
                updates.append(object)
            } else {
                replacedFirst.append(previous)
                creates.append(index)
            }
        }
        let removed = old.indices.filter { !newKeySet.contains(oldKeys[$0]) }
        let replacedKeys = Set(replacedFirst.map { oldKeys[$0] })
        // Until the final deletes, the chains still hold every old rule but the replaced ones.
        let standing = old.indices.filter { !replacedKeys.contains(oldKeys[$0]) }

        var operations: [MidoNetOperation] = []
        operations.reserveCapacity(replacedFirst.count + creates.count + updates.count + removed.count)
        for index in topologicalOrder(replacedFirst.map { old[$0] }, keys: replacedFirst.map { oldKeys[$0] }).reversed() {
            operations.append(.delete(old[replacedFirst[index]]))
        }
        // Updates after creates: an updated port may name a filter chain this plan creates.
        let createOrder = topologicalOrder(creates.map { new[$0] }, keys: creates.map { newKeys[$0] }).map { creates[$0] }
        let positioned = withRulePositions(
            createOrder.map { new[$0] }, keys: createOrder.map { newKeys[$0] },
            existing: standing.map { old[$0] }, existingKeys: standing.map { oldKeys[$0] }, desired: new, desiredKeys: newKeys)
        for object in positioned { operations.append(.create(object)) }
        for object in updates { operations.append(.update(object)) }
        for index in topologicalOrder(removed.map { old[$0] }, keys: removed.map { oldKeys[$0] }).reversed() {
            operations.append(.delete(old[removed[index]]))
        }
        return operations
    }

    /// Equal for MidoNet's purposes: a rule that only moved within its chain is the same rule.
    static func sameContent(_ a: MidoNetObject, _ b: MidoNetObject) -> Bool {
        guard a.kind == .rule, b.kind == .rule else { return a == b }
        // The bodies compared as text but for the position number: no copy of either.
        return a.path == b.path && a.body.equalsIgnoringPosition(b.body)
    }

    /// Kind order used to break ties: what MidoNet needs first comes first.
    static func rank(_ kind: MidoNetKind) -> Int {
        switch kind {
        case .tunnelZone: 0
        case .router: 1
        case .chain: 2
        case .bridge: 3
        case .port: 4
        case .portLink: 5
        case .route: 6
        case .rule: 7
        case .tunnelZoneHost: 8
        case .hostInterfacePort: 9
        case .macPort: 10
        case .ip4Mac: 11
        case .host: 12
        }
    }

    /// Referents before referrers (among the given objects; others are assumed to exist), ties
    /// broken by kind, then by the given order (which keeps a chain's rules in chain order).
    static func topologicallySorted(_ objects: [MidoNetObject]) -> [MidoNetObject] {
        topologicalOrder(objects, keys: nil).map { objects[$0] }
    }

    /// `topologicallySorted` as indices into `objects`. The ready set is a binary heap on
    /// (rank, index), so the pick is the same as a scan for the minimum, in O(log n).
    /// `keys` (the objects' keys, when the caller has them) only serve the cycle fallback.
    static func topologicalOrder(_ objects: [MidoNetObject], keys: [PlanKey]?) -> [Int] {
        guard objects.count > 1 else { return Array(objects.indices) }
        var indexByID: [UUIDKey: [Int]] = [:]
        indexByID.reserveCapacity(objects.count)
        for (index, object) in objects.enumerated() where object.kind.hasOwnID {
            indexByID[UUIDKey(object.id), default: []].append(index)
        }
        var waitingOn = [Int](repeating: 0, count: objects.count)
        var dependents = [[Int]](repeating: [], count: objects.count)
        var seen: [UUIDKey] = []
        for (index, object) in objects.enumerated() {
            // Each distinct reference once (as a Set would, without building one).
            seen.removeAll(keepingCapacity: true)
            for id in object.references {
                let reference = UUIDKey(id)
                if seen.contains(reference) { continue }
                seen.append(reference)
                for referent in indexByID[reference] ?? [] where referent != index {
                    waitingOn[index] += 1
                    dependents[referent].append(index)
                }
            }
        }
        let ranks = objects.map { rank($0.kind) }
        var ready = ReadyHeap(ranks: ranks)
        for index in objects.indices where waitingOn[index] == 0 { ready.push(index) }
        var result: [Int] = []
        result.reserveCapacity(objects.count)
        while let index = ready.pop() {
            result.append(index)
            for dependent in dependents[index] {
                waitingOn[dependent] -= 1
                if waitingOn[dependent] == 0 { ready.push(dependent) }
            }
        }
        if result.count < objects.count {
            // A reference cycle cannot come from our translators; keep the rest in given order.
            let keys = keys ?? objects.map(\.planKey)
            let placed = Set(result.map { keys[$0] })
            result += objects.indices.filter { !placed.contains(keys[$0]) }
        }
        return result
    }

    /// A min-heap of object indices ordered by (rank, index).
    struct ReadyHeap {
        let ranks: [Int]
        var items: [Int] = []

        init(ranks: [Int]) {
            self.ranks = ranks
            items.reserveCapacity(ranks.count)
        }

        @inline(__always) func less(_ a: Int, _ b: Int) -> Bool { (ranks[a], a) < (ranks[b], b) }

        mutating func push(_ index: Int) {
            items.append(index)
            var child = items.count - 1
            while child > 0 {
                let parent = (child - 1) / 2
                guard less(items[child], items[parent]) else { break }
                items.swapAt(child, parent)
                child = parent
            }
        }

        mutating func pop() -> Int? {
            guard let first = items.first else { return nil }
            let last = items.removeLast()
            if !items.isEmpty {
                items[0] = last
                var parent = 0
                while true {
                    let left = 2 * parent + 1
                    guard left < items.count else { break }
                    let right = left + 1
                    let child = right < items.count && less(items[right], items[left]) ? right : left
                    guard less(items[child], items[parent]) else { break }
                    items.swapAt(child, parent)
                    parent = child
                }
            }
            return first
        }
    }

    /// Sets each created rule's `position` so that, inserted in this order into its chain as it
    /// stands (the old rules not yet deleted, in their old order), the desired order results.
    static func withRulePositions(_ creates: [MidoNetObject], existing: [MidoNetObject], desired: [MidoNetObject]) -> [MidoNetObject] {
        withRulePositions(
            creates, keys: creates.map(\.planKey), existing: existing, existingKeys: existing.map(\.planKey), desired: desired,
            desiredKeys: desired.map(\.planKey))
    }

    /// `withRulePositions` with the objects' keys computed by the caller. A chain's standing
    /// rules are kept as their desired indices (`Int.max` for a rule the translation drops).
    static func withRulePositions(
        _ creates: [MidoNetObject], keys: [PlanKey], existing: [MidoNetObject], existingKeys: [PlanKey], desired: [MidoNetObject],
        desiredKeys: [PlanKey]
    ) -> [MidoNetObject] {
        guard creates.contains(where: { $0.kind == .rule }) else { return creates }
        var desiredIndex: [PlanKey: Int] = [:]
        desiredIndex.reserveCapacity(desired.count)
        for (index, object) in desired.enumerated() where object.kind == .rule { desiredIndex[desiredKeys[index]] = index }
        var chains: [UUIDKey: [Int]] = [:]
        for (index, object) in existing.enumerated() where object.kind == .rule {
            if let chain = object.parentId { chains[UUIDKey(chain), default: []].append(desiredIndex[existingKeys[index]] ?? Int.max) }
        }
        var result = creates
        for (index, object) in creates.enumerated() {
            guard object.kind == .rule, let chain = object.parentId, let mine = desiredIndex[keys[index]] else { continue }
            let chainKey = UUIDKey(chain)
            var list = chains[chainKey] ?? []
            chains[chainKey] = nil
            // After the last rule that the desired order puts before this one.
            let after = list.lastIndex { $0 < mine }
            let insertAt = after.map { $0 + 1 } ?? 0
            list.insert(mine, at: insertAt)
            chains[chainKey] = list
            result[index].body = object.body.withPosition(insertAt + 1)
        }
        return result
    }
}

extension MidoNetKind {
    /// Whether `id` names the object itself; a link, a binding and a tunnel-zone membership
    /// carry the ID of a port or zone they belong to.
    var hasOwnID: Bool { self != .portLink && self != .hostInterfacePort && self != .tunnelZoneHost }
}

/// `UUID` as a dictionary key without Foundation's bridging cost.
public struct UUIDKey: Hashable, Sendable {
    let high: UInt64
    let low: UInt64
    public init(_ id: UUID) {
        let t = id.uuid
        high = UInt64(t.0) << 56 | UInt64(t.1) << 48 | UInt64(t.2) << 40 | UInt64(t.3) << 32 | UInt64(t.4) << 24 | UInt64(t.5) << 16 | UInt64(t.6) << 8 | UInt64(t.7)
        low = UInt64(t.8) << 56 | UInt64(t.9) << 48 | UInt64(t.10) << 40 | UInt64(t.11) << 32 | UInt64(t.12) << 24 | UInt64(t.13) << 16 | UInt64(t.14) << 8 | UInt64(t.15)
    }
}

/// `MidoNetObject.key` as a value the plan hashes and compares without building the string:
/// two objects have equal plan keys exactly when they have equal keys.
struct PlanKey: Hashable {
    /// The kind's `Plan.rank`, one per kind (hashing the kind would hash its raw string).
    let kind: Int
    /// The ID, or the bridge of a MAC or ARP table entry.
    let id: UUIDKey?
    /// The host of a binding or membership, the name of a table entry; nil for other kinds.
    let rest: String?
}

extension MidoNetObject {
    var planKey: PlanKey {
        switch kind {
        case .tunnelZoneHost, .hostInterfacePort: PlanKey(kind: Plan.rank(kind), id: UUIDKey(id), rest: host?.keyText ?? "")
        case .macPort, .ip4Mac: PlanKey(kind: Plan.rank(kind), id: parentId.map(UUIDKey.init), rest: entryName)
        default: PlanKey(kind: Plan.rank(kind), id: UUIDKey(id), rest: nil)
        }
    }
}
