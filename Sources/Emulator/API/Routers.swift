import Foundation
import Model

/// `/routers` (midonet-rest-api.md §5.1); POST, PUT, GET and list are `Devices.swift`'s.
extension MidoNetAPI {
    /// The user-settable fields of a router body (POST, and the full replacement of PUT).
    struct RouterFields: DeviceFields {
        var tenantId: String?
        var name: String?
        var adminStateUp: Bool
        var inboundFilterId: UUID?
        var outboundFilterId: UUID?
        var localRedirectChainId: UUID?
        var forwardChainId: UUID?
        var asNumber: Int

        init(_ body: BodyReader) throws(APIError) {
            tenantId = try body.string("tenantId")
            name = try body.string("name")
            adminStateUp = try body.bool("adminStateUp", default: true)
            inboundFilterId = try body.uuid("inboundFilterId")
            outboundFilterId = try body.uuid("outboundFilterId")
            localRedirectChainId = try body.uuid("localRedirectChainId")
            forwardChainId = try body.uuid("forwardChainId")
            asNumber = try body.int("asNumber") ?? 0
            var validator = Validator()
            validator.length("name", name, 0...255)
            try validator.check()
        }

        var filters: [UUID?] { [inboundFilterId, outboundFilterId, localRedirectChainId] }

        func apply(to router: inout RouterRecord) {
            router.tenantId = tenantId
            router.name = name
            router.adminStateUp = adminStateUp
            router.inboundFilterId = inboundFilterId
            router.outboundFilterId = outboundFilterId
            router.localRedirectChainId = localRedirectChainId
            router.forwardChainId = forwardChainId
            router.asNumber = asNumber
        }
    }

    /// Idempotent: 204 whether or not the router exists.
    mutating func deleteRouter(_ id: UUID) -> EmulatorResponse {
        state.deleteRouter(id)
        return Reply.noContent
    }
}

extension RouterRecord: DeviceRecord {
    typealias Fields = MidoNetAPI.RouterFields

    static var records: WritableKeyPath<MidoNetState, [UUID: RouterRecord]> { \.routers }
    static let className = "Router"
    static let model = "Router"
    static let mediaTypes = AllowedTypes.router
    static let collectionMediaTypes = AllowedTypes.routers
    static let unmodelled: [(field: String, className: String)] = [("loadBalancerId", "LoadBalancer")]
    static func uri(_ id: UUID, _ links: Links) -> String { links.router(id) }

    init(id: UUID, seq: Int) {
        self.id = id
        self.seq = seq
    }

    func json(_ links: Links) -> JSONValue {
        let uri = links.router(id)
        return [
            "id": id.json, "tenantId": tenantId.json, "name": name.json,
            "adminStateUp": .bool(adminStateUp),
            "inboundFilterId": inboundFilterId.json, "outboundFilterId": outboundFilterId.json,
            "localRedirectChainId": localRedirectChainId.json, "forwardChainId": forwardChainId.json,
            "loadBalancerId": .null, "asNumber": .int(asNumber),
            "inboundMirrorIds": [], "outboundMirrorIds": [],
            "uri": .string(uri),
            "inboundFilter": links.link(inboundFilterId, links.chain),
            "outboundFilter": links.link(outboundFilterId, links.chain),
            "localRedirectChain": links.link(localRedirectChainId, links.chain),
            "forwardChain": links.link(forwardChainId, links.chain),
            "loadBalancer": .null,
            "ports": .string(uri + "/ports"), "peerPorts": .string(uri + "/peer_ports"),
            "routes": .string(uri + "/routes"), "bgpNetworks": .string(uri + "/bgp_networks"),
            "bgpPeers": .string(uri + "/bgp_peers"),
        ]
    }
}
