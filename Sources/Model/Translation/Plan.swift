import Foundation

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
        let oldByKey = Dictionary(old.map { ($0.key, $0) }, uniquingKeysWith: { first, _ in first })
        let newKeys = Set(new.map(\.key))
        var replacedFirst: [MidoNetObject] = []
        var creates: [MidoNetObject] = []
        var updates: [MidoNetObject] = []
        for object in new {
            guard let previous = oldByKey[object.key] else {
                creates.append(object)
                continue
            }
            if sameContent(previous, object) { continue }
            if object.kind.isUpdatable {
                updates.append(object)
            } else {
                replacedFirst.append(previous)
                creates.append(object)
            }
        }
        let removed = old.filter { !newKeys.contains($0.key) }
        let replacedKeys = Set(replacedFirst.map(\.key))
        // Until the final deletes, the chains still hold every old rule but the replaced ones.
        let standing = old.filter { !replacedKeys.contains($0.key) }

        let orderedCreates = withRulePositions(topologicallySorted(creates), existing: standing, desired: new)
        var operations: [MidoNetOperation] = topologicallySorted(replacedFirst).reversed().map { .delete($0) }
        // Updates after creates: an updated port may name a filter chain this plan creates.
        operations += orderedCreates.map { MidoNetOperation.create($0) }
        operations += updates.map { MidoNetOperation.update($0) }
        operations += topologicallySorted(removed).reversed().map { .delete($0) }
        return operations
    }

    /// Equal for MidoNet's purposes: a rule that only moved within its chain is the same rule.
    static func sameContent(_ a: MidoNetObject, _ b: MidoNetObject) -> Bool {
        guard a.kind == .rule, case .object(var left) = a.body, case .object(var right) = b.body else { return a == b }
        left["position"] = nil
        right["position"] = nil
        return left == right && a.path == b.path
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
        guard objects.count > 1 else { return objects }
        var indexByID: [UUIDKey: [Int]] = [:]
        for (index, object) in objects.enumerated() where object.kind.hasOwnID {
            indexByID[UUIDKey(object.id), default: []].append(index)
        }
        var waitingOn = [Int](repeating: 0, count: objects.count)
        var dependents = [[Int]](repeating: [], count: objects.count)
        for (index, object) in objects.enumerated() {
            for reference in Set(object.references.map(UUIDKey.init)) {
                for referent in indexByID[reference] ?? [] where referent != index {
                    waitingOn[index] += 1
                    dependents[referent].append(index)
                }
            }
        }
        var ready = objects.indices.filter { waitingOn[$0] == 0 }
        var result: [MidoNetObject] = []
        result.reserveCapacity(objects.count)
        let order: (Int, Int) -> Bool = { (rank(objects[$0].kind), $0) < (rank(objects[$1].kind), $1) }
        while !ready.isEmpty {
            let pick = ready.indices.min { order(ready[$0], ready[$1]) } ?? 0
            let index = ready.remove(at: pick)
            result.append(objects[index])
            for dependent in dependents[index] {
                waitingOn[dependent] -= 1
                if waitingOn[dependent] == 0 { ready.append(dependent) }
            }
        }
        if result.count < objects.count {
            // A reference cycle cannot come from our translators; keep the rest in given order.
            let placed = Set(result.map(\.key))
            result += objects.filter { !placed.contains($0.key) }
        }
        return result
    }

    /// Sets each created rule's `position` so that, inserted in this order into its chain as it
    /// stands (the old rules not yet deleted, in their old order), the desired order results.
    static func withRulePositions(_ creates: [MidoNetObject], existing: [MidoNetObject], desired: [MidoNetObject]) -> [MidoNetObject] {
        var desiredIndex: [String: Int] = [:]
        for (index, object) in desired.enumerated() where object.kind == .rule { desiredIndex[object.key] = index }
        var chains: [UUIDKey: [String]] = [:]
        for object in existing where object.kind == .rule {
            if let chain = object.parentId { chains[UUIDKey(chain), default: []].append(object.key) }
        }
        return creates.map { object in
            guard object.kind == .rule, let chain = object.parentId, let mine = desiredIndex[object.key],
                case .object(var body) = object.body
            else { return object }
            var list = chains[UUIDKey(chain)] ?? []
            // After the last rule that the desired order puts before this one.
            let after = list.lastIndex { (desiredIndex[$0] ?? Int.max) < mine }
            let insertAt = after.map { $0 + 1 } ?? 0
            list.insert(object.key, at: insertAt)
            chains[UUIDKey(chain)] = list
            body["position"] = .int(insertAt + 1)
            var positioned = object
            positioned.body = .object(body)
            return positioned
        }
    }
}

extension MidoNetKind {
    /// Whether `id` names the object itself; a link, a binding and a tunnel-zone membership
    /// carry the ID of a port or zone they belong to.
    var hasOwnID: Bool { self != .portLink && self != .hostInterfacePort && self != .tunnelZoneHost }
}

/// `UUID` as a dictionary key without Foundation's bridging cost.
struct UUIDKey: Hashable {
    let high: UInt64
    let low: UInt64
    init(_ id: UUID) {
        let t = id.uuid
        high = UInt64(t.0) << 56 | UInt64(t.1) << 48 | UInt64(t.2) << 40 | UInt64(t.3) << 32 | UInt64(t.4) << 24 | UInt64(t.5) << 16 | UInt64(t.6) << 8 | UInt64(t.7)
        low = UInt64(t.8) << 56 | UInt64(t.9) << 48 | UInt64(t.10) << 40 | UInt64(t.11) << 32 | UInt64(t.12) << 24 | UInt64(t.13) << 16 | UInt64(t.14) << 8 | UInt64(t.15)
    }
}
