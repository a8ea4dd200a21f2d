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
        // Canonical form directly (members in ascending order of their names).
        var json = CanonicalObjectWriter(capacity: 80 + name.utf8.count + tenantId.utf8.count)
        json.uuid("id", id)
        json.string("name", name)
        json.string("tenantId", tenantId)
        return MidoNetObject(kind: .chain, id: id, parentId: nil, path: "/chains", body: JSONBody(canonical: json.finish()))
    }
}
