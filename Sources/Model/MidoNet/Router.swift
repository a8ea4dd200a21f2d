public import Foundation

/// A MidoNet router (the cluster router). PUT replaces all user fields, so the body is complete.
public struct Router: Sendable, Hashable {
    public var id: UUID
    public var name: String
    public var tenantId: String

    public init(id: UUID, name: String, tenantId: String) {
        self.id = id
        self.name = name
        self.tenantId = tenantId
    }

    public var object: MidoNetObject {
        MidoNetObject(
            kind: .router, id: id, parentId: nil, path: "/routers",
            body: ["id": .string(id.lowerText), "name": .string(name), "tenantId": .string(tenantId)])
    }
}
