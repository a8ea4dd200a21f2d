import Foundation
import Model

/// `/routers/{id}/routes` and `/routes/{id}` (midonet-rest-api.md §5.5). Routes are immutable.
extension MidoNetAPI {
    static let routeTypes: Set<String> = ["Normal", "BlackHole", "Reject", "Local", "Fip64"]

    mutating func createRoute(on routerId: UUID, _ request: APIRequest) throws(APIError) -> EmulatorResponse {
        try request.requireContentType(AllowedTypes.route)
        let body = try BodyReader(request.body, model: "Route")
        let id = try body.uuid("id") ?? UUID()
        // `type` carries @JsonError: an unknown value is a 400 with that message, not Jackson's.
        let type: String?
        switch body.value("type") {
        case nil: type = nil
        case .string(let text)? where Self.routeTypes.contains(text): type = text
        default: throw APIError.badRequest(Messages.routeTypeInvalid)
        }
        let src = try body.string("srcNetworkAddr")
        let dst = try body.string("dstNetworkAddr")
        let srcLength = try body.int("srcNetworkLength") ?? 0
        let dstLength = try body.int("dstNetworkLength") ?? 0
        let nextHopPort = try body.uuid("nextHopPort")
        let gateway = try body.string("nextHopGateway")
        let weight = try body.int("weight") ?? 0
        let attributes = try body.string("attributes")
        let bodyRouterId = try body.uuid("routerId")

        var validator = Validator()
        validator.notNull("srcNetworkAddr", src)
        validator.notNull("dstNetworkAddr", dst)
        validator.notNull("type", type)
        validator.ipv4("srcNetworkAddr", src)
        validator.ipv4("dstNetworkAddr", dst)
        validator.ipv4("nextHopGateway", gateway)
        validator.range("srcNetworkLength", srcLength, 0...32)
        validator.range("dstNetworkLength", dstLength, 0...32)
        validator.minimum("weight", weight, 0)
        try validator.check()
        guard let type, let src, let dst else { throw APIError.violations(validator.violations) }

        guard state.routers[routerId] != nil else { throw APIError.noSuch("Router", routerId.text) }
        if type == "Normal" {
            // A missing next-hop port is a 400 here, not a 404.
            guard let nextHopPort, let port = state.ports[nextHopPort], port.kind == .router, port.deviceId == routerId else {
                throw APIError.badRequest(Messages.routeNextHopPort)
            }
        }
        if state.routes[id] != nil { throw APIError.alreadyExists("Route", id.text) }
        var attachRouter: UUID?
        if let nextHopPort {
            guard state.ports[nextHopPort] != nil else { throw APIError.noSuch("Port", nextHopPort.text) }
        } else if type == "BlackHole" || type == "Reject" {
            attachRouter = routerId
        } else if let bodyRouterId {
            guard state.routers[bodyRouterId] != nil else { throw APIError.noSuch("Router", bodyRouterId.text) }
            attachRouter = bodyRouterId
        }

        let route = RouteRecord(
            id: id, srcNetworkAddr: src, srcNetworkLength: srcLength, dstNetworkAddr: dst, dstNetworkLength: dstLength,
            type: type, nextHopPort: nextHopPort, nextHopGateway: gateway, weight: weight, attributes: attributes,
            routerId: attachRouter)
        state.routes[id] = route
        if let nextHopPort {
            state.ports[nextHopPort]?.routeIds.append(id)
        } else if let attachRouter {
            state.routers[attachRouter]?.routeIds.append(id)
        }
        return Reply.created(Links(base: request.base).route(id))
    }

    func getRoute(_ id: UUID, _ request: APIRequest) throws(APIError) -> EmulatorResponse {
        let mediaType = try request.accept(AllowedTypes.route)
        guard let route = state.routes[id] else { throw APIError.noSuch("Route", id.text) }
        return Reply.ok(routeJSON(route, Links(base: request.base)), mediaType)
    }

    func listRoutes(of routerId: UUID, _ request: APIRequest) throws(APIError) -> EmulatorResponse {
        let mediaType = try request.accept(AllowedTypes.routes)
        guard let router = state.routers[routerId] else { throw APIError.noSuch("Router", routerId.text) }
        let links = Links(base: request.base)
        let routes = state.routeIds(ofRouter: router).compactMap { state.routes[$0] }
        return Reply.list(routes.map { routeJSON($0, links) }, mediaType)
    }

    /// Idempotent: 204 whether or not the route exists.
    mutating func deleteRoute(_ id: UUID) -> EmulatorResponse {
        state.deleteRoute(id)
        return Reply.noContent
    }

    func routeJSON(_ route: RouteRecord, _ links: Links) -> JSONValue {
        let routerId = state.routerId(of: route)
        return [
            "id": route.id.json, "srcNetworkAddr": .string(route.srcNetworkAddr),
            "srcNetworkLength": .int(route.srcNetworkLength), "dstNetworkAddr": .string(route.dstNetworkAddr),
            "dstNetworkLength": .int(route.dstNetworkLength), "type": .string(route.type),
            "nextHopPort": route.nextHopPort.json, "nextHopGateway": route.nextHopGateway.json,
            "weight": .int(route.weight), "attributes": route.attributes.json, "learned": false,
            "routerId": routerId.json, "uri": .string(links.route(route.id)),
            "router": links.link(routerId, links.router),
        ]
    }
}
