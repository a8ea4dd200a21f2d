import Foundation
import Model

/// `/tunnel_zones` (midonet-rest-api.md §5.8).
extension MidoNetAPI {
    static let tunnelZoneTypes: Set<String> = ["gre", "vxlan", "vtep"]

    /// Binds and validates `name` and `type`.
    static func tunnelZoneFields(_ body: BodyReader) throws(APIError) -> (name: String, type: String) {
        let name = try body.string("name")
        let type = try body.string("type")
        if let type, !tunnelZoneTypes.contains(type) {
            throw APIError.badRequest(
                "Can not construct instance of TunnelZone$TunnelZoneType from String value '\(type)': value not one of declared Enum instance names: [gre, vxlan, vtep]")
        }
        var validator = Validator()
        validator.notNull("name", name)
        validator.length("name", name, 1...255)
        validator.notNull("type", type)
        try validator.check()
        guard let name, let type else { throw APIError.violations(validator.violations) }
        return (name, type)
    }

    mutating func createTunnelZone(_ request: APIRequest) throws(APIError) -> EmulatorResponse {
        try request.requireContentType(AllowedTypes.tunnelZone)
        let body = try BodyReader(request.body, model: "TunnelZone")
        let id = try body.uuid("id") ?? UUID()
        let (name, type) = try Self.tunnelZoneFields(body)
        // Checked before the duplicate id, so re-posting a zone gets this message.
        if state.tunnelZones.values.contains(where: { $0.name == name }) {
            throw APIError.status(409, Messages.tunnelZoneNameExists)
        }
        if state.tunnelZones[id] != nil { throw APIError.alreadyExists("TunnelZone", id.text) }
        state.tunnelZones[id] = TunnelZoneRecord(id: id, seq: state.nextSequence(), name: name, type: type)
        return Reply.created(Links(base: request.base).tunnelZone(id))
    }

    mutating func updateTunnelZone(_ id: UUID, _ request: APIRequest) throws(APIError) -> EmulatorResponse {
        try request.requireContentType(AllowedTypes.tunnelZone)
        let body = try BodyReader(request.body, model: "TunnelZone")
        let (name, type) = try Self.tunnelZoneFields(body)
        // MNA-1293: the zone being updated counts, so keeping the name is a conflict.
        let countsItself = state.quirks.tunnelZonePutSameNameConflicts
        if state.tunnelZones.values.contains(where: { $0.name == name && (countsItself || $0.id != id) }) {
            throw APIError.status(409, Messages.tunnelZoneNameExists)
        }
        guard state.tunnelZones[id] != nil else { throw APIError.noSuch("TunnelZone", id.text) }
        state.tunnelZones[id]?.name = name
        state.tunnelZones[id]?.type = type
        return Reply.noContent
    }

    func getTunnelZone(_ id: UUID, _ request: APIRequest) throws(APIError) -> EmulatorResponse {
        let mediaType = try request.accept(AllowedTypes.tunnelZone)
        guard let zone = state.tunnelZones[id] else { throw APIError.noSuch("TunnelZone", id.text) }
        return Reply.ok(tunnelZoneJSON(zone, Links(base: request.base)), mediaType)
    }

    func listTunnelZones(_ request: APIRequest) throws(APIError) -> EmulatorResponse {
        let mediaType = try request.accept(AllowedTypes.tunnelZones)
        let links = Links(base: request.base)
        return Reply.list(MidoNetState.ordered(state.tunnelZones, seq: \.seq).map { tunnelZoneJSON($0, links) }, mediaType)
    }

    /// Idempotent: 204 whether or not the zone exists; members leave it.
    mutating func deleteTunnelZone(_ id: UUID) -> EmulatorResponse {
        state.deleteTunnelZone(id)
        return Reply.noContent
    }

    func tunnelZoneJSON(_ zone: TunnelZoneRecord, _ links: Links) -> JSONValue {
        let uri = links.tunnelZone(zone.id)
        return ["id": zone.id.json, "name": .string(zone.name), "type": .string(zone.type), "uri": .string(uri), "hosts": .string(uri + "/hosts")]
    }
}
