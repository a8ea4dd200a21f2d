public import Foundation

/// A rule chain. Immutable in MidoNet (no PUT); deleting it deletes its rules and the jumps into it.
public struct Chain: Sendable, Hashable {
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
            kind: .chain, id: id, parentId: nil, path: "/chains",
            body: ["id": .string(id.lowerText), "name": .string(name), "tenantId": .string(tenantId)])
    }
}
