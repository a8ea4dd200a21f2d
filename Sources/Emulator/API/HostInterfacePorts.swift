import Foundation
import Model

/// `/hosts/{id}/ports`: port bindings (midonet-rest-api.md §5.11), Jersey-negotiated.
extension MidoNetAPI {
    mutating func bindPort(on hostId: UUID, _ request: APIRequest) throws(APIError) -> EmulatorResponse {
        try request.requireContentType(AllowedTypes.hostInterfacePort, style: .jersey)
        let body = try BodyReader(request.body, model: "HostInterfacePort")
        let portId = try body.uuid("portId")
        let interfaceName = try body.string("interfaceName")
        guard let host = state.hosts[hostId] else { throw APIError.noSuch("Host", hostId.text) }
        if host.tunnelZoneIds.isEmpty { throw APIError.status(409, Messages.hostNotInTunnelZone) }
        guard let portId, let port = state.ports[portId] else { throw APIError.noSuch("Port", portId?.text ?? "null") }
        if port.interfaceName != nil { throw APIError.status(409, Messages.portAlreadyBound(portId.text)) }
        if host.portIds.contains(where: { $0 != portId && state.ports[$0]?.interfaceName == interfaceName }) {
            throw APIError.status(409, Messages.interfaceAlreadyUsed(interfaceName ?? "null"))
        }
        if let previous = port.hostId, previous != hostId { state.hosts[previous]?.portIds.removeAll { $0 == portId } }
        state.ports[portId]?.hostId = hostId
        state.ports[portId]?.interfaceName = interfaceName
        if !host.portIds.contains(portId) { state.hosts[hostId]?.portIds.append(portId) }
        return Reply.created(Links(base: request.base).hostInterfacePort(host: hostId, port: portId))
    }

    func listBindings(on hostId: UUID, _ request: APIRequest) throws(APIError) -> EmulatorResponse {
        let mediaType = try request.accept(AllowedTypes.hostInterfacePorts, style: .jersey)
        guard let host = state.hosts[hostId] else { throw APIError.noSuch("Host", hostId.text) }
        let links = Links(base: request.base)
        let bound = host.portIds.compactMap { state.ports[$0] }.filter { $0.hostId == hostId && $0.interfaceName != nil }
        return Reply.list(bound.map { bindingJSON($0, hostId, links) }, mediaType)
    }

    func getBinding(on hostId: UUID, _ portId: UUID, _ request: APIRequest) throws(APIError) -> EmulatorResponse {
        let mediaType = try request.accept(AllowedTypes.hostInterfacePort, style: .jersey)
        guard state.hosts[hostId] != nil else { throw APIError.noSuch("Host", hostId.text) }
        guard let port = state.ports[portId], port.hostId == hostId, port.interfaceName != nil else {
            throw APIError.status(404, Messages.hostInterfacePortNotFound)
        }
        return Reply.ok(bindingJSON(port, hostId, Links(base: request.base)), mediaType)
    }

    /// Clears the port's binding whatever host it is on (MidoNet does not check the host).
    mutating func unbindPort(_ portId: UUID) throws(APIError) -> EmulatorResponse {
        guard let port = state.ports[portId] else { throw APIError.noSuch("Port", portId.text) }
        if let hostId = port.hostId { state.hosts[hostId]?.portIds.removeAll { $0 == portId } }
        state.ports[portId]?.hostId = nil
        state.ports[portId]?.interfaceName = nil
        return Reply.noContent
    }

    func bindingJSON(_ port: PortRecord, _ hostId: UUID, _ links: Links) -> JSONValue {
        [
            "portId": port.id.json, "hostId": hostId.json, "interfaceName": port.interfaceName.json,
            "uri": .string(links.hostInterfacePort(host: hostId, port: port.id)), "host": .string(links.host(hostId)),
            "port": .string(links.port(port.id)),
        ]
    }
}
