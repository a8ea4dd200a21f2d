import Foundation
import Model

/// Keys of objects, exactly, in little room: most objects' key is their kind and ID, kept as
/// those 17 bytes rather than as text (`MidoNetObject.key`, ~45 characters and an allocation).
/// Other keys (table entries, bindings) are kept as text.
struct FoundKeys: Sendable {
    private struct KindAndID: Hashable, Sendable {
        var kind: MidoNetKind
        var id: UUID
    }

    private var byID = Set<KindAndID>()
    private var byText = Set<String>()

    var count: Int { byID.count + byText.count }

    /// An object whose key is `kind/id` (`MidoNetObject.isKeyedByKindAndID`).
    mutating func insert(kind: MidoNetKind, id: UUID) { byID.insert(KindAndID(kind: kind, id: id)) }
    mutating func insert(key: String) { byText.insert(key) }

    func contains(_ object: MidoNetObject) -> Bool {
        object.isKeyedByKindAndID ? byID.contains(KindAndID(kind: object.kind, id: object.id)) : byText.contains(object.key)
    }
}
