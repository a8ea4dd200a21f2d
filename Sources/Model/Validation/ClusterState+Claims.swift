extension ClusterState {
    /// Records the claims of a queued Service translation (`namespace/name`), replacing earlier ones.
    /// Record a deleted Service with `removeService(key:)`, not with empty claims: both hide the
    /// snapshot's claims, but only a removal is forgotten once MidoNet no longer has them.
    public mutating func setService(key: String, claims: ServiceClaims) {
        if let change = serviceLayers.setQueued(claims, for: key) { apply(change) }
    }

    /// Records a queued removal of a Service's claims (the Service was deleted).
    public mutating func removeService(key: String) {
        if let change = serviceLayers.setQueued(nil, for: key) { apply(change) }
    }

    /// Forgets the queued claims of a Service that is no longer stored: what MidoNet's snapshot
    /// holds for it, if anything, counts again (as in a state built without that Service).
    public mutating func forgetService(key: String) {
        if let change = serviceLayers.clearQueued(for: key) { apply(change) }
    }

    /// Moves the owner key between claims, touching only the claims that differ.
    mutating func apply(_ change: LayeredMap<String, ServiceClaims>.Change) {
        let old = change.old?.ports ?? []
        let new = change.new?.ports ?? []
        // Both lists are sorted: one merge pass finds what left and what arrived.
        var i = 0
        var j = 0
        while i < old.count || j < new.count {
            if j == new.count || (i < old.count && old[i] < new[j]) {
                removeOwner(change.key, of: old[i])
                i += 1
            } else if i == old.count || new[j] < old[i] {
                addOwner(change.key, of: new[j])
                j += 1
            } else {
                i += 1
                j += 1
            }
        }
    }

    private mutating func addOwner(_ key: String, of claim: PortClaim) {
        var owners = claimIndex[claim] ?? []
        let position = owners.firstIndex { $0 >= key } ?? owners.endIndex
        if position == owners.endIndex || owners[position] != key { owners.insert(key, at: position) }
        claimIndex[claim] = owners
    }

    private mutating func removeOwner(_ key: String, of claim: PortClaim) {
        guard var owners = claimIndex[claim] else { return }
        owners.removeAll { $0 == key }
        claimIndex[claim] = owners.isEmpty ? nil : owners
    }
}
