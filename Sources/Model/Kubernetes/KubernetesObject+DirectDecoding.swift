// What KubernetesDecoding.swift and KubernetesObject.swift read through `Decodable` to pick an
// object's type by its kind, read directly.

extension KubernetesJSON.AnyObject: JSONDirectDecodable {
    init(json: JSONValueReader) throws(DecodeError) {
        let kind = try json.object().decode(String.self, forKey: "kind")
        if let known = ObjectKind(kind: kind) {
            object = try Self.decode(known, json: json)
        } else {
            object = .other(kind: kind)
        }
    }

    static func decode(_ kind: ObjectKind, json: JSONValueReader) throws(DecodeError) -> KubernetesObject {
        switch kind {
        case .service: .service(try Service(json: json))
        case .endpoints: .endpoints(try Endpoints(json: json))
        case .endpointSlice: .endpointSlice(try EndpointSlice(json: json))
        case .node: .node(try Node(json: json))
        case .pod: .pod(try Pod(json: json))
        }
    }
}

extension KubernetesJSON.ObjectList: JSONDirectDecodable {
    init(json: JSONValueReader) throws(DecodeError) {
        let container = try json.object()
        let listKind = try container.decode(String.self, forKey: "kind")
        let itemKind = listKind == "List" ? nil : ObjectKind(kind: String(listKind.dropLast(4)))
        let list = try container.required("items").array()
        var items: [KubernetesObject] = []
        items.reserveCapacity(list.count)
        for item in list {
            if let itemKind {
                items.append(try KubernetesJSON.AnyObject.decode(itemKind, json: item))
            } else {
                items.append(try KubernetesJSON.AnyObject(json: item).object)
            }
        }
        self.items = items
    }
}

extension KubernetesObject {
    /// The object `json` holds (nil when absent or null), as the given kind; an unknown kind is
    /// not decoded at all.
    static func decode(_ kind: ObjectKind?, otherKind: String, json: JSONValueReader?) throws(DecodeError) -> KubernetesObject? {
        guard let json else { return nil }
        guard let kind else { return .other(kind: otherKind) }
        return try KubernetesJSON.AnyObject.decode(kind, json: json)
    }
}

extension KubernetesJSON {
    /// Decodes one object by its `kind` field, or a `List` of objects (`kind: List`, `…List`).
    static func decodeObjects(from document: JSONDocument) throws(DecodeError) -> [KubernetesObject] {
        try document.read { root throws(DecodeError) in
            let kind = try root.object().decode(String.self, forKey: "kind")
            if kind == "List" || kind.hasSuffix("List") {
                return try ObjectList(json: root).items
            }
            return [try AnyObject(json: root).object]
        }
    }
}
