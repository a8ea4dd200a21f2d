import Foundation
import Model

/// `/routers` (midonet-rest-api.md §5.1).
extension MidoNetAPI {
    /// The user-settable fields of a router body (POST, and the full replacement of PUT).
    struct RouterFields {
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

    mutating func createRouter(_ request: APIRequest) throws(APIError) -> EmulatorResponse {
        try request.requireContentType(AllowedTypes.router)
        let body = try BodyReader(request.body, model: "Router")
        let id = try body.uuid("id") ?? UUID()
        let fields = try RouterFields(body)
        if state.routers[id] != nil { throw APIError.alreadyExists("Router", id.text) }
        try state.checkChainsExist(fields.filters)
        try UnmodelledReferences.check(body, single: [("loadBalancerId", "LoadBalancer")], lists: UnmodelledReferences.mirrors)
        var router = RouterRecord(id: id, seq: state.nextSequence())
        fields.apply(to: &router)
        state.routers[id] = router
        state.updateFilterReferences(device: id, old: [], new: fields.filters)
        return Reply.created(Links(base: request.base).router(id))
    }

    mutating func updateRouter(_ id: UUID, _ request: APIRequest) throws(APIError) -> EmulatorResponse {
        try request.requireContentType(AllowedTypes.router)
        let body = try BodyReader(request.body, model: "Router")
        let fields = try RouterFields(body)
        guard var router = state.routers[id] else { throw APIError.noSuch("Router", id.text) }
        try state.checkChainsExist(fields.filters)
        try UnmodelledReferences.check(body, single: [("loadBalancerId", "LoadBalancer")], lists: UnmodelledReferences.mirrors)
        let oldFilters: [UUID?] = [router.inboundFilterId, router.outboundFilterId, router.localRedirectChainId]
        fields.apply(to: &router)
        state.routers[id] = router
        state.updateFilterReferences(device: id, old: oldFilters, new: fields.filters)
        return Reply.noContent
    }

    func getRouter(_ id: UUID, _ request: APIRequest) throws(APIError) -> EmulatorResponse {
        let mediaType = try request.accept(AllowedTypes.router)
        guard let router = state.routers[id] else { throw APIError.noSuch("Router", id.text) }
        return Reply.ok(routerJSON(router, Links(base: request.base)), mediaType)
    }

    func listRouters(_ request: APIRequest) throws(APIError) -> EmulatorResponse {
        let mediaType = try request.accept(AllowedTypes.routers)
        let tenant = request.queryItem("tenant_id")
        let links = Links(base: request.base)
        let routers = MidoNetState.ordered(state.routers, seq: \.seq).filter { tenant == nil || $0.tenantId == tenant }
        return Reply.list(routers.map { routerJSON($0, links) }, mediaType)
    }

    /// Idempotent: 204 whether or not the router exists.
    mutating func deleteRouter(_ id: UUID) -> EmulatorResponse {
        state.deleteRouter(id)
        return Reply.noContent
    }

    func routerJSON(_ router: RouterRecord, _ links: Links) -> JSONValue {
        let uri = links.router(router.id)
        return [
            "id": router.id.json, "tenantId": router.tenantId.json, "name": router.name.json,
            "adminStateUp": .bool(router.adminStateUp),
            "inboundFilterId": router.inboundFilterId.json, "outboundFilterId": router.outboundFilterId.json,
            "localRedirectChainId": router.localRedirectChainId.json, "forwardChainId": router.forwardChainId.json,
            "loadBalancerId": .null, "asNumber": .int(router.asNumber),
            "inboundMirrorIds": [], "outboundMirrorIds": [],
            "uri": .string(uri),
            "inboundFilter": links.link(router.inboundFilterId, links.chain),
            "outboundFilter": links.link(router.outboundFilterId, links.chain),
            "localRedirectChain": links.link(router.localRedirectChainId, links.chain),
            "forwardChain": links.link(router.forwardChainId, links.chain),
            "loadBalancer": .null,
            "ports": .string(uri + "/ports"), "peerPorts": .string(uri + "/peer_ports"),
            "routes": .string(uri + "/routes"), "bgpNetworks": .string(uri + "/bgp_networks"),
            "bgpPeers": .string(uri + "/bgp_peers"),
        ]
    }
}
