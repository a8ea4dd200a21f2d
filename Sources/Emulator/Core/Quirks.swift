/// MidoNet bugs the original client worked around (midonet-rest-api.md §8 item 7). On by default
/// so that clients are tested against the MidoNet they will meet; `--no-bug-compat` turns them off.
struct Quirks: Sendable, Equatable {
    /// MNA-1249: a link body with `portId` fails building the Location → 500, nothing linked.
    var linkWithPortIdFails = true
    /// MNA-1251: a router-port PUT without `portMac` clears the MAC.
    var putClearsOmittedPortMac = true
    /// MNA-1293: the tunnel-zone name check counts the zone being updated, so a PUT that keeps
    /// the name is a 409.
    var tunnelZonePutSameNameConflicts = true
    /// MNA-1315: re-adding an existing MAC or ARP entry is an unmapped state-store error → 500.
    var duplicateTableEntryIs500 = true

    static let midoNet = Quirks()
    static let fixed = Quirks(
        linkWithPortIdFails: false, putClearsOmittedPortMac: false, tunnelZonePutSameNameConflicts: false,
        duplicateTableEntryIs500: false)
}
