public import Foundation

/// A MidoNet host (agent), as `GET /hosts` lists it. Hosts are registered by agents, not by us.
public struct MidoNetHost: Sendable, Hashable, Codable {
    public var id: UUID
    public var name: String
    public var alive: Bool?
    public var addresses: [String]?

    public init(id: UUID, name: String, alive: Bool? = true, addresses: [String]? = nil) {
        self.id = id
        self.name = name
        self.alive = alive
        self.addresses = addresses
    }
}
