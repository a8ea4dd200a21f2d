import Foundation
import Model

/// `/bridges` (midonet-rest-api.md §5.2). The protobuf class is `Network`. POST, PUT, GET and
/// list are `Devices.swift`'s.
extension MidoNetAPI {
    struct BridgeFields: DeviceFields {
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

        /// POST may not name `vxLanPortIds` at all; PUT may repeat the stored list, which is
        /// always empty here (no VTEPs), so any non-empty value differs.
        func checkSettable(replacing stored: BridgeRecord?) throws(APIError) {
            guard let vxlan = vxLanPortIds else { return }
            if stored == nil || !vxlan.isEmpty { throw APIError.badRequest(Messages.vxLanPortIdNotSettable) }
        }

        func apply(to bridge: inout BridgeRecord) {
            bridge.tenantId = tenantId
            bridge.name = name
            bridge.adminStateUp = adminStateUp
            bridge.inboundFilterId = inboundFilterId
            bridge.outboundFilterId = outboundFilterId
        }
    }

    /// 404 when absent; otherwise cascades the ports (and through them routes and links).
    mutating func deleteBridge(_ id: UUID) throws(APIError) -> EmulatorResponse {
        guard state.bridges[id] != nil else { throw APIError.noSuch("Network", id.text) }
        state.deleteBridge(id)
        return Reply.noContent
    }
}

extension BridgeRecord: DeviceRecord {
    typealias Fields = MidoNetAPI.BridgeFields

    static var records: WritableKeyPath<MidoNetState, [UUID: BridgeRecord]> { \.bridges }
    static let className = "Network"
    static let model = "Bridge"
    static let mediaTypes = AllowedTypes.bridge
    static let collectionMediaTypes = AllowedTypes.bridges
    static let unmodelled: [(field: String, className: String)] = [("qosPolicyId", "QosPolicy")]
    static func uri(_ id: UUID, _ links: Links) -> String { links.bridge(id) }

    init(id: UUID, seq: Int) {
        self.id = id
        self.seq = seq
    }

    func json(_ links: Links) -> JSONValue {
        let uri = links.bridge(id)
        return [
            "id": id.json, "tenantId": tenantId.json, "name": name.json,
            "adminStateUp": .bool(adminStateUp),
            "inboundFilterId": inboundFilterId.json, "outboundFilterId": outboundFilterId.json,
            "qosPolicyId": .null, "inboundMirrorIds": [], "outboundMirrorIds": [], "vxLanPortIds": [],
            "uri": .string(uri),
            "inboundFilter": links.link(inboundFilterId, links.chain),
            "outboundFilter": links.link(outboundFilterId, links.chain),
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
