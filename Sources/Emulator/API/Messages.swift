/// MidoNet's message texts (midonet-cluster ValidationMessages.properties, as quoted in
/// midonet-rest-api.md), in one place so handlers and tests agree.
enum Messages {
    static let vxLanPortIdNotSettable =
        "VXLAN port ID cannot be set directly. The VXLAN port is created or deleted in response to the creation or deletion of VTEP bindings."
    static let notABridgePort = "Not a bridge port."
    static let notARouterPort = "Not a router port."
    static let portsNotLinkable = "Ports are not linkable."
    static let routeNextHopPort = "This type of route requires a next hop port that is a port on the same router."
    static let routeTypeInvalid = "This type of route is invalid."
    static let positionExceeds = "Position exceeds number of rules in chain"
    static let ruleChainNotFound = "Rule chain not found"
    static let fragmentPolicyUndefined = "The valid options for fragmentPolicy are: 'any', 'header', 'nonheader', and 'unfragmented'."
    static let fragmentPolicyL4 = "For a rule with tpDst or tpSrc constraints, the fragmentPolicy must be 'header' or 'unfragmented'."
    static let fragmentPolicyNat = "For a NAT rule with port constraints or multiple targets, the fragmentPolicy must be 'unfragmented'."
    /// The properties key lacks `.message`, so Hibernate Validator leaves the template unresolved.
    static let rangeNotValid = "{midokura.javarx.RangeNotValid.message}"
    static let macInvalid = "MAC address string must be 6 words of 1 or 2 hex digits joined with 5 ':'"
    static let macMaskInvalid =
        "MAC mask must consist of three sets of four hexadecimal digits separated by periods, e.g. \"ffff.ff00.0000\"."
    static let tunnelZoneNameExists = "Tunnel zone name already exists."
    static let hostNotInTunnelZone = "The specified host is not in any tunnel zone."
    static func portAlreadyBound(_ id: String) -> String { "Port \(id) is already bound to an interface" }
    static func interfaceAlreadyUsed(_ name: String) -> String { "Interface \(name) is already bound to a port." }
    static let hostInterfacePortNotFound = "Host interface port not found"
    static let resourceNotFound = "Resource not found"
    static func hostActive(_ id: String) -> String { "Cannot delete host \(id) because it is active." }
    static func hostHasBindings(_ id: String, _ count: Int) -> String { "Cannot delete host \(id) because it has \(count) binding(s)." }
    static let floodingProxyWeightNull = "Flooding proxy weight must not be null."
    static let containerWeightNull = "Container weight must not be null."
    static let containerLimitNull = "Container limit must not be null."
    static let enforceContainerLimitNull = "Enforce container limit must not be null."
    static let macPortOnBridge = "The port must belong to the bridge that owns the MAC table."
    static func vlanMismatch(_ vlan: Int) -> String { "The specified port handles traffic only for VLAN \(vlan)." }
    static let macPortNotFound = "The specified bridge does not have the specified MAC-port mapping."
    static func bridgeHasNoVlan(_ vlan: Int) -> String { "The specified bridge has no ports assigned to VLAN \(vlan)." }
    static let arpEntryNotFound = "The specified bridge does not have the specified ARP table entry."
    static let macUriFormat = "MAC address must consist of six pairs of hex digits separated by hyphens, e.g., 12-34-56-78-9a-bc."
    static func rootNotFound(_ name: String) -> String { "Root resource \(name) not found" }
}
