/// Ordered header fields with case-insensitive lookup. Order and duplicates are kept as received.
public struct HTTPHeaders: Sendable, Equatable, Sequence, ExpressibleByDictionaryLiteral {
    /// One header field as received or to be sent.
    public struct Field: Sendable, Equatable {
        /// The name as received or given (case kept).
        public var name: String
        /// The value without surrounding whitespace.
        public var value: String
        /// A field.
        public init(name: String, value: String) {
            self.name = name
            self.value = value
        }
    }

    /// The fields in order.
    public private(set) var fields: [Field]

    /// Headers from (name, value) pairs, in order.
    public init(_ pairs: [(String, String)] = []) {
        fields = pairs.map { Field(name: $0.0, value: $0.1) }
    }

    /// Headers from a literal, in order: `["content-type": "application/json"]`.
    public init(dictionaryLiteral elements: (String, String)...) {
        self.init(elements)
    }

    /// The first value of `name`, compared case-insensitively.
    public subscript(name: String) -> String? {
        fields.first { Self.equalsIgnoringCase($0.name, name) }?.value
    }

    /// Every value of `name`, in order.
    public func values(for name: String) -> [String] {
        fields.filter { Self.equalsIgnoringCase($0.name, name) }.map(\.value)
    }

    /// How many fields are named `name` (no array built, unlike `values(for:).count`).
    func count(of name: String) -> Int {
        var count = 0
        for field in fields where Self.equalsIgnoringCase(field.name, name) { count += 1 }
        return count
    }

    /// True when a field named `name` exists (case-insensitive).
    public func contains(_ name: String) -> Bool { self[name] != nil }

    /// Number of fields, duplicates included.
    public var count: Int { fields.count }

    /// Room for `count` fields without reallocating.
    mutating func reserveCapacity(_ count: Int) { fields.reserveCapacity(count) }

    /// Appends a field, keeping existing ones of the same name.
    public mutating func add(name: String, value: String) {
        fields.append(Field(name: name, value: value))
    }

    /// Appends `field`, keeping existing ones of the same name.
    mutating func add(_ field: Field) { fields.append(field) }

    /// Replaces every field named `name` with one field.
    public mutating func replaceOrAdd(name: String, value: String) {
        remove(name: name)
        add(name: name, value: value)
    }

    /// Removes every field named `name`.
    public mutating func remove(name: String) {
        fields.removeAll { Self.equalsIgnoringCase($0.name, name) }
    }

    /// Iterates the fields in order.
    public func makeIterator() -> IndexingIterator<[Field]> { fields.makeIterator() }

    /// ASCII case-insensitive equality (header names are ASCII tokens).
    static func equalsIgnoringCase(_ a: String, _ b: String) -> Bool {
        equalsIgnoringCase(a.utf8, b.utf8)
    }

    /// `equalsIgnoringCase` of UTF-8 bytes (an item of a list header against a token, say).
    static func equalsIgnoringCase(_ left: some Collection<UInt8>, _ right: some Collection<UInt8>) -> Bool {
        guard left.count == right.count else { return false }
        // Over contiguous bytes (native and small strings, buffers): a plain loop, where zipping
        // two collections stepped each index through its bounds checks.
        let fast = left.withContiguousStorageIfAvailable { l in
            right.withContiguousStorageIfAvailable { r in
                for i in 0..<l.count where lowercased(l[i]) != lowercased(r[i]) { return false }
                return true
            }
        }
        if let fast, let equal = fast { return equal }
        return zip(left, right).allSatisfy { lowercased($0) == lowercased($1) }
    }

    /// Calls `body` with each comma-separated item of `value` (RFC 9110 §5.6.1), without the
    /// spaces and tabs around it (empty items included), until `body` returns true; returns
    /// whether it did. Works on the UTF-8 bytes: no strings or arrays are made.
    static func firstListItem<Failure: Error>(
        of value: String, where body: (Substring.UTF8View) throws(Failure) -> Bool
    ) throws(Failure) -> Bool {
        let utf8 = value.utf8
        var start = utf8.startIndex
        while true {
            var end = start
            while end < utf8.endIndex, utf8[end] != UInt8(ascii: ",") { end = utf8.index(after: end) }
            var first = start, last = end
            while first < last, isOptionalWhitespace(utf8[first]) { first = utf8.index(after: first) }
            while last > first, isOptionalWhitespace(utf8[utf8.index(before: last)]) { last = utf8.index(before: last) }
            if try body(value[first..<last].utf8) { return true }
            guard end < utf8.endIndex else { return false }
            start = utf8.index(after: end)
        }
    }

    @inline(__always)
    static func isOptionalWhitespace(_ byte: UInt8) -> Bool { byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t") }

    @inline(__always)
    static func lowercased(_ byte: UInt8) -> UInt8 {
        byte >= 0x41 && byte <= 0x5A ? byte | 0x20 : byte
    }

    /// True when a comma-separated header (e.g. Connection) lists `token`, case-insensitively.
    func listContains(_ name: String, token: String) -> Bool {
        for field in fields where Self.equalsIgnoringCase(field.name, name) {
            // Empty items (`a,,b`) are no token.
            if Self.firstListItem(of: field.value, where: { item in !item.isEmpty && Self.equalsIgnoringCase(item, token.utf8) }) { return true }
        }
        return false
    }
}

extension Substring {
    /// Without leading and trailing spaces and tabs (HTTP's OWS).
    func trimmingSpaces() -> String {
        // By bytes: spaces and tabs are ASCII, so the cut falls between characters.
        let utf8 = self.utf8
        var first = utf8.startIndex, last = utf8.endIndex
        while first < last, HTTPHeaders.isOptionalWhitespace(utf8[first]) { first = utf8.index(after: first) }
        while last > first, HTTPHeaders.isOptionalWhitespace(utf8[utf8.index(before: last)]) { last = utf8.index(before: last) }
        return String(self[first..<last])
    }
}
