/// The members of an object value, read by name: the direct counterpart of a
/// `KeyedDecodingContainer`, with the same `decode`/`decodeIfPresent` meaning (absent or null is
/// nil) and errors. Names are `StaticString`s compared with the document's bytes, no `String` made.
struct JSONObjectReader {
    /// The object itself.
    let object: JSONValueReader

    /// Only `JSONValueReader.object()` makes one, after checking the value is an object whose
    /// member names are all UTF-8.
    init(_ object: JSONValueReader) { self.object = object }

    /// The value of member `name`; the last one when a name repeats (as Go, hence kube-apiserver,
    /// reads it). A linear scan: Kubernetes objects have tens of members at most, and a name of
    /// another length is passed over after one comparison.
    @inline(__always) func member(_ name: StaticString) -> JSONValueReader? {
        // `withUTF8Buffer`, not `utf8Start`: the latter traps on a one-scalar `StaticString`.
        let found = name.withUTF8Buffer { utf8 in
            let nodes = object.nodes
            let bytes = object.bytes
            var found = -1
            var key = object.node + 1
            let end = nodes[object.node].end
            while key < end {
                let n = nodes[key]
                if n.kind == .string {
                    if n.length == utf8.count {
                        var i = 0
                        while i < utf8.count, bytes[n.start + i] == utf8[i] { i += 1 }
                        if i == utf8.count { found = key + 1 }
                    }
                } else if object.document.string(at: key) == name.description {
                    found = key + 1  // an escaped name (`\u0070ort`): rare enough to compare as Strings
                }
                key = nodes[key + 1].end
            }
            return found
        }
        return found < 0 ? nil : JSONValueReader(object, node: found)
    }

    /// The value of member `name` unless it is absent or null.
    @inline(__always) func present(_ name: StaticString) -> JSONValueReader? {
        guard let value = member(name), !value.isNull else { return nil }
        return value
    }

    /// Member `name`, required: absent is `required field is missing` at the member's path.
    @inline(__always) func required(_ name: StaticString) throws(DecodeError) -> JSONValueReader {
        guard let value = member(name) else { throw keyNotFound(name) }
        return value
    }

    /// Member `name` as `T`; absent is `required field is missing`, null `expected …, found null`.
    @inline(__always) func decode<T: JSONDirectDecodable>(_ type: T.Type, forKey name: StaticString) throws(DecodeError) -> T {
        try T(json: try required(name))
    }

    /// Member `name` as `T`, or nil when it is absent or null.
    @inline(__always) func decodeIfPresent<T: JSONDirectDecodable>(_ type: T.Type, forKey name: StaticString) throws(DecodeError) -> T? {
        guard let value = present(name) else { return nil }
        return try T(json: value)
    }

    // MARK: Errors

    /// The path of member `name` (which need not be present).
    func path(forKey name: StaticString) -> String {
        let path = object.path
        return path.isEmpty ? name.description : path + "." + name.description
    }

    /// Member `name` is absent.
    func keyNotFound(_ name: StaticString) -> DecodeError {
        DecodeError(path: path(forKey: name), reason: "required field is missing")
    }

    /// An error about member `name` (an envelope check: `kind` is not `AdmissionReview`).
    func error(forKey name: StaticString, _ reason: String) -> DecodeError {
        DecodeError(path: path(forKey: name), reason: reason)
    }
}
