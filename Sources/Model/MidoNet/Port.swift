public import Foundation

/// A port on a bridge (`type: Bridge`).
public struct BridgePort: Sendable, Hashable {
    public var id: UUID
    public var bridgeId: UUID
    public var outboundFilterId: UUID?

    public init(id: UUID, bridgeId: UUID, outboundFilterId: UUID? = nil) {
        self.id = id
        self.bridgeId = bridgeId
        self.outboundFilterId = outboundFilterId
    }

    public var object: MidoNetObject {
        var body: [String: JSONValue] = ["id": .string(id.lowerText), "type": "Bridge"]
        if let outboundFilterId { body["outboundFilterId"] = .string(outboundFilterId.lowerText) }
        return MidoNetObject(
            kind: .port, id: id, parentId: bridgeId, path: "/bridges/\(bridgeId.lowerText)/ports", body: .object(body),
            references: [bridgeId] + [outboundFilterId].compactMap { $0 })
    }
}

/// A port on a router (`type: Router`). MidoNet adds a `Local` /32 route for its address.
public struct RouterPort: Sendable, Hashable {
    public var id: UUID
    public var routerId: UUID
    /// The port's address with the subnet's length, e.g. `10.1.2.1/24`.
    public var portSubnet: IPv4Prefix
    /// Always sent: a PUT without it clears the MAC (MNA-1251).
    public var portMac: String

    public init(id: UUID, routerId: UUID, portSubnet: IPv4Prefix, portMac: String) {
        self.id = id
        self.routerId = routerId
        self.portSubnet = portSubnet
        self.portMac = portMac
    }

    public var object: MidoNetObject {
        MidoNetObject(
            kind: .port, id: id, parentId: routerId, path: "/routers/\(routerId.lowerText)/ports",
            body: [
                "id": .string(id.lowerText), "type": "Router",
                "portSubnet": [.string(portSubnet.description)], "portMac": .string(portMac),
            ],
            references: [routerId])
    }
}

/// A link between two ports: `POST /ports/{id}/link` with `{"peerId": …}`.
public struct PortLink: Sendable, Hashable {
    public var portId: UUID
    public var peerId: UUID

    public init(portId: UUID, peerId: UUID) {
        self.portId = portId
        self.peerId = peerId
    }

    public var object: MidoNetObject {
        // Never `portId` in the body: MidoNet then fails building the Location (MNA-1249).
        MidoNetObject(
            kind: .portLink, id: portId, parentId: portId, path: "/ports/\(portId.lowerText)/link",
            body: ["peerId": .string(peerId.lowerText)], references: [portId, peerId])
    }
}
