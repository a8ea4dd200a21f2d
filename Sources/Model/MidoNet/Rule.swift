public import Foundation

/// A rule in a chain. Immutable in MidoNet (no PUT): a changed rule is a delete plus a create
/// under a new key, which is why translations put every value into the rule's key.
public struct Rule: Sendable, Hashable {
    /// `jump`, `dnat`, `snat`, `rev_dnat`, `rev_snat`, `accept`, … (there is no `continue` type).
    public var type: String
    public var id: UUID
    public var chainId: UUID
    /// 1-based; MidoNet inserts at 1 (the top) when absent, so we always send it.
    public var position: Int
    public var jumpChainId: UUID?
    public var jumpChainName: String?
    public var condition: Condition
    public var natTargets: [NATTarget]
    /// `accept`, `continue` or `return`, for NAT rules.
    public var flowAction: String?

    public init(
        type: String, id: UUID, chainId: UUID, position: Int, jumpChainId: UUID? = nil, jumpChainName: String? = nil,
        condition: Condition = Condition(), natTargets: [NATTarget] = [], flowAction: String? = nil
    ) {
        self.type = type
        self.id = id
        self.chainId = chainId
        self.position = position
        self.jumpChainId = jumpChainId
        self.jumpChainName = jumpChainName
        self.condition = condition
        self.natTargets = natTargets
        self.flowAction = flowAction
    }

    public var object: MidoNetObject {
        // Sized once for every field a rule can have (growing a dictionary rehashes it).
        var body = condition.fields(capacity: 14)
        body["id"] = .string(id.lowerText)
        body["type"] = .string(type)
        body["position"] = .int(position)
        if let jumpChainId { body["jumpChainId"] = .string(jumpChainId.lowerText) }
        if let jumpChainName { body["jumpChainName"] = .string(jumpChainName) }
        if !natTargets.isEmpty { body["natTargets"] = .array(natTargets.map(\.json)) }
        if let flowAction { body["flowAction"] = .string(flowAction) }
        return MidoNetObject(
            kind: .rule, id: id, parentId: chainId, path: "/chains/\(chainId.lowerText)/rules", body: .object(body),
            references: [chainId] + [jumpChainId].compactMap { $0 })
    }
}

/// The match part of a rule: only the fields the mapping uses. Zero values are not sent
/// (the Go client's `omitempty`), so MidoNet applies its defaults.
public struct Condition: Sendable, Hashable {
    /// 0x0800 for IPv4.
    public var dlType: Int?
    /// 6 TCP, 17 UDP.
    public var nwProto: Int?
    public var nwSrc: IPv4Prefix?
    public var nwDst: IPv4Prefix?
    public var tpDst: ClosedRange<Int>?

    public init(dlType: Int? = nil, nwProto: Int? = nil, nwSrc: IPv4Prefix? = nil, nwDst: IPv4Prefix? = nil, tpDst: ClosedRange<Int>? = nil) {
        self.dlType = dlType
        self.nwProto = nwProto
        self.nwSrc = nwSrc
        self.nwDst = nwDst
        self.tpDst = tpDst
    }

    var fields: [String: JSONValue] { fields(capacity: 0) }

    func fields(capacity: Int) -> [String: JSONValue] {
        var fields = [String: JSONValue](minimumCapacity: capacity)
        if let dlType { fields["dlType"] = .int(dlType) }
        if let nwProto { fields["nwProto"] = .int(nwProto) }
        if let nwSrc {
            fields["nwSrcAddress"] = .string(nwSrc.address.description)
            fields["nwSrcLength"] = .int(nwSrc.length)
        }
        if let nwDst {
            fields["nwDstAddress"] = .string(nwDst.address.description)
            fields["nwDstLength"] = .int(nwDst.length)
        }
        if let tpDst { fields["tpDst"] = ["start": .int(tpDst.lowerBound), "end": .int(tpDst.upperBound)] }
        return fields
    }
}

/// A NAT target: an address range and a port range (0 = any port).
public struct NATTarget: Sendable, Hashable, Comparable {
    public var addressFrom: IPv4Address
    public var addressTo: IPv4Address
    public var portFrom: Int
    public var portTo: Int

    public init(address: IPv4Address, ports: ClosedRange<Int>) {
        self.addressFrom = address
        self.addressTo = address
        self.portFrom = ports.lowerBound
        self.portTo = ports.upperBound
    }

    var json: JSONValue {
        [
            "addressFrom": .string(addressFrom.description), "addressTo": .string(addressTo.description),
            "portFrom": .int(portFrom), "portTo": .int(portTo),
        ]
    }

    public static func < (lhs: NATTarget, rhs: NATTarget) -> Bool {
        (lhs.addressFrom, lhs.portFrom) < (rhs.addressFrom, rhs.portFrom)
    }
}
