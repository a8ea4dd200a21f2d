import Foundation
import Model

// The stored objects. Each holds the user-settable fields and the server-managed indexes that
// MidoNet keeps on the protobuf object (port ids, route ids, …); `seq` is the creation order,
// which is the order lists come back in.

/// A router (protobuf `Router`).
struct RouterRecord: Sendable {
    var id: UUID
    var seq: Int
    var tenantId: String?
    var name: String?
    var adminStateUp = true
    var inboundFilterId: UUID?
    var outboundFilterId: UUID?
    var localRedirectChainId: UUID?
    /// Not bound: never checked, left dangling when its chain goes.
    var forwardChainId: UUID?
    var asNumber = 0
    var portIds: [UUID] = []
    /// Routes attached to the router itself (not to one of its ports).
    var routeIds: [UUID] = []

    /// The chains it binds (`forwardChainId` is not bound), as `filterReferrers` indexes them.
    var filters: [UUID?] { [inboundFilterId, outboundFilterId, localRedirectChainId] }
}

/// A bridge (protobuf `Network`).
struct BridgeRecord: Sendable {
    var id: UUID
    var seq: Int
    var tenantId: String?
    var name: String?
    var adminStateUp = true
    var inboundFilterId: UUID?
    var outboundFilterId: UUID?
    var portIds: [UUID] = []
    var macTable: [MacEntry] = []
    var arpTable: [ArpEntry] = []

    /// The chains it binds, as `filterReferrers` indexes them.
    var filters: [UUID?] { [inboundFilterId, outboundFilterId] }
}

/// A port of a bridge or a router.
struct PortRecord: Sendable {
    enum Kind: String, Sendable { case bridge = "Bridge", router = "Router" }

    var id: UUID
    var seq: Int
    var kind: Kind
    var deviceId: UUID
    var adminStateUp = true
    var inboundFilterId: UUID?
    var outboundFilterId: UUID?
    var vifId: UUID?
    var hostId: UUID?
    var interfaceName: String?
    var peerId: UUID?
    var tunnelKey: Int
    /// Bridge ports.
    var vlanId = 0
    /// Router ports: CIDRs `hostaddr/len` as given.
    var portSubnet: [String] = []
    var portMac: String?
    var rtrPortVni = 0
    var offRampVxlan = false
    /// Routes whose next hop is this port (they die with it).
    var routeIds: [UUID] = []

    /// The first IPv4 entry of `portSubnet`, which sets `portAddress`/`networkAddress`/`networkLength`.
    var primarySubnet: IPv4Prefix? { portSubnet.lazy.compactMap(IPv4Prefix.init).first }
}

/// A route on a router, attached to its next-hop port or to the router.
struct RouteRecord: Sendable {
    var id: UUID
    var srcNetworkAddr: String
    var srcNetworkLength: Int
    var dstNetworkAddr: String
    var dstNetworkLength: Int
    var type: String
    var nextHopPort: UUID?
    var nextHopGateway: String?
    var weight: Int
    var attributes: String?
    /// Stored only when the route is attached to the router (not to a port).
    var routerId: UUID?
}

/// A chain of rules. `ruleIds` is the rule order (position = index + 1).
struct ChainRecord: Sendable {
    var id: UUID
    var seq: Int
    var tenantId: String?
    var name: String?
    var ruleIds: [UUID] = []
    /// Jump rules (in any chain) whose target is this chain: deleted with it.
    var jumpRuleIds: Set<UUID> = []
}

/// A NAT target of a `dnat`/`snat` rule.
struct NatTargetRecord: Sendable, Equatable {
    var addressFrom: String
    var addressTo: String
    var portFrom: Int
    var portTo: Int

    var json: JSONValue {
        ["addressFrom": .string(addressFrom), "addressTo": .string(addressTo), "portFrom": .int(portFrom), "portTo": .int(portTo)]
    }
}

/// A rule. The condition keeps only the fields that differ from their defaults (sparse), so
/// 100,000 rules stay small; rendering fills the defaults back in.
struct RuleRecord: Sendable {
    var id: UUID
    var chainId: UUID
    var type: String
    var condition: [String: JSONValue]
    var fragmentPolicy: String
    var jumpChainId: UUID?
    var jumpChainName: String?
    var flowAction: String?
    var natTargets: [NatTargetRecord] = []
}

/// A tunnel zone with its members in insertion order.
struct TunnelZoneRecord: Sendable {
    var id: UUID
    var seq: Int
    var name: String
    var type: String
    var memberIds: [UUID] = []
    /// Tunnel endpoint address per member host.
    var memberAddresses: [UUID: String] = [:]
}

/// A host (agent).
struct HostRecord: Sendable {
    var id: UUID
    var seq: Int
    var name: String?
    /// Registered with `--host` (an agent is running): alive, so it cannot be deleted.
    var alive: Bool
    var floodingProxyWeight = 1
    var containerWeight = 1
    var containerLimit = -1
    var enforceContainerLimit = false
    var tunnelZoneIds: [UUID] = []
    /// Ports bound to this host.
    var portIds: [UUID] = []
}

/// A bridge MAC-table entry; `vlanId` 0 is the untagged table.
struct MacEntry: Sendable, Equatable {
    var vlanId: Int
    /// Lower-case, colon form.
    var macAddr: String
    var portId: UUID
}

/// A bridge ARP-table entry.
struct ArpEntry: Sendable, Equatable {
    var ip: String
    /// Lower-case, colon form.
    var mac: String
}
