@testable import Store
import Testing

@Suite struct VersionOrderTests {
    @Test(arguments: [
        // incoming uid, rv; stored uid, rv, deleted; newer?
        ("u1", "11", "u1", "10", false, true),
        ("u1", "10", "u1", "10", false, false),
        ("u1", "9", "u1", "10", false, false),
        ("u1", "100", "u1", "99", false, true),  // numeric, not lexical
        ("u2", "5", "u1", "10", false, false),  // a late create of an older incarnation
        ("u2", "11", "u1", "10", false, true),
        ("u1", "11", "u1", "10", true, false),  // a deleted incarnation never comes back
        ("u2", "11", "u1", "10", true, true),
        ("u2", "opaque-a", "u1", "opaque-b", false, true),  // not numeric: another uid is newer
        ("u1", "opaque-a", "u1", "opaque-a", false, false),
        ("u1", "opaque-b", "u1", "opaque-a", false, true),  // cannot order: the later arrival wins
    ])
    func ordering(incomingUID: String, incomingRV: String, storedUID: String, storedRV: String, deleted: Bool, newer: Bool) {
        let incoming = ObjectVersion(uid: incomingUID, resourceVersion: incomingRV)
        let stored = ObjectVersion(uid: storedUID, resourceVersion: storedRV)
        #expect(VersionOrder.isNewer(incoming, than: stored, storedIsDeleted: deleted) == newer)
    }

    @Test(arguments: [
        (nil as String?, nil as String?, "u1", "10", true),  // DELETE's objectRef has neither
        ("u1", nil, "u1", "10", true),
        ("u2", nil, "u1", "10", false),  // the late delete of an earlier incarnation
        ("u2", "11", "u1", "10", true),
        (nil, "9", "u1", "10", false),
    ])
    func deletes(incomingUID: String?, incomingRV: String?, storedUID: String, storedRV: String, applies: Bool) {
        let incoming = ObjectVersion(uid: incomingUID, resourceVersion: incomingRV)
        #expect(VersionOrder.deleteApplies(incoming, to: ObjectVersion(uid: storedUID, resourceVersion: storedRV)) == applies)
    }

    @Test func aTombstoneKeepsTheLargerKnownVersion() {
        #expect(VersionOrder.tombstoneVersion("12", stored: "10") == "12")
        #expect(VersionOrder.tombstoneVersion(nil, stored: "10") == "10")
        #expect(VersionOrder.tombstoneVersion("9", stored: "10") == "10")
        #expect(VersionOrder.tombstoneVersion(nil, stored: nil) == nil)
    }
}
