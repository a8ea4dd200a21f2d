import Foundation
import Model

/// `/bridges` (midonet-rest-api.md §5.2). The protobuf class is `Network`.
extension MidoNetAPI {
    struct BridgeFields {
        var tenantId: String?
        var name: String?
        var adminStateUp: Bool
        var inboundFilterId: UUID?
        var outboundFilterId: UUID?
        var vxLanPortIds: [UUID]?

        init(_ body: BodyReader) throws(APIError) {
            tenantId = try body.string("tenantId")
            name = try body.string("name")
            adminStateUp = try body.bool("adminStateUp", default: true)
            inboundFilterId = try body.uuid("inboundFilterId")
            outboundFilterId = try body.uuid("outboundFilterId")
            vxLanPortIds = try body.uuidArray("vxLanPortIds")
            var validator = Validator()
            validator.length("name", name, 0...255)
            try validator.check()
        }

        var filters: [UUID?] { [inboundFilterId, outboundFilterId] }

        func apply(to bridge: inout BridgeRecord) {
            bridge.tenantId = tenantId
            bridge.name = name
            bridge.adminStateUp = adminStateUp
            bridge.inboundFilterId = inboundFilterId
            bridge.outboundFilterId = outboundFilterId
        }
    }

    static let bridgeUnmodelled: [(field: String, className: String)] = [("qosPolicyId", "QosPolicy")]

    mutating func createBridge(_ request: APIRequest) throws(APIError) -> EmulatorResponse {
        try request.requireContentType(AllowedTypes.bridge)
        let body = try BodyReader(request.body, model: "Bridge")
        let id = try body.uuid("id") ?? UUID()
        let fields = try BridgeFields(body)
        if fields.vxLanPortIds != nil { throw APIError.badRequest(Messages.vxLanPortIdNotSettable) }
        if state.bridges[id] != nil { throw APIError.alreadyExists("Network", id.text) }
        try state.checkChainsExist(fields.filters)
        try UnmodelledReferences.check(body, single: Self.bridgeUnmodelled, lists: UnmodelledReferences.mirrors)
        var bridge = BridgeRecord(id: id, seq: state.nextSequence())
        fields.apply(to: &bridge)
        state.bridges[id] = bridge
        state.updateFilterReferences(device: id, old: [], new: fields.filters)
        return Reply.created(Links(base: request.base).bridge(id))
    }

    mutating func updateBridge(_ id: UUID, _ request: APIRequest) throws(APIError) -> EmulatorResponse {
        try request.requireContentType(AllowedTypes.bridge)
        let body = try BodyReader(request.body, model: "Bridge")
        let fields = try BridgeFields(body)
        guard var bridge = state.bridges[id] else { throw APIError.noSuch("Network", id.text) }
        // The stored list is always empty here (no VTEPs), so any non-empty value differs.
        if let vxlan = fields.vxLanPortIds, !vxlan.isEmpty { throw APIError.badRequest(Messages.vxLanPortIdNotSettable) }
        try state.checkChainsExist(fields.filters)
        try UnmodelledReferences.check(body, single: Self.bridgeUnmodelled, lists: UnmodelledReferences.mirrors)
        let oldFilters: [UUID?] = [bridge.inboundFilterId, bridge.outboundFilterId]
        fields.apply(to: &bridge)
        state.bridges[id] = bridge
        state.updateFilterReferences(device: id, old: oldFilters, new: fields.filters)
        return Reply.noContent
    }

    func getBridge(_ id: UUID, _ request: APIRequest) throws(APIError) -> EmulatorResponse {
        let mediaType = try request.accept(AllowedTypes.bridge)
        guard let bridge = state.bridges[id] else { throw APIError.noSuch("Network", id.text) }
        return Reply.ok(bridgeJSON(bridge, Links(base: request.base)), mediaType)
    }

    func listBridges(_ request: APIRequest) throws(APIError) -> EmulatorResponse {
        let mediaType = try request.accept(AllowedTypes.bridges)
        let tenant = request.queryItem("tenant_id")
        let links = Links(base: request.base)
        let bridges = MidoNetState.ordered(state.bridges, seq: \.seq).filter { tenant == nil || $0.tenantId == tenant }
        return Reply.list(bridges.map { bridgeJSON($0, links) }, mediaType)
    }

    /// 404 when absent; otherwise cascades the ports (and through them routes and links).
    mutating func deleteBridge(_ id: UUID) throws(APIError) -> EmulatorResponse {
        guard state.bridges[id] != nil else { throw APIError.noSuch("Network", id.text) }
        state.deleteBridge(id)
        return Reply.noContent
    }

    func bridgeJSON(_ bridge: BridgeRecord, _ links: Links) -> JSONValue {
        let uri = links.bridge(bridge.id)
        return [
            "id": bridge.id.json, "tenantId": bridge.tenantId.json, "name": bridge.name.json,
            "adminStateUp": .bool(bridge.adminStateUp),
            "inboundFilterId": bridge.inboundFilterId.json, "outboundFilterId": bridge.outboundFilterId.json,
            "qosPolicyId": .null, "inboundMirrorIds": [], "outboundMirrorIds": [], "vxLanPortIds": [],
            "uri": .string(uri),
            "inboundFilter": links.link(bridge.inboundFilterId, links.chain),
            "outboundFilter": links.link(bridge.outboundFilterId, links.chain),
            "ports": .string(uri + "/ports"), "peerPorts": .string(uri + "/peer_ports"),
            "vxLanPorts": .string(uri + "/vxlan_ports"), "macTable": .string(uri + "/mac_table"),
            "arpTable": .string(uri + "/arp_table"), "dhcpSubnets": .string(uri + "/dhcp"),
            "dhcpSubnet6s": .string(uri + "/dhcpV6"),
            "vlanMacTableTemplate": .string(uri + "/vlans/{vlanId}/mac_table"),
            "macPortTemplate": .string(uri + "/mac_table/{macAddress}_{portId}"),
            "vlanMacPortTemplate": .string(uri + "/vlans/{vlanId}/mac_table/{macAddress}_{portId}"),
        ]
    }
}
