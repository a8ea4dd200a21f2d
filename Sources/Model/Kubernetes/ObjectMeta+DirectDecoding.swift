// What the synthesized `init(from:)` of ObjectMeta reads, read directly.

extension ObjectMeta: JSONDirectDecodable {
    init(json: JSONValueReader) throws(DecodeError) {
        try self.init(json: json, readingLabels: true)
    }

    /// For validation, annotations are left out (no rule reads them; `kubectl apply` keeps a copy
    /// of the whole object in one), and labels too unless `readingLabels` (an EndpointSlice's
    /// name its Service).
    init(json: JSONValueReader, readingLabels: Bool) throws(DecodeError) {
        let container = try json.object()
        name = try container.decodeIfPresent(String.self, forKey: "name")
        namespace = try container.decodeIfPresent(String.self, forKey: "namespace")
        uid = try container.decodeIfPresent(String.self, forKey: "uid")
        resourceVersion = try container.decodeIfPresent(String.self, forKey: "resourceVersion")
        let forValidation = json.forValidation
        labels = forValidation && !readingLabels ? nil : try container.decodeIfPresent([String: String].self, forKey: "labels")
        annotations = forValidation ? nil : try container.decodeIfPresent([String: String].self, forKey: "annotations")
        deletionTimestamp = try container.decodeIfPresent(String.self, forKey: "deletionTimestamp")
    }
}
