import Foundation
import Model

/// `/tunnel_zones/{id}/hosts` (midonet-rest-api.md §5.9): Jersey-negotiated, vendor types only.
extension MidoNetAPI {
    mutating func addTunnelZoneHost(_ zoneId: UUID, _ request: APIRequest) throws(APIError) -> EmulatorResponse {
        try request.requireContentType(AllowedTypes.tunnelZoneHost, style: .jersey)
        let body = try BodyReader(request.body, model: "TunnelZoneHost")
        let hostId = try body.uuid("hostId")
        let address = try body.string("ipAddress")
        var validator = Validator()
        validator.notNull("hostId", hostId)
        validator.notNull("ipAddress", address)
        validator.ipv4("ipAddress", address)
        try validator.check()
        guard let hostId, let address else { throw APIError.violations(validator.violations) }
        guard let zone = state.tunnelZones[zoneId] else { throw APIError.noSuch("TunnelZone", zoneId.text) }
        guard state.hosts[hostId] != nil else { throw APIError.noSuch("Host", hostId.text) }
        if zone.memberAddresses[hostId] != nil { throw APIError.empty(409) }
        state.tunnelZones[zoneId]?.memberIds.append(hostId)
        state.tunnelZones[zoneId]?.memberAddresses[hostId] = address
        state.hosts[hostId]?.tunnelZoneIds.append(zoneId)
        return Reply.created(Links(base: request.base).tunnelZoneHost(zone: zoneId, host: hostId))
    }

    func listTunnelZoneHosts(_ zoneId: UUID, _ request: APIRequest) throws(APIError) -> EmulatorResponse {
        let mediaType = try request.accept(AllowedTypes.tunnelZoneHosts, style: .jersey)
        guard let zone = state.tunnelZones[zoneId] else { throw APIError.noSuch("TunnelZone", zoneId.text) }
        let links = Links(base: request.base)
        return Reply.list(zone.memberIds.map { tunnelZoneHostJSON(zone, $0, links) }, mediaType)
    }

    func getTunnelZoneHost(_ zoneId: UUID, _ hostId: UUID, _ request: APIRequest) throws(APIError) -> EmulatorResponse {
        let mediaType = try request.accept(AllowedTypes.tunnelZoneHost, style: .jersey)
        guard let zone = state.tunnelZones[zoneId] else { throw APIError.noSuch("TunnelZone", zoneId.text) }
        guard zone.memberAddresses[hostId] != nil else { throw APIError.status(404, Messages.resourceNotFound) }
        return Reply.ok(tunnelZoneHostJSON(zone, hostId, Links(base: request.base)), mediaType)
    }

    /// Bound ports are not touched.
    mutating func removeTunnelZoneHost(_ zoneId: UUID, _ hostId: UUID) throws(APIError) -> EmulatorResponse {
        guard let zone = state.tunnelZones[zoneId] else { throw APIError.noSuch("TunnelZone", zoneId.text) }
        guard zone.memberAddresses[hostId] != nil else { throw APIError.empty(404) }
        state.tunnelZones[zoneId]?.memberIds.removeAll { $0 == hostId }
        state.tunnelZones[zoneId]?.memberAddresses[hostId] = nil
        state.hosts[hostId]?.tunnelZoneIds.removeAll { $0 == zoneId }
        return Reply.noContent
    }

    func tunnelZoneHostJSON(_ zone: TunnelZoneRecord, _ hostId: UUID, _ links: Links) -> JSONValue {
        [
            "tunnelZoneId": zone.id.json, "hostId": hostId.json, "ipAddress": zone.memberAddresses[hostId].json,
            "uri": .string(links.tunnelZoneHost(zone: zone.id, host: hostId)), "host": .string(links.host(hostId)),
            "tunnelZone": .string(links.tunnelZone(zone.id)),
        ]
    }
}
