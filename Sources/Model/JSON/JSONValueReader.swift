/// A cursor on one value of a parsed `JSONDocument`: what the direct decoders
/// (`JSONDirectDecodable`) read Kubernetes JSON through. No allocation, no class per value, no
/// existential keys, no reference counting: the hot reads (kinds, member names, plain strings and
/// integers) go through the document's raw storage. The value's path exists only for errors: it
/// is rebuilt from the node array when an error is made (`JSONDocument.path(to:)`), never on success.
///
/// Every error is the `DecodeError` that `JSONTreeDecoder` and `DecodeError(_:)` give for the same
/// value, path and reason alike (`DirectDecodingParityTests` holds the two to that):
/// - null where a value is required: `expected a string, found null` (`valueNotFound`);
/// - another kind of value: `expected an integer` (`typeMismatch`);
/// - a string that is not UTF-8, a member name that is not, a number that does not fit: the
///   `dataCorrupted` descriptions of `JSONTreeDecoderImpl`.
///
/// A reader must not outlive its document: make readers with `JSONDocument.read(_:)` or
/// `decodeDirectly(_:)`, which keep the document alive while they run.
struct JSONValueReader {
    /// For what is rare (escaped strings, numbers that are not plain integers, errors).
    /// `unowned(unsafe)`: no reference counting as readers are copied; a method called on it
    /// costs a retain and a release, which is why the hot reads use `nodes` and `bytes` instead.
    unowned(unsafe) let document: JSONDocument
    /// `document.nodes` and `document.bytes`: immutable, owned by the document.
    let nodes: UnsafeMutableBufferPointer<JSONNode>
    let bytes: UnsafeMutableBufferPointer<UInt8>
    /// The index of the value in `nodes`.
    let node: Int
    /// Set when the value is read only to be validated (`AdmissionReview.decodeForValidation`):
    /// decoders may then leave out fields no validation rule reads. Passed on to every reader
    /// made from this one.
    let forValidation: Bool

    /// A reader of `document`'s root value (or of `node`).
    init(document: JSONDocument, node: Int = 0, forValidation: Bool = false) {
        self.document = document
        self.nodes = document.nodes
        self.bytes = document.bytes
        self.node = node
        self.forValidation = forValidation
    }

    /// A reader of another value of the same document.
    @inline(__always) init(_ other: JSONValueReader, node: Int) {
        self.document = other.document
        self.nodes = other.nodes
        self.bytes = other.bytes
        self.node = node
        self.forValidation = other.forValidation
    }

    @inline(__always) var kind: JSONNode.Kind { nodes[node].kind }

    @inline(__always) var isNull: Bool { kind == .null }

    // MARK: Errors

    /// The value's path as `DecodeError` spells it (`request.object.spec.ports[1].port`).
    var path: String { document.path(to: node) }

    /// An error about this value.
    func error(_ reason: String) -> DecodeError { DecodeError(path: path, reason: reason) }

    /// The value is not the `expected` kind: `found null` when it is null (Foundation's
    /// `valueNotFound`), else a plain mismatch (`typeMismatch`).
    func mismatch(_ expected: String) -> DecodeError {
        error(isNull ? "expected \(expected), found null" : "expected \(expected)")
    }

    /// The value is a string that is not valid UTF-8.
    func invalidUTF8() -> DecodeError {
        error("string is not valid UTF-8 (byte \(document.invalidUTF8Offset(node)))")
    }

    /// The value is an object with a member name that is not valid UTF-8 (the first such name).
    func invalidMemberName() -> DecodeError {
        var i = node + 1
        while i < nodes[node].end, nodes[i].kind != .invalidUTF8String { i = nodes[i + 1].end }
        return error("member name is not valid UTF-8 (byte \(document.invalidUTF8Offset(i)))")
    }

    // MARK: Scalars

    /// The value as a string.
    @inline(__always) func string() throws(DecodeError) -> String {
        let n = nodes[node]
        if n.kind == .string {
            let text = UnsafeBufferPointer(rebasing: bytes[n.start..<n.start + n.length])
            // A value Kubernetes repeats everywhere ("v1", "Service", "TCP"): a literal.
            if let common = KubernetesStrings.common(text) { return common }
            // Validated as UTF-8 by the parser; `String(decoding:)` checks again (fast for ASCII).
            return String(decoding: text, as: UTF8.self)
        }
        return try unusualString()
    }

    /// An escaped string, or the error for a value that is not a string.
    func unusualString() throws(DecodeError) -> String {
        if let value = document.string(at: node) { return value }
        throw kind == .invalidUTF8String ? invalidUTF8() : mismatch("a string")
    }

    /// The value as an `Int`, exactly (`1.0` and `1e2` are integers, `1.5` and `2^70` do not fit).
    @inline(__always) func int() throws(DecodeError) -> Int {
        let n = nodes[node]
        // Up to 18 digits cannot overflow; the rest (signs, fractions, exponents, longer) is rare.
        if n.kind == .number, n.isPlainInteger, n.length <= 18, bytes[n.start] != UInt8(ascii: "-") {
            var value = 0
            for i in n.start..<n.start + n.length { value = value &* 10 &+ Int(bytes[i] &- 0x30) }
            return value
        }
        return try unusualInt()
    }

    /// A negative, long or not plain integer, or the error for a value that is not one.
    func unusualInt() throws(DecodeError) -> Int {
        switch document.integer(at: node) {
        case .value(let value): return value
        case .notANumber: throw mismatch("an integer")
        case .notRepresentable: throw error("Parsed JSON number <\(document.numberText(node))> does not fit in Int.")
        }
    }

    /// The value as a `Bool`.
    @inline(__always) func bool() throws(DecodeError) -> Bool {
        switch kind {
        case .true: return true
        case .false: return false
        default: throw mismatch("a boolean")
        }
    }

    // MARK: Containers

    /// The value as an object whose members can be read by name.
    @inline(__always) func object() throws(DecodeError) -> JSONObjectReader {
        let n = nodes[node]
        guard n.kind == .object else { throw mismatch("an object") }
        if n.hasInvalidMemberName { throw invalidMemberName() }
        return JSONObjectReader(self)
    }

    /// The value as an array whose elements can be iterated.
    @inline(__always) func array() throws(DecodeError) -> JSONArrayReader {
        guard kind == .array else { throw mismatch("an array") }
        return JSONArrayReader(self)
    }

    /// The value as an array of `T`; the first element that is not one is the error.
    func array<T: JSONDirectDecodable>(of type: T.Type) throws(DecodeError) -> [T] {
        let elements = try array()
        var result: [T] = []
        result.reserveCapacity(elements.count)
        for element in elements { result.append(try T(json: element)) }
        return result
    }

    /// The value as a `[String: String]` (labels, annotations, selector); the last of repeated names wins.
    func stringDictionary() throws(DecodeError) -> [String: String] {
        let n = nodes[node]
        guard n.kind == .object else { throw mismatch("an object") }
        if n.hasInvalidMemberName { throw invalidMemberName() }
        // `init(minimumCapacity:)`: `reserveCapacity` on an empty dictionary ran unspecialized,
        // looking its storage type up at run time (a fifth of decoding a Service's metadata).
        var result = [String: String](minimumCapacity: n.length)
        var i = node + 1
        while i < n.end {
            let value = try JSONValueReader(self, node: i + 1).string()
            // Member names were checked to be UTF-8 above: `string()` reads each of them.
            result[(try? JSONValueReader(self, node: i).string()) ?? ""] = value
            i = nodes[i + 1].end
        }
        return result
    }
}

/// The elements of an array value, in order, each as a reader.
struct JSONArrayReader: Sequence {
    let array: JSONValueReader

    init(_ array: JSONValueReader) { self.array = array }

    /// The number of elements.
    var count: Int { array.nodes[array.node].length }

    var underestimatedCount: Int { count }

    func makeIterator() -> Iterator { Iterator(array: array, element: array.node + 1, end: array.nodes[array.node].end) }

    struct Iterator: IteratorProtocol {
        let array: JSONValueReader
        /// The node of the next element.
        var element: Int
        let end: Int

        init(array: JSONValueReader, element: Int, end: Int) {
            self.array = array
            self.element = element
            self.end = end
        }

        @inline(__always) mutating func next() -> JSONValueReader? {
            guard element < end else { return nil }
            let reader = JSONValueReader(array, node: element)
            element = array.nodes[element].end
            return reader
        }
    }
}
