public import Foundation

/// A route on a router. Immutable in MidoNet (no PUT).
public struct Route: Sendable, Hashable {
    public var id: UUID
    public var routerId: UUID
    public var destination: IPv4Prefix
    public var source: IPv4Prefix
    public var nextHopPort: UUID?
    public var nextHopGateway: IPv4Address?
    /// `Normal`, `BlackHole`, `Reject`, `Local`.
    public var type: String

    public init(
        id: UUID, routerId: UUID, destination: IPv4Prefix,
        source: IPv4Prefix = IPv4Prefix(address: IPv4Address(0), length: 0),
        nextHopPort: UUID?, nextHopGateway: IPv4Address? = nil, type: String = "Normal"
    ) {
        self.id = id
        self.routerId = routerId
        self.destination = destination
        self.source = source
        self.nextHopPort = nextHopPort
        self.nextHopGateway = nextHopGateway
        self.type = type
    }

    public var object: MidoNetObject {
        var body: [String: JSONValue] = [
            "id": .string(id.lowerText), "type": .string(type),
            "srcNetworkAddr": .string(source.network.description), "srcNetworkLength": .int(source.length),
            "dstNetworkAddr": .string(destination.network.description), "dstNetworkLength": .int(destination.length),
        ]
        if let nextHopPort { body["nextHopPort"] = .string(nextHopPort.lowerText) }
        if let nextHopGateway { body["nextHopGateway"] = .string(nextHopGateway.description) }
        return MidoNetObject(
            kind: .route, id: id, parentId: routerId, path: "/routers/\(routerId.lowerText)/routes", body: .object(body),
            references: [routerId] + [nextHopPort].compactMap { $0 })
    }
}
