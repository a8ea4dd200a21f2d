/// A type read straight from a parsed document through a `JSONValueReader`, without `Decodable`'s
/// machinery (a decoder object per value, existential coding keys, string-keyed lookups).
/// A conformance reads exactly what the type's `init(from:)` reads, in the same order, so that
/// values and errors are the same (`DirectDecodingParityTests`).
protocol JSONDirectDecodable {
    init(json: JSONValueReader) throws(DecodeError)
}

extension JSONDocument {
    /// Decodes the root value as `T`. The document lives until the decode returns (the readers
    /// hold it `unowned(unsafe)` and point into its storage).
    /// `forValidation`: see `JSONValueReader.forValidation`.
    func decodeDirectly<T: JSONDirectDecodable>(_ type: T.Type, forValidation: Bool = false) throws(DecodeError) -> T {
        try read(forValidation: forValidation) { root throws(DecodeError) in try T(json: root) }
    }

    /// Runs `body` on a reader of the root value, with the document kept alive until it returns.
    func read<T>(forValidation: Bool = false, _ body: (JSONValueReader) throws(DecodeError) -> T) throws(DecodeError) -> T {
        try withExtendedLifetime(self) { () throws(DecodeError) -> T in
            try body(JSONValueReader(document: self, forValidation: forValidation))
        }
    }
}

extension String: JSONDirectDecodable {
    @inline(__always) init(json: JSONValueReader) throws(DecodeError) { self = try json.string() }
}

extension Int: JSONDirectDecodable {
    @inline(__always) init(json: JSONValueReader) throws(DecodeError) { self = try json.int() }
}

extension Bool: JSONDirectDecodable {
    @inline(__always) init(json: JSONValueReader) throws(DecodeError) { self = try json.bool() }
}

extension Array: JSONDirectDecodable where Element: JSONDirectDecodable {
    init(json: JSONValueReader) throws(DecodeError) { self = try json.array(of: Element.self) }
}

extension Dictionary: JSONDirectDecodable where Key == String, Value == String {
    init(json: JSONValueReader) throws(DecodeError) { self = try json.stringDictionary() }
}
