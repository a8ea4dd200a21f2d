import Foundation
import Model

/// `/ports`, `/bridges/{id}/ports`, `/routers/{id}/ports` (midonet-rest-api.md §5.3).
extension MidoNetAPI {
    /// The user-settable fields of a port body.
    struct PortFields {
        var kind: PortRecord.Kind
        var adminStateUp: Bool
        var inboundFilterId: UUID?
        var outboundFilterId: UUID?
        var vifId: UUID?
        var hostId: UUID?
        var interfaceName: String?
        var peerId: UUID?
        var vlanId: Int
        var portSubnet: [String]
        var portAddress: String?
        var networkLength: Int
        var portMac: String?
        var rtrPortVni: Int
        var offRampVxlan: Bool

        init(_ body: BodyReader) throws(APIError) {
            guard let typeText = try body.string("type") else {
                throw APIError.badRequest("Missing type id when trying to resolve subtype of [simple type, class Port]: missing type id property 'type'")
            }
            switch typeText {
            case "Bridge", "ExteriorBridge", "InteriorBridge": kind = .bridge
            case "Router", "ExteriorRouter", "InteriorRouter": kind = .router
            default:
                throw APIError.badRequest("Could not resolve type id '\(typeText)' into a subtype of [simple type, class Port]")
            }
            adminStateUp = try body.bool("adminStateUp", default: true)
            inboundFilterId = try body.uuid("inboundFilterId")
            outboundFilterId = try body.uuid("outboundFilterId")
            vifId = try body.uuid("vifId")
            hostId = try body.uuid("hostId")
            interfaceName = try body.string("interfaceName")
            peerId = try body.uuid("peerId")
            var validator = Validator()
            vlanId = 0
            portSubnet = []
            networkLength = 0
            rtrPortVni = 0
            offRampVxlan = false
            switch kind {
            case .bridge:
                vlanId = try body.int("vlanId") ?? 0
                guard (-32768...32767).contains(vlanId) else {
                    throw APIError.badRequest("Numeric value (\(vlanId)) out of range of Java short (through reference chain: BridgePort[\"vlanId\"])")
                }
            case .router:
                portSubnet = try body.stringArray("portSubnet") ?? []
                for cidr in portSubnet where IPv4Prefix(cidr) == nil && !cidr.contains(":") {
                    throw APIError.badRequest("\(cidr) is not a valid CIDR (through reference chain: RouterPort[\"portSubnet\"])")
                }
                portAddress = try body.string("portAddress")
                let networkAddress = try body.string("networkAddress")
                networkLength = try body.int("networkLength") ?? 0
                portMac = try body.string("portMac")
                rtrPortVni = try body.int("rtrPortVni") ?? 0
                offRampVxlan = try body.bool("offRampVxlan", default: false)
                validator.ipv4("portAddress", portAddress)
                validator.ipv4("networkAddress", networkAddress)
                validator.range("networkLength", networkLength, 0...32)
                validator.range("rtrPortVni", rtrPortVni, 0...0xFFFFFF)
                // MidoNet stores `portAddress/networkLength` (the host address) when no subnet is given.
                if portSubnet.isEmpty, let portAddress, IPv4Address(portAddress) != nil, (0...32).contains(networkLength) {
                    portSubnet = ["\(portAddress)/\(networkLength)"]
                }
            }
            try validator.check()
        }

        var filters: [UUID?] { [inboundFilterId, outboundFilterId] }
    }

    static let portUnmodelled: [(field: String, className: String)] = [
        ("qosPolicyId", "QosPolicy"), ("serviceContainerId", "ServiceContainer"),
    ]

    /// Checks that `peerId` can be linked to a new or unlinked port: it exists and has no peer.
    func checkLinkable(peer peerId: UUID, from portId: UUID) throws(APIError) {
        guard let peer = state.ports[peerId] else { throw APIError.noSuch("Port", peerId.text) }
        if let existing = peer.peerId, existing != portId {
            throw APIError.status(
                409,
                "Operation failed because the Port with ID \(peerId.text) already references the Port with ID \(existing.text) via the field peer_id. This field can accommodate only one reference.")
        }
    }

    /// `POST /bridges/{id}/ports` and `POST /routers/{id}/ports`.
    mutating func createPort(on deviceId: UUID, kind deviceKind: PortRecord.Kind, _ request: APIRequest) throws(APIError) -> EmulatorResponse {
        try request.requireContentType(AllowedTypes.port)
        let body = try BodyReader(request.body, model: "Port")
        let id = try body.uuid("id") ?? UUID()
        let fields = try PortFields(body)
        guard fields.kind == deviceKind else {
            throw APIError.badRequest(deviceKind == .bridge ? Messages.notABridgePort : Messages.notARouterPort)
        }
        if state.ports[id] != nil { throw APIError.alreadyExists("Port", id.text) }
        switch deviceKind {
        case .bridge: if state.bridges[deviceId] == nil { throw APIError.noSuch("Network", deviceId.text) }
        case .router: if state.routers[deviceId] == nil { throw APIError.noSuch("Router", deviceId.text) }
        }
        try state.checkChainsExist(fields.filters)
        if let hostId = fields.hostId, state.hosts[hostId] == nil { throw APIError.noSuch("Host", hostId.text) }
        if let peerId = fields.peerId { try checkLinkable(peer: peerId, from: id) }
        try UnmodelledReferences.check(body, single: Self.portUnmodelled, lists: UnmodelledReferences.mirrors)
        if deviceKind == .router && fields.portSubnet.isEmpty {
            // MidoNet dereferences the missing subnet list after the insert (midonet-rest-api.md §5.3).
            throw APIError.status(500, nil)
        }

        var port = PortRecord(id: id, seq: state.nextSequence(), kind: deviceKind, deviceId: deviceId, tunnelKey: state.allocateTunnelKey())
        apply(fields, to: &port, isCreate: true)
        if deviceKind == .router && port.portMac == nil { port.portMac = state.randomPortMac() }
        state.ports[id] = port
        switch deviceKind {
        case .bridge: state.bridges[deviceId]?.portIds.append(id)
        case .router: state.routers[deviceId]?.portIds.append(id)
        }
        state.updateFilterReferences(device: id, old: [], new: fields.filters)
        if let hostId = port.hostId { state.hosts[hostId]?.portIds.append(id) }
        if let peerId = port.peerId { state.ports[peerId]?.peerId = id }
        if deviceKind == .router { addLocalRoutes(for: id) }
        return Reply.created(Links(base: request.base).port(id))
    }

    /// The `Local` /32 route MidoNet adds for every IPv4 address of a new router port.
    private mutating func addLocalRoutes(for portId: UUID) {
        guard let port = state.ports[portId] else { return }
        for prefix in port.portSubnet.compactMap(IPv4Prefix.init) {
            let route = RouteRecord(
                id: UUID(), srcNetworkAddr: "0.0.0.0", srcNetworkLength: 0, dstNetworkAddr: prefix.address.description,
                dstNetworkLength: 32, type: "Local", nextHopPort: portId, nextHopGateway: nil, weight: 0, attributes: nil,
                routerId: nil)
            state.routes[route.id] = route
            state.ports[portId]?.routeIds.append(route.id)
        }
    }

    /// Copies body fields onto a port. On update, host, interface and peer are kept when already
    /// set (a PUT can set them but not clear them), and an omitted `portMac` clears the MAC (MNA-1251).
    private func apply(_ fields: PortFields, to port: inout PortRecord, isCreate: Bool) {
        port.adminStateUp = fields.adminStateUp
        port.inboundFilterId = fields.inboundFilterId
        port.outboundFilterId = fields.outboundFilterId
        port.vifId = fields.vifId
        if port.hostId == nil { port.hostId = fields.hostId }
        if port.interfaceName == nil { port.interfaceName = fields.interfaceName }
        if port.peerId == nil { port.peerId = fields.peerId }
        port.vlanId = fields.vlanId
        port.portSubnet = fields.portSubnet
        if isCreate || fields.portMac != nil || state.quirks.putClearsOmittedPortMac { port.portMac = fields.portMac }
        port.rtrPortVni = fields.rtrPortVni
        port.offRampVxlan = fields.offRampVxlan
    }

    mutating func updatePort(_ id: UUID, _ request: APIRequest) throws(APIError) -> EmulatorResponse {
        try request.requireContentType(AllowedTypes.port)
        let body = try BodyReader(request.body, model: "Port")
        let fields = try PortFields(body)
        guard var port = state.ports[id] else { throw APIError.noSuch("Port", id.text) }
        // The stored object and the body are of different Java classes: MidoNet fails with a 500.
        guard fields.kind == port.kind else { throw APIError.status(500, nil) }
        try state.checkChainsExist(fields.filters)
        let newHost = port.hostId == nil ? fields.hostId : nil
        let newPeer = port.peerId == nil ? fields.peerId : nil
        if let newHost, state.hosts[newHost] == nil { throw APIError.noSuch("Host", newHost.text) }
        if let newPeer { try checkLinkable(peer: newPeer, from: id) }
        try UnmodelledReferences.check(body, single: Self.portUnmodelled, lists: UnmodelledReferences.mirrors)

        let oldFilters: [UUID?] = [port.inboundFilterId, port.outboundFilterId]
        apply(fields, to: &port, isCreate: false)
        state.ports[id] = port
        state.updateFilterReferences(device: id, old: oldFilters, new: fields.filters)
        if let newHost { state.hosts[newHost]?.portIds.append(id) }
        if let newPeer { state.ports[newPeer]?.peerId = id }
        return Reply.noContent
    }

    func getPort(_ id: UUID, _ request: APIRequest) throws(APIError) -> EmulatorResponse {
        let mediaType = try request.accept(AllowedTypes.port)
        guard let port = state.ports[id] else { throw APIError.noSuch("Port", id.text) }
        return Reply.ok(portJSON(port, Links(base: request.base)), mediaType)
    }

    /// `GET /ports`: every port.
    func listAllPorts(_ request: APIRequest) throws(APIError) -> EmulatorResponse {
        let mediaType = try request.accept(AllowedTypes.ports)
        let links = Links(base: request.base)
        return Reply.list(MidoNetState.ordered(state.ports, seq: \.seq).map { portJSON($0, links) }, mediaType)
    }

    /// `GET /bridges/{id}/ports`, `GET /routers/{id}/ports` and their `peer_ports`.
    func listDevicePorts(_ deviceId: UUID, kind: PortRecord.Kind, peers: Bool, _ request: APIRequest) throws(APIError) -> EmulatorResponse {
        let mediaType = try request.accept(AllowedTypes.ports)
        let portIds: [UUID]
        switch kind {
        case .bridge:
            guard let bridge = state.bridges[deviceId] else { throw APIError.noSuch("Network", deviceId.text) }
            portIds = bridge.portIds
        case .router:
            guard let router = state.routers[deviceId] else { throw APIError.noSuch("Router", deviceId.text) }
            portIds = router.portIds
        }
        let links = Links(base: request.base)
        let ports = peers ? state.peerPorts(of: portIds) : portIds.compactMap { state.ports[$0] }
        return Reply.list(ports.map { portJSON($0, links) }, mediaType)
    }

    mutating func deletePort(_ id: UUID) throws(APIError) -> EmulatorResponse {
        guard state.ports[id] != nil else { throw APIError.noSuch("Port", id.text) }
        state.deletePort(id)
        return Reply.noContent
    }

    func portJSON(_ port: PortRecord, _ links: Links) -> JSONValue {
        let uri = links.port(port.id)
        var fields: [String: JSONValue] = [
            "id": port.id.json, "type": .string(port.kind.rawValue), "deviceId": port.deviceId.json,
            "adminStateUp": .bool(port.adminStateUp),
            "inboundFilterId": port.inboundFilterId.json, "outboundFilterId": port.outboundFilterId.json,
            "vifId": port.vifId.json, "hostId": port.hostId.json, "interfaceName": port.interfaceName.json,
            "peerId": port.peerId.json, "tunnelKey": .int(port.tunnelKey), "active": false,
            "qosPolicyId": .null, "inboundMirrorIds": [], "outboundMirrorIds": [], "insertionIds": [],
            "uri": .string(uri),
            "device": .string(port.kind == .bridge ? links.bridge(port.deviceId) : links.router(port.deviceId)),
            "host": links.link(port.hostId, links.host), "peer": links.link(port.peerId, links.port),
            "link": .string(uri + "/link"), "portGroups": .string(uri + "/port_groups"),
            "hostInterfacePort": port.hostId.map { .string(links.hostInterfacePort(host: $0, port: port.id)) } ?? .null,
            "inboundFilter": links.link(port.inboundFilterId, links.chain),
            "outboundFilter": links.link(port.outboundFilterId, links.chain),
        ]
        switch port.kind {
        case .bridge:
            fields["vlanId"] = .int(port.vlanId)
        case .router:
            let primary = port.primarySubnet
            fields["portSubnet"] = .array(port.portSubnet.map(JSONValue.string))
            fields["portAddress"] = primary.map { .string($0.address.description) } ?? .null
            fields["networkAddress"] = primary.map { .string($0.network.description) } ?? .null
            fields["networkLength"] = .int(primary?.length ?? 0)
            fields["portMac"] = port.portMac.json
            fields["rtrPortVni"] = .int(port.rtrPortVni)
            fields["offRampVxlan"] = .bool(port.offRampVxlan)
            fields["serviceContainerId"] = .null
            fields["bgpStatus"] = .null
            fields["peeringTable"] = .string(uri + "/peering_table")
            fields["serviceContainer"] = .null
        }
        return .object(fields)
    }
}
