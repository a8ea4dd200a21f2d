/// A `Decoder` over a parsed `JSONDocument`: what `JSONDecoder` does, without Foundation and
/// several times faster. Errors are `DecodingError`s with the same kinds and coding paths as
/// `JSONDecoder`'s (array elements are `Index n` keys), so `DecodeError` reads them the same.
/// Integers are exact: a number that is not an integer fitting the type is `dataCorrupted`.
/// A string with invalid UTF-8 is `dataCorrupted` where it is read, as a value or as a member
/// name of an object read through a keyed container (Foundation fails there too, but without a
/// path); such strings elsewhere, as in members no type asks for, are not read and not an error.
public struct JSONTreeDecoder: Sendable {
    public init() {}

    /// Decodes `T` from `bytes`; a document that is not JSON is `dataCorrupted` at the empty path,
    /// with the `JSONParseError` as the underlying error.
    public func decode<T: Decodable>(_ type: T.Type, from bytes: [UInt8]) throws -> T {
        let document: JSONDocument
        do {
            document = try JSONDocument(parsing: bytes)
        } catch {
            throw DecodingError.dataCorrupted(.init(codingPath: [], debugDescription: "The given data was not valid JSON.", underlyingError: error))
        }
        return try decode(T.self, from: document)
    }

    /// Decodes `T` from the root of an already parsed document.
    public func decode<T: Decodable>(_ type: T.Type, from document: JSONDocument) throws -> T {
        let root = JSONTreeDecoderImpl(document: document, node: 0, parent: nil, key: nil)
        return try root.decodeValue(T.self)
    }
}

/// Array positions in coding paths, spelled like Foundation's (`Index 3`).
struct JSONIndexKey: CodingKey {
    let index: Int
    init(_ index: Int) { self.index = index }
    init?(stringValue: String) { nil }
    init?(intValue: Int) { self.index = intValue }
    var stringValue: String { "Index \(index)" }
    var intValue: Int? { index }
}

/// Dictionary keys in coding paths.
struct JSONStringKey: CodingKey {
    let stringValue: String
    init(_ stringValue: String) { self.stringValue = stringValue }
    init?(stringValue: String) { self.stringValue = stringValue }
    init?(intValue: Int) { self.stringValue = String(intValue) }
    var intValue: Int? { nil }
}

/// The decoder for one value. Its parent chain is the coding path, built only when asked for.
final class JSONTreeDecoderImpl: Decoder, SingleValueDecodingContainer {
    let document: JSONDocument
    let node: Int
    let parent: JSONTreeDecoderImpl?
    let key: (any CodingKey)?

    init(document: JSONDocument, node: Int, parent: JSONTreeDecoderImpl?, key: (any CodingKey)?) {
        self.document = document
        self.node = node
        self.parent = parent
        self.key = key
    }

    var codingPath: [any CodingKey] {
        var keys: [any CodingKey] = []
        var current: JSONTreeDecoderImpl? = self
        while let decoder = current {
            if let key = decoder.key { keys.append(key) }
            current = decoder.parent
        }
        return keys.reversed()
    }

    var userInfo: [CodingUserInfoKey: Any] { [:] }

    func container<Key: CodingKey>(keyedBy type: Key.Type) throws -> KeyedDecodingContainer<Key> {
        switch document.kind(node) {
        case .object:
            if document.nodes[node].hasInvalidMemberName { throw invalidMemberName(node, key: nil) }
            return KeyedDecodingContainer(JSONKeyedContainer<Key>(decoder: self, node: node))
        case .null:
            throw DecodingError.valueNotFound([String: Any].self, .init(
                codingPath: codingPath, debugDescription: "Cannot get keyed decoding container -- found null value instead"))
        default:
            throw DecodingError.typeMismatch([String: Any].self, .init(
                codingPath: codingPath, debugDescription: "Expected to decode \([String: Any].self) but found \(describe(node)) instead."))
        }
    }

    func unkeyedContainer() throws -> any UnkeyedDecodingContainer {
        switch document.kind(node) {
        case .array: return JSONUnkeyedContainer(decoder: self, node: node)
        case .null:
            throw DecodingError.valueNotFound([Any].self, .init(
                codingPath: codingPath, debugDescription: "Cannot get unkeyed decoding container -- found null value instead"))
        default:
            throw DecodingError.typeMismatch([Any].self, .init(
                codingPath: codingPath, debugDescription: "Expected to decode \([Any].self) but found \(describe(node)) instead."))
        }
    }

    func singleValueContainer() throws -> any SingleValueDecodingContainer { self }

    // MARK: Values (shared by the three kinds of container)

    func describe(_ node: Int) -> String {
        switch document.kind(node) {
        case .null: "null"
        case .true, .false: "bool"
        case .number: "number"
        case .string, .escapedString, .invalidUTF8String: "a string"
        case .array: "an array"
        case .object: "a dictionary"
        }
    }

    func path(_ key: (any CodingKey)?) -> [any CodingKey] {
        guard let key else { return codingPath }
        return codingPath + [key]
    }

    /// `valueNotFound` for null, else `typeMismatch`, like Foundation.
    func mismatch(_ type: Any.Type, node: Int, key: (any CodingKey)?) -> DecodingError {
        if document.kind(node) == .null {
            return .valueNotFound(type, .init(codingPath: path(key), debugDescription: "Cannot get value of type \(type) -- found null value instead"))
        }
        return .typeMismatch(type, .init(codingPath: path(key), debugDescription: "Expected to decode \(type) but found \(describe(node)) instead."))
    }

    @inline(__always) func string(_ node: Int, key: (any CodingKey)?) throws -> String {
        guard let value = document.string(at: node) else { throw notAString(node, key: key) }
        return value
    }

    /// Why the value at `node` is not a string: invalid UTF-8, or another kind of value.
    func notAString(_ node: Int, key: (any CodingKey)?) -> DecodingError {
        guard document.kind(node) == .invalidUTF8String else { return mismatch(String.self, node: node, key: key) }
        return .dataCorrupted(.init(
            codingPath: path(key), debugDescription: "string is not valid UTF-8 (byte \(document.invalidUTF8Offset(node)))"))
    }

    /// The object at `node` has a member name that is not valid UTF-8.
    func invalidMemberName(_ node: Int, key: (any CodingKey)?) -> DecodingError {
        var i = node + 1
        while document.kind(i) != .invalidUTF8String { i = document.nodes[i + 1].end }
        return .dataCorrupted(.init(
            codingPath: path(key), debugDescription: "member name is not valid UTF-8 (byte \(document.invalidUTF8Offset(i)))"))
    }

    @inline(__always) func bool(_ node: Int, key: (any CodingKey)?) throws -> Bool {
        switch document.kind(node) {
        case .true: return true
        case .false: return false
        default: throw mismatch(Bool.self, node: node, key: key)
        }
    }

    func integer<T: FixedWidthInteger>(_ type: T.Type, _ node: Int, key: (any CodingKey)?) throws -> T {
        switch document.integer(at: node) {
        case .value(let value):
            if let exact = T(exactly: value) { return exact }
        case .notANumber:
            throw mismatch(T.self, node: node, key: key)
        case .notRepresentable:
            break
        }
        throw DecodingError.dataCorrupted(.init(
            codingPath: path(key), debugDescription: "Parsed JSON number <\(document.numberText(node))> does not fit in \(T.self)."))
    }

    func floatingPoint(_ node: Int, key: (any CodingKey)?) throws -> Double {
        guard document.kind(node) == .number else { throw mismatch(Double.self, node: node, key: key) }
        guard let value = document.double(at: node) else {
            throw DecodingError.dataCorrupted(.init(
                codingPath: path(key), debugDescription: "Parsed JSON number <\(document.numberText(node))> does not fit in Double."))
        }
        return value
    }

    /// `[String: String]` without a keyed container per entry; the last of repeated keys wins.
    func stringDictionary(_ node: Int, key: (any CodingKey)?) throws -> [String: String] {
        guard document.kind(node) == .object else { throw mismatch([String: Any].self, node: node, key: key) }
        if document.nodes[node].hasInvalidMemberName { throw invalidMemberName(node, key: key) }
        let nodes = document.nodes
        var result: [String: String] = [:]
        result.reserveCapacity(nodes[node].length)
        var i = node + 1
        let end = nodes[node].end
        while i < end {
            let name = document.string(at: i) ?? ""
            guard let value = document.string(at: i + 1) else {
                let child = JSONTreeDecoderImpl(document: document, node: node, parent: self, key: key)
                throw child.notAString(i + 1, key: JSONStringKey(name))
            }
            result[name] = value
            i = nodes[i + 1].end
        }
        return result
    }

    /// `[String: String]`'s metadata, looked up once: spelling the type in a generic check costs a
    /// runtime metadata lookup per call.
    static let stringDictionaryType = ObjectIdentifier([String: String].self)

    /// Decodes the value at `node` (a child of this decoder's value under `key`) as `T`.
    /// The fast paths convert with `unsafeBitCast` after checking that `T` *is* that type: an `as? T`
    /// cast would cost a runtime metadata lookup (for `T?`) on every call, taken or not.
    @inline(__always) func decode<T: Decodable>(_ type: T.Type, node: Int, key: any CodingKey) throws -> T {
        if T.self == String.self { return unsafeBitCast(try string(node, key: key), to: T.self) }
        if T.self == Int.self { return unsafeBitCast(try integer(Int.self, node, key: key), to: T.self) }
        if T.self == Bool.self { return unsafeBitCast(try bool(node, key: key), to: T.self) }
        if ObjectIdentifier(T.self) == Self.stringDictionaryType {
            return unsafeBitCast(try stringDictionary(node, key: key), to: T.self)
        }
        return try JSONTreeDecoderImpl(document: document, node: node, parent: self, key: key).decodeValue(T.self)
    }

    /// Decodes this decoder's own value as `T`.
    func decodeValue<T: Decodable>(_ type: T.Type) throws -> T {
        if ObjectIdentifier(T.self) == Self.stringDictionaryType { return unsafeBitCast(try stringDictionary(node, key: nil), to: T.self) }
        if T.self == JSONValue.self { return unsafeBitCast(try jsonValue(), to: T.self) }
        return try T(from: self)
    }

    /// This decoder's value as a `JSONValue` (numbers: `Int` when exactly an integer that fits, else `Double`).
    func jsonValue() throws -> JSONValue {
        do {
            return try document.jsonValue(at: node)
        } catch {
            throw DecodingError.dataCorrupted(.init(codingPath: codingPath, debugDescription: error.description))
        }
    }

    // MARK: SingleValueDecodingContainer

    func decodeNil() -> Bool { document.kind(node) == .null }
    func decode(_ type: Bool.Type) throws -> Bool { try bool(node, key: nil) }
    func decode(_ type: String.Type) throws -> String { try string(node, key: nil) }
    func decode(_ type: Double.Type) throws -> Double { try floatingPoint(node, key: nil) }
    func decode(_ type: Float.Type) throws -> Float { Float(try floatingPoint(node, key: nil)) }
    func decode(_ type: Int.Type) throws -> Int { try integer(Int.self, node, key: nil) }
    func decode(_ type: Int8.Type) throws -> Int8 { try integer(Int8.self, node, key: nil) }
    func decode(_ type: Int16.Type) throws -> Int16 { try integer(Int16.self, node, key: nil) }
    func decode(_ type: Int32.Type) throws -> Int32 { try integer(Int32.self, node, key: nil) }
    func decode(_ type: Int64.Type) throws -> Int64 { try integer(Int64.self, node, key: nil) }
    func decode(_ type: UInt.Type) throws -> UInt { try integer(UInt.self, node, key: nil) }
    func decode(_ type: UInt8.Type) throws -> UInt8 { try integer(UInt8.self, node, key: nil) }
    func decode(_ type: UInt16.Type) throws -> UInt16 { try integer(UInt16.self, node, key: nil) }
    func decode(_ type: UInt32.Type) throws -> UInt32 { try integer(UInt32.self, node, key: nil) }
    func decode(_ type: UInt64.Type) throws -> UInt64 { try integer(UInt64.self, node, key: nil) }
    func decode<T: Decodable>(_ type: T.Type) throws -> T { try decodeValue(T.self) }
}

struct JSONKeyedContainer<Key: CodingKey>: KeyedDecodingContainerProtocol {
    let decoder: JSONTreeDecoderImpl
    let node: Int

    init(decoder: JSONTreeDecoderImpl, node: Int) {
        self.decoder = decoder
        self.node = node
    }

    var codingPath: [any CodingKey] { decoder.codingPath }

    var allKeys: [Key] {
        var seen = Set<String>()
        var keys: [Key] = []
        for name in decoder.document.memberNames(of: node) where seen.insert(name).inserted {
            if let key = Key(stringValue: name) { keys.append(key) }
        }
        return keys
    }

    /// A linear scan of the members: objects are small, and a container is copied often, so it
    /// carries no index. (`[String: String]` and `JSONValue` are read in one pass, not through here.)
    @inline(__always) func lookup(_ key: Key) -> Int? {
        decoder.document.member(of: node, named: key.stringValue)
    }

    @inline(__always) func value(_ key: Key) throws -> Int {
        guard let value = lookup(key) else {
            throw DecodingError.keyNotFound(key, .init(
                codingPath: codingPath, debugDescription: "No value associated with key \(key) (\"\(key.stringValue)\")."))
        }
        return value
    }

    func contains(_ key: Key) -> Bool { lookup(key) != nil }

    func decodeNil(forKey key: Key) throws -> Bool { decoder.document.kind(try value(key)) == .null }

    func decode(_ type: Bool.Type, forKey key: Key) throws -> Bool { try decoder.bool(try value(key), key: key) }
    func decode(_ type: String.Type, forKey key: Key) throws -> String { try decoder.string(try value(key), key: key) }
    func decode(_ type: Double.Type, forKey key: Key) throws -> Double { try decoder.floatingPoint(try value(key), key: key) }
    func decode(_ type: Float.Type, forKey key: Key) throws -> Float { Float(try decoder.floatingPoint(try value(key), key: key)) }
    func decode(_ type: Int.Type, forKey key: Key) throws -> Int { try decoder.integer(Int.self, try value(key), key: key) }
    func decode(_ type: Int8.Type, forKey key: Key) throws -> Int8 { try decoder.integer(Int8.self, try value(key), key: key) }
    func decode(_ type: Int16.Type, forKey key: Key) throws -> Int16 { try decoder.integer(Int16.self, try value(key), key: key) }
    func decode(_ type: Int32.Type, forKey key: Key) throws -> Int32 { try decoder.integer(Int32.self, try value(key), key: key) }
    func decode(_ type: Int64.Type, forKey key: Key) throws -> Int64 { try decoder.integer(Int64.self, try value(key), key: key) }
    func decode(_ type: UInt.Type, forKey key: Key) throws -> UInt { try decoder.integer(UInt.self, try value(key), key: key) }
    func decode(_ type: UInt8.Type, forKey key: Key) throws -> UInt8 { try decoder.integer(UInt8.self, try value(key), key: key) }
    func decode(_ type: UInt16.Type, forKey key: Key) throws -> UInt16 { try decoder.integer(UInt16.self, try value(key), key: key) }
    func decode(_ type: UInt32.Type, forKey key: Key) throws -> UInt32 { try decoder.integer(UInt32.self, try value(key), key: key) }
    func decode(_ type: UInt64.Type, forKey key: Key) throws -> UInt64 { try decoder.integer(UInt64.self, try value(key), key: key) }
    func decode<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T { try decoder.decode(T.self, node: try value(key), key: key) }

    /// The value node of `key` unless it is absent or null (one lookup, where the default does three).
    @inline(__always) func present(_ key: Key) -> Int? {
        guard let value = lookup(key), decoder.document.kind(value) != .null else { return nil }
        return value
    }

    func decodeIfPresent(_ type: Bool.Type, forKey key: Key) throws -> Bool? {
        guard let value = present(key) else { return nil }
        return try decoder.bool(value, key: key)
    }

    func decodeIfPresent(_ type: String.Type, forKey key: Key) throws -> String? {
        guard let value = present(key) else { return nil }
        return try decoder.string(value, key: key)
    }

    func decodeIfPresent(_ type: Int.Type, forKey key: Key) throws -> Int? {
        guard let value = present(key) else { return nil }
        return try decoder.integer(Int.self, value, key: key)
    }

    func decodeIfPresent(_ type: Double.Type, forKey key: Key) throws -> Double? {
        guard let value = present(key) else { return nil }
        return try decoder.floatingPoint(value, key: key)
    }

    func decodeIfPresent<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T? {
        guard let value = present(key) else { return nil }
        return try decoder.decode(T.self, node: value, key: key)
    }

    func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type, forKey key: Key) throws -> KeyedDecodingContainer<NestedKey> {
        try JSONTreeDecoderImpl(document: decoder.document, node: try value(key), parent: decoder, key: key).container(keyedBy: type)
    }

    func nestedUnkeyedContainer(forKey key: Key) throws -> any UnkeyedDecodingContainer {
        try JSONTreeDecoderImpl(document: decoder.document, node: try value(key), parent: decoder, key: key).unkeyedContainer()
    }

    func superDecoder() throws -> any Decoder { try superDecoder(key: JSONStringKey("super")) }

    func superDecoder(forKey key: Key) throws -> any Decoder { try superDecoder(key: key) }

    /// Like Foundation: an absent key gives a decoder over null.
    private func superDecoder(key: any CodingKey) throws -> any Decoder {
        guard let value = decoder.document.member(of: node, named: key.stringValue) else {
            return JSONTreeDecoderImpl(document: JSONDocument.null, node: 0, parent: decoder, key: key)
        }
        return JSONTreeDecoderImpl(document: decoder.document, node: value, parent: decoder, key: key)
    }
}

struct JSONUnkeyedContainer: UnkeyedDecodingContainer {
    let decoder: JSONTreeDecoderImpl
    let node: Int
    let count: Int?
    private(set) var currentIndex = 0
    /// The node of the element at `currentIndex`.
    private var cursor: Int

    init(decoder: JSONTreeDecoderImpl, node: Int) {
        self.decoder = decoder
        self.node = node
        self.count = decoder.document.nodes[node].length
        self.cursor = node + 1
    }

    var codingPath: [any CodingKey] { decoder.codingPath }
    var isAtEnd: Bool { currentIndex >= (count ?? 0) }

    private var key: JSONIndexKey { JSONIndexKey(currentIndex) }

    /// The next element's node, or `valueNotFound` at the end.
    @inline(__always) private func next(_ type: Any.Type) throws -> Int {
        guard !isAtEnd else {
            throw DecodingError.valueNotFound(type, .init(codingPath: codingPath + [key], debugDescription: "Unkeyed container is at end."))
        }
        return cursor
    }

    @inline(__always) private mutating func advance() {
        cursor = decoder.document.nodes[cursor].end
        currentIndex += 1
    }

    mutating func decodeNil() throws -> Bool {
        guard decoder.document.kind(try next(Any?.self)) == .null else { return false }
        advance()
        return true
    }

    mutating func decode(_ type: Bool.Type) throws -> Bool {
        let value = try decoder.bool(try next(type), key: key)
        advance()
        return value
    }

    mutating func decode(_ type: String.Type) throws -> String {
        let value = try decoder.string(try next(type), key: key)
        advance()
        return value
    }

    mutating func decode(_ type: Double.Type) throws -> Double {
        let value = try decoder.floatingPoint(try next(type), key: key)
        advance()
        return value
    }

    mutating func decode(_ type: Float.Type) throws -> Float { Float(try decode(Double.self)) }
    mutating func decode(_ type: Int.Type) throws -> Int { try integer(Int.self) }
    mutating func decode(_ type: Int8.Type) throws -> Int8 { try integer(Int8.self) }
    mutating func decode(_ type: Int16.Type) throws -> Int16 { try integer(Int16.self) }
    mutating func decode(_ type: Int32.Type) throws -> Int32 { try integer(Int32.self) }
    mutating func decode(_ type: Int64.Type) throws -> Int64 { try integer(Int64.self) }
    mutating func decode(_ type: UInt.Type) throws -> UInt { try integer(UInt.self) }
    mutating func decode(_ type: UInt8.Type) throws -> UInt8 { try integer(UInt8.self) }
    mutating func decode(_ type: UInt16.Type) throws -> UInt16 { try integer(UInt16.self) }
    mutating func decode(_ type: UInt32.Type) throws -> UInt32 { try integer(UInt32.self) }
    mutating func decode(_ type: UInt64.Type) throws -> UInt64 { try integer(UInt64.self) }

    private mutating func integer<T: FixedWidthInteger>(_ type: T.Type) throws -> T {
        let value = try decoder.integer(T.self, try next(type), key: key)
        advance()
        return value
    }

    mutating func decode<T: Decodable>(_ type: T.Type) throws -> T {
        let value = try decoder.decode(T.self, node: try next(type), key: key)
        advance()
        return value
    }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type) throws -> KeyedDecodingContainer<NestedKey> {
        let container = try JSONTreeDecoderImpl(document: decoder.document, node: try next(KeyedDecodingContainer<NestedKey>.self), parent: decoder, key: key)
            .container(keyedBy: type)
        advance()
        return container
    }

    mutating func nestedUnkeyedContainer() throws -> any UnkeyedDecodingContainer {
        let container = try JSONTreeDecoderImpl(document: decoder.document, node: try next((any UnkeyedDecodingContainer).self), parent: decoder, key: key)
            .unkeyedContainer()
        advance()
        return container
    }

    mutating func superDecoder() throws -> any Decoder {
        let sub = JSONTreeDecoderImpl(document: decoder.document, node: try next((any Decoder).self), parent: decoder, key: key)
        advance()
        return sub
    }
}
