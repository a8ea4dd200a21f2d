public import Foundation
public import Model

/// What MidoNet has, as the applier last read it: the cluster router's routes, the jump rules of
/// `KUBE-SERVICES`, and the hosts. The webhook's validator reads it (DESIGN.md "Validation").
public struct MidoNetSnapshot: Sendable, Equatable {
    public var routes: [SnapshotRoute]
    public var serviceRules: [SnapshotRule]
    public var hosts: [MidoNetHost]
    /// When the applier read it (`distantPast` before the first snapshot).
    public var takenAt: Date

    public init(routes: [SnapshotRoute] = [], serviceRules: [SnapshotRule] = [], hosts: [MidoNetHost] = [], takenAt: Date = .distantPast) {
        self.routes = routes
        self.serviceRules = serviceRules
        self.hosts = hosts
        self.takenAt = takenAt
    }
}

/// A route of the cluster router, with MidoNet's field names and text forms.
public struct SnapshotRoute: Sendable, Hashable {
    public var id: UUID
    public var dstNetworkAddr: String
    public var dstNetworkLength: Int
    public var nextHopPort: UUID?
    public var nextHopGateway: String?
    /// `Normal`, `BlackHole`, `Reject`, `Local`.
    public var type: String

    public init(id: UUID, dstNetworkAddr: String, dstNetworkLength: Int, nextHopPort: UUID? = nil, nextHopGateway: String? = nil, type: String = "Normal") {
        self.id = id
        self.dstNetworkAddr = dstNetworkAddr
        self.dstNetworkLength = dstNetworkLength
        self.nextHopPort = nextHopPort
        self.nextHopGateway = nextHopGateway
        self.type = type
    }
}

/// A rule of `KUBE-SERVICES`: the claim of a Service address, protocol and port.
public struct SnapshotRule: Sendable, Hashable {
    public var id: UUID
    public var chainId: UUID
    /// `nwDstAddress`/`nwDstLength` of the rule.
    public var nwDst: IPv4Prefix?
    /// 6 TCP, 17 UDP.
    public var nwProto: Int?
    public var tpDst: ClosedRange<Int>?
    /// `KUBE-SVC-ns/name/P`: names the Service.
    public var jumpChainName: String?

    public init(id: UUID, chainId: UUID, nwDst: IPv4Prefix? = nil, nwProto: Int? = nil, tpDst: ClosedRange<Int>? = nil, jumpChainName: String? = nil) {
        self.id = id
        self.chainId = chainId
        self.nwDst = nwDst
        self.nwProto = nwProto
        self.tpDst = tpDst
        self.jumpChainName = jumpChainName
    }
}
