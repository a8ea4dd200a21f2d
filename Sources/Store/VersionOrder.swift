/// The incarnation and version of one Kubernetes object, as an event or the store knows it.
struct ObjectVersion: Sendable, Equatable {
    var uid: String?
    var resourceVersion: String?

    /// etcd's revision, when the resourceVersion is one (it is opaque by contract, a decimal
    /// etcd revision in practice; revisions are global and only grow, across incarnations too).
    var revision: UInt64? { resourceVersion.flatMap { UInt64($0) } }

    func sameIncarnation(as other: ObjectVersion) -> Bool? {
        guard let uid, let otherUID = other.uid else { return nil }
        return uid == otherUID
    }
}

/// Whether an event's state replaces what the store has: audit batches are sent concurrently
/// and retried for minutes, so an older state can arrive after a newer one.
enum VersionOrder {
    /// Whether a create, update or patch carrying `incoming` is newer than the stored object.
    ///
    /// 1. A deleted incarnation never comes back: same uid as a tombstone is stale.
    /// 2. Both revisions numeric: the larger is newer (also across incarnations).
    /// 3. Otherwise a different uid is a new incarnation, hence newer.
    /// 4. Otherwise equal resourceVersions are the same state (not newer), and anything else
    ///    cannot be ordered: the later arrival wins.
    static func isNewer(_ incoming: ObjectVersion, than stored: ObjectVersion, storedIsDeleted: Bool) -> Bool {
        if storedIsDeleted, incoming.sameIncarnation(as: stored) == true { return false }
        if let new = incoming.revision, let old = stored.revision { return new > old }
        if incoming.sameIncarnation(as: stored) == false { return true }
        if let new = incoming.resourceVersion, let old = stored.resourceVersion, new == old { return false }
        return true
    }

    /// Whether a delete of `incoming` (often without uid or resourceVersion: a DELETE's URL has
    /// neither) removes the stored live object.
    ///
    /// A delete of another incarnation removes it only when its revision proves it newer; without
    /// revisions it is taken as the late delete of an earlier incarnation and changes nothing.
    static func deleteApplies(_ incoming: ObjectVersion, to stored: ObjectVersion) -> Bool {
        if let new = incoming.revision, let old = stored.revision, new < old { return false }
        if incoming.sameIncarnation(as: stored) == false {
            guard let new = incoming.revision, let old = stored.revision else { return false }
            return new > old
        }
        return true
    }

    /// The resourceVersion a tombstone keeps: the larger known one, so that no state older than
    /// the delete is taken for newer.
    static func tombstoneVersion(_ incoming: String?, stored: String?) -> String? {
        switch (incoming.flatMap { UInt64($0) }, stored.flatMap { UInt64($0) }) {
        case (let new?, let old?): return String(max(new, old))
        case (.some, nil): return incoming
        case (nil, .some): return stored
        case (nil, nil): return incoming ?? stored
        }
    }
}
