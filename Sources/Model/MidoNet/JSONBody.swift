/// A MidoNet object's body, the JSON MidoNet accepts for it, kept as its canonical text
/// (`CanonicalJSON`): equal bodies have equal bytes.
///
/// Bodies were `JSONValue` dictionaries. Re-translating a unit built each one, sorted its keys
/// to store it, parsed stored ones back and compared dictionaries: most of what an audit event
/// cost the store. As text, a body is written once (by a typed writer for rules and chains), and
/// stored, compared and sent as it is; `value` parses it for the few readers that look inside.
public struct JSONBody: Sendable, Hashable {
    /// The canonical JSON text.
    public let bytes: [UInt8]

    public init(_ value: JSONValue) { bytes = value.bytes }

    /// A body from text that is canonical already: what `CanonicalObjectWriter` wrote, or
    /// another body's `bytes`. Text that is not canonical still reads the same (`value`), but
    /// compares unequal to the canonical text of the same value.
    public init(canonical bytes: [UInt8]) { self.bytes = bytes }

    public static let null = JSONBody(canonical: Array("null".utf8))

    public var isNull: Bool { bytes.elementsEqual("null".utf8) }

    /// The body as a value (canonical text always parses; anything else reads as null).
    public var value: JSONValue { (try? JSONValue(parsing: bytes)) ?? .null }

    public static func == (lhs: JSONBody, rhs: JSONBody) -> Bool { lhs.bytes.sameBytes(as: rhs.bytes) }

    public func hash(into hasher: inout Hasher) {
        bytes.withUnsafeBytes { hasher.combine(bytes: $0) }
    }

    /// A member of the body (parsed for the purpose: not for hot paths).
    public subscript(key: String) -> JSONValue? { value[key] }

    /// The text.
    public var serialized: String { String(decoding: bytes, as: UTF8.self) }

    /// An object body from its members.
    public static func object(_ fields: [String: JSONValue]) -> JSONBody { JSONBody(.object(fields)) }
}

extension JSONBody: ExpressibleByDictionaryLiteral {
    public init(dictionaryLiteral elements: (String, JSONValue)...) {
        self.init(.object(Dictionary(elements, uniquingKeysWith: { _, last in last })))
    }
}

// MARK: Rule positions

extension JSONBody {
    /// A rule's `position`, read from the text.
    public var position: Int? {
        guard let range = Self.positionNumber(in: bytes[...]) else { return value["position"]?.intValue }
        return Int(String(decoding: bytes[range], as: UTF8.self))
    }

    /// This body with `position` set (a rule placed in its chain): the number replaced in the
    /// text, which stays canonical; a body without one is rebuilt with it.
    public func withPosition(_ position: Int) -> JSONBody {
        guard let range = Self.positionNumber(in: bytes[...]) else {
            guard case .object(var fields) = value else { return self }
            fields["position"] = .int(position)
            return JSONBody(.object(fields))
        }
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count + 4)
        out.append(contentsOf: bytes[..<range.lowerBound])
        CanonicalJSON.writeInt(position, into: &out)
        out.append(contentsOf: bytes[range.upperBound...])
        return JSONBody(canonical: out)
    }

    /// Whether the two bodies are equal but for `position` (a rule that only moved in its chain).
    public func equalsIgnoringPosition(_ other: JSONBody) -> Bool {
        switch (Self.positionNumber(in: bytes[...]), Self.positionNumber(in: other.bytes[...])) {
        case (let mine?, let theirs?):
            return bytes[..<mine.lowerBound].sameBytes(as: other.bytes[..<theirs.lowerBound])
                && bytes[mine.upperBound...].sameBytes(as: other.bytes[theirs.upperBound...])
        case (nil, nil) where bytes.sameBytes(as: other.bytes):
            return true
        default:
            // One has no position in the usual place (or neither, and they differ): by value.
            guard case .object(var left) = value, case .object(var right) = other.value else { return bytes.sameBytes(as: other.bytes) }
            left["position"] = nil
            right["position"] = nil
            return left == right
        }
    }

    /// Where the integer after the one `"position":` of `json` lies (a body, or a stored object
    /// holding one); nil when there is none, more than one, or the value is not a plain integer.
    /// In canonical text the marker cannot occur inside a string (its quotes would be escaped).
    public static func positionNumber(in json: ArraySlice<UInt8>) -> Range<Int>? {
        json.withUnsafeBufferPointer { buffer -> Range<Int>? in
            guard let start = marker(in: buffer, from: 0).map({ $0 + 11 }) else { return nil }
            var end = start
            if end < buffer.count, buffer[end] == UInt8(ascii: "-") { end += 1 }
            while end < buffer.count, buffer[end] &- UInt8(ascii: "0") < 10 { end += 1 }
            guard end > start, buffer[end - 1] != UInt8(ascii: "-"), end < buffer.count,
                buffer[end] == UInt8(ascii: ",") || buffer[end] == UInt8(ascii: "}"), marker(in: buffer, from: end) == nil
            else { return nil }
            return (json.startIndex + start)..<(json.startIndex + end)
        }
    }

    /// The offset of the next `"position":` (11 bytes) from `from` on: eight offsets skipped at
    /// once where the eight bytes after them hold no `p`, else its first eight bytes compared as
    /// one word.
    private static func marker(in buffer: UnsafeBufferPointer<UInt8>, from: Int) -> Int? {
        guard let base = buffer.baseAddress, buffer.count >= 11 else { return nil }
        // `"positio` as a little-endian word, then `n":`.
        let head = UInt64(littleEndian: 0x6F69_7469_736F_7022)
        let ones: UInt64 = 0x0101_0101_0101_0101
        var index = from
        while index <= buffer.count - 11 {
            let next = UnsafeRawPointer(base + index + 1).loadUnaligned(as: UInt64.self) ^ (ones &* UInt64(UInt8(ascii: "p")))
            if (next &- ones) & ~next & (ones &* 0x80) == 0 {
                index += 8
                continue
            }
            if UnsafeRawPointer(base + index).loadUnaligned(as: UInt64.self) == head, base[index + 8] == UInt8(ascii: "n"),
                base[index + 9] == UInt8(ascii: "\""), base[index + 10] == UInt8(ascii: ":")
            {
                return index
            }
            index += 1
        }
        return nil
    }
}

extension JSONBody: Codable {
    /// As the value (what a `JSONValue` body encoded to).
    public init(from decoder: any Decoder) throws {
        self.init(try JSONValue(from: decoder))
    }

    public func encode(to encoder: any Encoder) throws {
        try value.encode(to: encoder)
    }
}
