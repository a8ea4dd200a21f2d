/// Two layers of one kind of entry, keyed: what the MidoNet snapshot holds, and what queued
/// translations say it will hold. The queued layer wins per key, including a queued removal,
/// which hides the snapshot's entry until a snapshot without that key arrives (MidoNet caught up).
///
/// Keying both layers by the same key is what keeps a Service (or route, or node) that is both in
/// MidoNet and in the queue from counting twice.
struct LayeredMap<Key: Hashable & Sendable, Value: Equatable & Sendable>: Sendable {
    /// One key whose effective value changed.
    struct Change {
        var key: Key
        var old: Value?
        var new: Value?
    }

    private(set) var snapshot: [Key: Value] = [:]
    /// `.some(nil)` is a queued removal.
    private(set) var queued: [Key: Value?] = [:]
    /// How many keys have an effective value.
    private(set) var count = 0

    /// The queued value if the queue has one for `key` (a removal is nil), else the snapshot's.
    func effective(_ key: Key) -> Value? {
        if let queuedValue = queued[key] { return queuedValue }
        return snapshot[key]
    }

    /// Records a queued value (nil: a queued removal); returns the change of the effective value, if any.
    mutating func setQueued(_ value: Value?, for key: Key) -> Change? {
        let old = effective(key)
        if value == nil && snapshot[key] == nil {
            // Nothing to hide: keeping no entry means every removal marker has a snapshot entry
            // behind it, so `replaceSnapshot` finds all the stale ones among the old snapshot's keys.
            queued[key] = nil
        } else {
            queued[key] = .some(value)
        }
        return record(Change(key: key, old: old, new: value))
    }

    /// Drops what the queue says about `key` (a value or a removal): the snapshot's entry, if
    /// any, is effective again. Returns the change of the effective value, if any.
    mutating func clearQueued(for key: Key) -> Change? {
        guard let queuedValue = queued.removeValue(forKey: key) else { return nil }
        return record(Change(key: key, old: queuedValue, new: snapshot[key]))
    }

    /// Replaces the snapshot layer; returns every effective change. Queued removals of keys the
    /// new snapshot no longer has are dropped: MidoNet has caught up with them.
    mutating func replaceSnapshot(_ newSnapshot: [Key: Value]) -> [Change] {
        var changes: [Change] = []
        for (key, old) in snapshot where newSnapshot[key] == nil {
            if let queuedValue = queued[key] {
                if queuedValue == nil { queued[key] = nil }
                continue
            }
            if let change = record(Change(key: key, old: old, new: nil)) { changes.append(change) }
        }
        for (key, new) in newSnapshot where queued[key] == nil {
            if let change = record(Change(key: key, old: snapshot[key], new: new)) { changes.append(change) }
        }
        snapshot = newSnapshot
        return changes
    }

    /// Keeps `count` in step and filters out non-changes.
    private mutating func record(_ change: Change) -> Change? {
        guard change.old != change.new else { return nil }
        if change.old == nil { count += 1 }
        if change.new == nil { count -= 1 }
        return change
    }
}
