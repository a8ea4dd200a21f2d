// What `ObjectMeta+DirectDecoding.swift` reads for validation, streamed (see
// `Service+StreamDecoding.swift`).

extension ObjectMeta {
    /// Metadata without annotations, and without labels unless `readingLabels` (an
    /// EndpointSlice's name its Service).
    static func streamed(_ stream: inout JSONStream, readingLabels: Bool) throws(JSONStream.Unread) -> ObjectMeta {
        var metadata = ObjectMeta()
        try stream.beginObject()
        var first = true
        while let name = try stream.nextMember(&first) {
            if JSONStream.name(name, is: "name") {
                metadata.name = try stream.stringOrNull()
            } else if JSONStream.name(name, is: "namespace") {
                metadata.namespace = try stream.stringOrNull()
            } else if JSONStream.name(name, is: "uid") {
                metadata.uid = try stream.stringOrNull()
            } else if JSONStream.name(name, is: "resourceVersion") {
                metadata.resourceVersion = try stream.stringOrNull()
            } else if readingLabels, JSONStream.name(name, is: "labels") {
                metadata.labels = try stream.stringDictionaryOrNull()
            } else if JSONStream.name(name, is: "deletionTimestamp") {
                metadata.deletionTimestamp = try stream.stringOrNull()
            } else {
                try stream.skipValue()
            }
        }
        return metadata
    }
}
