/// One page of a LIST response (`ServiceList`, `NodeList`, …, `?limit=&continue=`): its items,
/// decoded as the list's kind says (items of a typed list carry no `kind`), the list's
/// `metadata.resourceVersion` (the snapshot every page of one listing is read at) and
/// `metadata.continue` (empty or absent on the last page).
public struct ObjectListPage: Sendable {
    public var items: [KubernetesObject]
    public var resourceVersion: String?
    public var continueToken: String?

    public init(items: [KubernetesObject], resourceVersion: String?, continueToken: String?) {
        self.items = items
        self.resourceVersion = resourceVersion
        self.continueToken = continueToken
    }

    /// Decodes a page; errors name the JSON path (`items[3].spec.ports[0].port`).
    public static func decode(_ bytes: [UInt8]) throws(DecodeError) -> ObjectListPage {
        let document = try KubernetesJSON.parse(bytes)
        let list = try KubernetesJSON.decode(KubernetesJSON.ObjectList.self, from: document)
        let metadata = try KubernetesJSON.decode(Envelope.self, from: document).metadata
        let token = metadata?.continue.flatMap { $0.isEmpty ? nil : $0 }
        return ObjectListPage(items: list.items, resourceVersion: metadata?.resourceVersion, continueToken: token)
    }

    struct Envelope: Decodable {
        struct ListMeta: Decodable {
            var resourceVersion: String?
            var `continue`: String?
        }

        var metadata: ListMeta?
    }
}
