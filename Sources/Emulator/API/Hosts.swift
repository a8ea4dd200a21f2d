import Foundation
import Model

/// `/hosts` (midonet-rest-api.md §5.10). Hosts are agents: registered with `--host`, alive,
/// and not deletable. `POST /hosts` (present in MidoNet's code) seeds a host without an agent.
extension MidoNetAPI {
    /// Registers an agent's host (the `--host NAME=UUID` seeding hook).
    mutating func registerHost(id: UUID, name: String, alive: Bool = true) {
        if state.hosts[id] == nil {
            state.hosts[id] = HostRecord(id: id, seq: state.nextSequence(), name: name, alive: alive)
        }
    }

    mutating func createHost(_ request: APIRequest) throws(APIError) -> EmulatorResponse {
        try request.requireContentType(AllowedTypes.host)
        let body = try BodyReader(request.body, model: "Host")
        let id = try body.uuid("id") ?? UUID()
        let name = try body.string("name")
        if state.hosts[id] != nil { throw APIError.alreadyExists("Host", id.text) }
        state.hosts[id] = HostRecord(id: id, seq: state.nextSequence(), name: name, alive: false)
        return Reply.created(Links(base: request.base).host(id))
    }

    /// Only the four scheduling fields change, and each must be given; 200 (not 204).
    mutating func updateHost(_ id: UUID, _ request: APIRequest) throws(APIError) -> EmulatorResponse {
        try request.requireContentType(AllowedTypes.host)
        let body = try BodyReader(request.body, model: "Host")
        let floodingProxyWeight = try body.int("floodingProxyWeight")
        let containerWeight = try body.int("containerWeight")
        let containerLimit = try body.int("containerLimit")
        let enforce: Bool? = body.has("enforceContainerLimit") ? try body.bool("enforceContainerLimit", default: false) : nil
        var validator = Validator()
        validator.range("floodingProxyWeight", floodingProxyWeight, 0...65535)
        validator.minimum("containerWeight", containerWeight, 0)
        validator.minimum("containerLimit", containerLimit, -1)
        try validator.check()
        guard state.hosts[id] != nil else { throw APIError.noSuch("Host", id.text) }
        guard let floodingProxyWeight else { throw APIError.badRequest(Messages.floodingProxyWeightNull) }
        guard let containerWeight else { throw APIError.badRequest(Messages.containerWeightNull) }
        guard let containerLimit else { throw APIError.badRequest(Messages.containerLimitNull) }
        guard let enforce else { throw APIError.badRequest(Messages.enforceContainerLimitNull) }
        state.hosts[id]?.floodingProxyWeight = floodingProxyWeight
        state.hosts[id]?.containerWeight = containerWeight
        state.hosts[id]?.containerLimit = containerLimit
        state.hosts[id]?.enforceContainerLimit = enforce
        return Reply.okEmpty
    }

    func getHost(_ id: UUID, _ request: APIRequest) throws(APIError) -> EmulatorResponse {
        let mediaType = try request.accept(AllowedTypes.host)
        guard let host = state.hosts[id] else { throw APIError.noSuch("Host", id.text) }
        return Reply.ok(hostJSON(host, Links(base: request.base)), mediaType)
    }

    func listHosts(_ request: APIRequest) throws(APIError) -> EmulatorResponse {
        let mediaType = try request.accept(AllowedTypes.hosts)
        let links = Links(base: request.base)
        return Reply.list(MidoNetState.ordered(state.hosts, seq: \.seq).map { hostJSON($0, links) }, mediaType)
    }

    /// 403 while the agent is alive or ports are bound; otherwise leaves its tunnel zones; 200.
    mutating func deleteHost(_ id: UUID) throws(APIError) -> EmulatorResponse {
        guard let host = state.hosts[id] else { throw APIError.noSuch("Host", id.text) }
        if host.alive { throw APIError.status(403, Messages.hostActive(id.text)) }
        if !host.portIds.isEmpty { throw APIError.status(403, Messages.hostHasBindings(id.text, host.portIds.count)) }
        state.deleteHost(id)
        return Reply.okEmpty
    }

    func hostJSON(_ host: HostRecord, _ links: Links) -> JSONValue {
        let uri = links.host(host.id)
        return [
            "id": host.id.json, "name": host.name.json, "addresses": [], "hostInterfaces": [], "alive": .bool(host.alive),
            "floodingProxyWeight": .int(host.floodingProxyWeight), "containerWeight": .int(host.containerWeight),
            "containerLimit": .int(host.containerLimit), "enforceContainerLimit": .bool(host.enforceContainerLimit),
            "uri": .string(uri), "ports": .string(uri + "/ports"), "interfaces": .string(uri + "/interfaces"),
        ]
    }
}
