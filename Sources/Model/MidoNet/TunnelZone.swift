public import Foundation

/// A tunnel zone (`gre`, `vxlan` or `vtep`).
public struct TunnelZone: Sendable, Hashable {
    public var id: UUID
    public var name: String
    public var type: String

    public init(id: UUID, name: String, type: String = "vxlan") {
        self.id = id
        self.name = name
        self.type = type
    }

    public var object: MidoNetObject {
        MidoNetObject(
            kind: .tunnelZone, id: id, parentId: nil, path: "/tunnel_zones",
            body: ["id": .string(id.lowerText), "name": .string(name), "type": .string(type)])
    }
}

/// A host's membership in a tunnel zone, with its tunnel endpoint address.
public struct TunnelZoneHost: Sendable, Hashable {
    public var tunnelZoneId: UUID
    public var host: HostReference
    public var ipAddress: IPv4Address

    public init(tunnelZoneId: UUID, host: HostReference, ipAddress: IPv4Address) {
        self.tunnelZoneId = tunnelZoneId
        self.host = host
        self.ipAddress = ipAddress
    }

    public var object: MidoNetObject {
        var body: [String: JSONValue] = ["ipAddress": .string(ipAddress.description)]
        if case .id(let id) = host { body["hostId"] = .string(id.lowerText) }
        let object = MidoNetObject(
            kind: .tunnelZoneHost, id: tunnelZoneId, parentId: tunnelZoneId,
            path: "/tunnel_zones/\(tunnelZoneId.lowerText)/hosts", body: .object(body), host: host,
            references: [tunnelZoneId])
        return object
    }
}
