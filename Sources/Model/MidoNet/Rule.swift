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
        // Written in canonical form directly, members in ascending order of their names.
        var json = CanonicalObjectWriter(capacity: 256 + 96 * natTargets.count)
        if let dlType = condition.dlType { json.int("dlType", dlType) }
        if let flowAction { json.string("flowAction", flowAction) }
        json.uuid("id", id)
        if let jumpChainId { json.uuid("jumpChainId", jumpChainId) }
        if let jumpChainName { json.string("jumpChainName", jumpChainName) }
        if !natTargets.isEmpty {
            json.objects("natTargets", natTargets) { json, target in
                json.string("addressFrom", target.addressFrom.description)
                json.string("addressTo", target.addressTo.description)
                json.int("portFrom", target.portFrom)
                json.int("portTo", target.portTo)
            }
        }
        if let nwDst = condition.nwDst {
            json.string("nwDstAddress", nwDst.address.description)
            json.int("nwDstLength", nwDst.length)
        }
        if let nwProto = condition.nwProto { json.int("nwProto", nwProto) }
        if let nwSrc = condition.nwSrc {
            json.string("nwSrcAddress", nwSrc.address.description)
            json.int("nwSrcLength", nwSrc.length)
        }
        json.int("position", position)
        if let tpDst = condition.tpDst {
            json.object("tpDst") { json in
                json.int("end", tpDst.upperBound)
                json.int("start", tpDst.lowerBound)
            }
        }
        json.string("type", type)
        return MidoNetObject(
            kind: .rule, id: id, parentId: chainId, path: Self.rulesPath(of: chainId), body: JSONBody(canonical: json.finish()),
            references: jumpChainId.map { [chainId, $0] } ?? [chainId])
    }

    /// `/chains/<id>/rules`, in one allocation.
    static func rulesPath(of chain: UUID) -> String { chain.lowerText(after: "/chains", "/", before: "/rules") }
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

    public static func < (lhs: NATTarget, rhs: NATTarget) -> Bool {
        (lhs.addressFrom, lhs.portFrom) < (rhs.addressFrom, rhs.portFrom)
    }
}
