public import Foundation

/// A MidoNet bridge (MidoNet's storage calls it a `Network`): one per Kubernetes Node.
public struct Bridge: Sendable, Hashable {
    public var id: UUID
    public var name: String
    public var tenantId: String
    public var inboundFilterId: UUID?

    public init(id: UUID, name: String, tenantId: String, inboundFilterId: UUID? = nil) {
        self.id = id
        self.name = name
        self.tenantId = tenantId
        self.inboundFilterId = inboundFilterId
    }

    public var object: MidoNetObject {
        var body: [String: JSONValue] = ["id": .string(id.lowerText), "name": .string(name), "tenantId": .string(tenantId)]
        if let inboundFilterId { body["inboundFilterId"] = .string(inboundFilterId.lowerText) }
        return MidoNetObject(
            kind: .bridge, id: id, parentId: nil, path: "/bridges", body: .object(body),
            references: [inboundFilterId].compactMap { $0 })
    }
}
