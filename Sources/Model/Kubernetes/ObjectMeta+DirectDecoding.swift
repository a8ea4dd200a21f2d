// What the synthesized `init(from:)` of ObjectMeta reads, read directly.

extension ObjectMeta: JSONDirectDecodable {
    init(json: JSONValueReader) throws(DecodeError) {
        let container = try json.object()
        name = try container.decodeIfPresent(String.self, forKey: "name")
        namespace = try container.decodeIfPresent(String.self, forKey: "namespace")
        uid = try container.decodeIfPresent(String.self, forKey: "uid")
        resourceVersion = try container.decodeIfPresent(String.self, forKey: "resourceVersion")
        labels = try container.decodeIfPresent([String: String].self, forKey: "labels")
        annotations = try container.decodeIfPresent([String: String].self, forKey: "annotations")
        deletionTimestamp = try container.decodeIfPresent(String.self, forKey: "deletionTimestamp")
    }
}
