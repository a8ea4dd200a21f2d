public import Foundation

/// IDs of the resources every node shares, derived from the tenant (DESIGN.md "Deterministic IDs").
public struct GlobalIDs: Sendable, Hashable {
    public let tenant: String
    /// `KUBE-MAIN`, the inbound filter of every node bridge.
    public let mainChain: UUID
    /// `KUBE-PRE`: reverse NAT before the services.
    public let preChain: UUID
    /// `KUBE-SERVICES`: one jump rule per service address, protocol and port.
    public let servicesChain: UUID
    public let clusterRouter: UUID
    public let defaultTunnelZone: UUID
    public let jumpToPre: UUID
    public let jumpToServices: UUID
    public let reverseDNAT: UUID
    public let reverseSNAT: UUID

    public init(tenant: String = DeterministicID.defaultTenant) {
        self.tenant = tenant
        let main = DeterministicID.idForTenant(tenant)
        mainChain = main
        preChain = DeterministicID.subID(main, "Pre Chain")
        servicesChain = DeterministicID.subID(main, "Services Chain")
        clusterRouter = DeterministicID.subID(main, "Cluster Router")
        defaultTunnelZone = DeterministicID.subID(main, "Default Tunnel Zone")
        jumpToPre = DeterministicID.subID(main, "Jump To Pre")
        jumpToServices = DeterministicID.subID(main, "Jump To Services")
        reverseDNAT = DeterministicID.subID(main, "Reverse DNAT")
        reverseSNAT = DeterministicID.subID(main, "Reverse SNAT")
    }
}

/// Chain names as the original controllers wrote them.
public enum ChainName {
    public static let main = "KUBE-MAIN"
    public static let pre = "KUBE-PRE"
    public static let services = "KUBE-SERVICES"
    public static func node(_ node: String) -> String { "KUBE-NODE-\(node)" }
    public static func servicePort(_ portKey: String) -> String { "KUBE-SVC-\(portKey)" }
    public static func endpoint(_ endpointKey: String) -> String { "KUBE-SEP-\(endpointKey)" }
}
