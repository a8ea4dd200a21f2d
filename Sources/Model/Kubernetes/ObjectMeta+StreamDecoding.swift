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

/// The members every kind the Validator checks has, read alike for each.
protocol StreamedObjectHeader {
    var apiVersion: String? { get set }
    var kind: String? { get set }
    var metadata: ObjectMeta { get set }
}

extension Service: StreamedObjectHeader {}
extension Endpoints: StreamedObjectHeader {}
extension EndpointSlice: StreamedObjectHeader {}

extension JSONStream {
    /// Reads member `name` of `object` when it is `apiVersion`, `kind` or `metadata` (setting
    /// `hasMetadata`), and returns true; false for any other member, left unread.
    @inline(__always) mutating func header<T: StreamedObjectHeader>(
        _ name: UnsafeBufferPointer<UInt8>, of object: inout T, readingLabels: Bool, hasMetadata: inout Bool
    ) throws(Unread) -> Bool {
        if JSONStream.name(name, is: "apiVersion") {
            object.apiVersion = try stringOrNull()
        } else if JSONStream.name(name, is: "kind") {
            object.kind = try stringOrNull()
        } else if JSONStream.name(name, is: "metadata") {
            object.metadata = try ObjectMeta.streamed(&self, readingLabels: readingLabels)
            hasMetadata = true
        } else {
            return false
        }
        return true
    }
}
