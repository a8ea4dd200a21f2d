/// A forward-only reader of one JSON document for decoders that read it once, in order, keeping
/// only what they ask for: no node tree, no member lookups. What `/validate` decodes a review
/// with (`AdmissionReview+StreamDecoding.swift`); the parser and the node tree stay for everything
/// else, and for every review this reader gives up on.
///
/// It gives up (`Unread`) rather than explain: on anything that is not valid JSON, on anything it
/// does not handle the common way (an escaped member name or string value it was asked for, a
/// non-ASCII one, a number that is not a plain integer where an integer is asked for), and on a
/// value the decoder cannot use. The caller then reads the document with `JSONDocument`, whose
/// errors name the offending byte or path. So what it accepts must be a subset of what the parser
/// accepts: values passed over are checked against the same grammar (strings, escapes and
/// numbers through the parser's own `JSONParser.escapeEnd` and `numberEnd`).
struct JSONStream {
    /// The document could not be read this way (see above); nothing more is said.
    struct Unread: Error {}

    let bytes: UnsafeBufferPointer<UInt8>
    /// The next byte to read.
    private(set) var index = 0
    /// Containers open around `index`; the parser refuses `JSONDocument.maxDepth`.
    private var depth = 0

    init(_ bytes: UnsafeBufferPointer<UInt8>) { self.bytes = bytes }

    // MARK: Structure

    @inline(__always) mutating func skipWhitespace() {
        while index < bytes.count {
            let c = bytes[index]
            guard c <= 0x20, c == 0x20 || c == 0x0A || c == 0x0D || c == 0x09 else { return }
            index += 1
        }
    }

    /// The byte at `index` after whitespace, not consumed.
    @inline(always) mutating func peek() throws(Unread) -> UInt8 {
        skipWhitespace()
        guard index < bytes.count else { throw Unread() }
        return bytes[index]
    }

    /// The start of the document: a UTF-8 byte order mark, UTF-16 and UTF-32 are the parser's.
    func begin() throws(Unread) {
        guard let first = bytes.first, first < 0x80 else { throw Unread() }
    }

    /// The end of the document: nothing but whitespace after the value.
    mutating func end() throws(Unread) {
        skipWhitespace()
        guard index == bytes.count else { throw Unread() }
    }

    @inline(__always) private mutating func open() throws(Unread) {
        depth += 1
        guard depth < JSONDocument.maxDepth else { throw Unread() }
    }

    /// Enters the object at `index`; read its members with `nextMember(_:)`.
    @inline(__always) mutating func beginObject() throws(Unread) {
        guard try peek() == UInt8(ascii: "{") else { throw Unread() }
        index += 1
        try open()
    }

    /// The name of the object's next member, with `index` at its value (which the caller reads
    /// or skips); nil after the closing brace. `first` is true before the first member.
    @inline(always) mutating func nextMember(_ first: inout Bool) throws(Unread) -> UnsafeBufferPointer<UInt8>? {
        guard try next(&first, closing: UInt8(ascii: "}")) else { return nil }
        let name = try plainString()
        try colon()
        return name
    }

    /// Enters the array at `index`; read its elements with `nextElement(_:)`.
    @inline(__always) mutating func beginArray() throws(Unread) {
        guard try peek() == UInt8(ascii: "[") else { throw Unread() }
        index += 1
        try open()
    }

    /// Whether the array has another element, with `index` at it; false after the closing
    /// bracket. `first` is true before the first element.
    @inline(__always) mutating func nextElement(_ first: inout Bool) throws(Unread) -> Bool {
        try next(&first, closing: UInt8(ascii: "]"))
    }

    /// Between the members or elements of the container being read: false at its `closing`
    /// bracket (consumed, the container left); else true, past the comma unless `first`.
    @inline(always) private mutating func next(_ first: inout Bool, closing: UInt8) throws(Unread) -> Bool {
        let c = try peek()
        if c == closing {
            index += 1
            depth -= 1
            return false
        }
        if first {
            first = false
        } else {
            guard c == UInt8(ascii: ",") else { throw Unread() }
            index += 1
        }
        return true
    }

    /// The colon after a member name.
    @inline(always) private mutating func colon() throws(Unread) {
        guard try peek() == UInt8(ascii: ":") else { throw Unread() }
        index += 1
    }

    /// Consumes a `null` at `index`; false (nothing consumed) for any other value.
    @inline(always) mutating func null() throws(Unread) -> Bool {
        guard try peek() == UInt8(ascii: "n") else { return false }
        try literal("null")
        return true
    }

    // MARK: Values

    /// A string without escapes whose bytes are all ASCII (`index` past its closing quote);
    /// anything else is `Unread`.
    @inline(always) mutating func plainString() throws(Unread) -> UnsafeBufferPointer<UInt8> {
        guard try peek() == UInt8(ascii: "\"") else { throw Unread() }
        let start = index + 1
        let end = stringEnd(from: start)
        guard end < bytes.count, bytes[end] == UInt8(ascii: "\"") else { throw Unread() }
        index = end + 1
        return UnsafeBufferPointer(rebasing: bytes[start..<end])
    }

    /// The string value at `index`, as the node-tree decoders make it (`JSONValueReader.string()`).
    @inline(always) mutating func string() throws(Unread) -> String {
        let text = try plainString()
        return KubernetesStrings.common(text) ?? String(decoding: text, as: UTF8.self)
    }

    /// The string value at `index`, or nil for null.
    @inline(always) mutating func stringOrNull() throws(Unread) -> String? {
        try null() ? nil : try string()
    }

    /// A plain non-negative integer of at most 18 digits (`JSONValueReader.int()`'s fast case);
    /// a sign, a fraction or an exponent is `Unread`.
    mutating func int() throws(Unread) -> Int {
        skipWhitespace()
        let start = index
        guard start < bytes.count, JSONParser.isDigit(bytes[start]),
            case let (end, plain)? = try? JSONParser.numberEnd(bytes, at: start), plain, end - start <= 18
        else { throw Unread() }
        var value = 0
        for i in start..<end { value = value &* 10 &+ Int(bytes[i] &- 0x30) }
        index = end
        return value
    }

    /// The integer at `index`, or nil for null.
    mutating func intOrNull() throws(Unread) -> Int? {
        try null() ? nil : try int()
    }

    /// `true` or `false` at `index`, or nil for null.
    mutating func boolOrNull() throws(Unread) -> Bool? {
        switch try peek() {
        case UInt8(ascii: "t"):
            try literal("true")
            return true
        case UInt8(ascii: "f"):
            try literal("false")
            return false
        case UInt8(ascii: "n"):
            try literal("null")
            return nil
        default:
            throw Unread()
        }
    }

    /// An array of strings, or nil for null.
    mutating func stringsOrNull() throws(Unread) -> [String]? {
        try null() ? nil : try strings()
    }

    /// An array of strings.
    mutating func strings() throws(Unread) -> [String] {
        try array { (stream: inout JSONStream) throws(Unread) in try stream.string() }
    }

    /// An object of strings (labels), or nil for null; the last of repeated names wins.
    mutating func stringDictionaryOrNull() throws(Unread) -> [String: String]? {
        if try null() { return nil }
        try beginObject()
        var result: [String: String] = [:]
        var first = true
        while let name = try nextMember(&first) {
            let key = KubernetesStrings.common(name) ?? String(decoding: name, as: UTF8.self)
            result[key] = try string()
        }
        return result
    }

    /// The offset of the value at `index` (after whitespace), for `rewound(to:)`.
    mutating func valueStart() throws(Unread) -> Int {
        _ = try peek()
        return index
    }

    /// A stream over the same bytes at `offset`, a value this one has passed over: to read it
    /// again, once what it means is known.
    func rewound(to offset: Int) -> JSONStream {
        var stream = JSONStream(bytes)
        stream.index = offset
        stream.depth = depth
        return stream
    }

    /// Passes over the value at `index`, checking it as the parser would.
    mutating func skipValue() throws(Unread) {
        switch try peek() {
        case UInt8(ascii: "\""):
            try skipString()
        case UInt8(ascii: "{"):
            try beginObject()
            var first = true
            while try next(&first, closing: UInt8(ascii: "}")) {
                // Any name, escaped or not: it is not read.
                guard try peek() == UInt8(ascii: "\"") else { throw Unread() }
                try skipString()
                try colon()
                try skipValue()
            }
        case UInt8(ascii: "["):
            try beginArray()
            var first = true
            while try nextElement(&first) { try skipValue() }
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
            guard case let (end, _)? = try? JSONParser.numberEnd(bytes, at: index) else { throw Unread() }
            index = end
        case UInt8(ascii: "t"): try literal("true")
        case UInt8(ascii: "f"): try literal("false")
        case UInt8(ascii: "n"): try literal("null")
        default: throw Unread()
        }
    }

    /// Passes over the string at `index` (its opening quote). Escapes are checked as the parser
    /// checks them; bytes above ASCII are passed over as the parser does (a string that is not
    /// UTF-8 is an error only where it is read, and none of its bytes is a quote or a backslash).
    private mutating func skipString() throws(Unread) {
        var i = index + 1
        while true {
            i = stringEnd(from: i)
            guard i < bytes.count else { throw Unread() }
            let c = bytes[i]
            if c == UInt8(ascii: "\"") { break }
            if c == UInt8(ascii: "\\") {
                guard let end = try? JSONParser.escapeEnd(bytes, at: i) else { throw Unread() }
                i = end
            } else if c < 0x20 {
                throw Unread()
            } else {
                i += 1
            }
        }
        index = i + 1
    }

    /// The first byte from `start` on that is a quote, a backslash, a control character or not
    /// ASCII (`bytes.count` when there is none): eight bytes at a time, as the parser does.
    @inline(__always) private func stringEnd(from start: Int) -> Int {
        var i = start
        if let base = bytes.baseAddress {
            while i &+ 8 <= bytes.count {
                let special = JSONParser.specialBytes(UnsafeRawPointer(base + i).loadUnaligned(as: UInt64.self))
                if special != 0 { return i &+ (special.trailingZeroBitCount &>> 3) }
                i &+= 8
            }
        }
        while i < bytes.count {
            let c = bytes[i]
            if c == UInt8(ascii: "\"") || c == UInt8(ascii: "\\") || c < 0x20 || c >= 0x80 { return i }
            i += 1
        }
        return i
    }

    private mutating func literal(_ word: StaticString) throws(Unread) {
        let count = word.utf8CodeUnitCount
        guard index + count <= bytes.count else { throw Unread() }
        let text = word.utf8Start
        for k in 0..<count where bytes[index + k] != text[k] { throw Unread() }
        index += count
    }

    // MARK: Names

    /// Whether the member name `name` is `known`.
    @inline(__always) static func name(_ name: UnsafeBufferPointer<UInt8>, is known: StaticString) -> Bool {
        guard name.count == known.utf8CodeUnitCount else { return false }
        let text = known.utf8Start
        var i = 0
        while i < name.count {
            if name[i] != text[i] { return false }
            i += 1
        }
        return true
    }
}

extension JSONStream {
    /// An array whose elements `element` reads.
    @inline(__always) mutating func array<T>(of element: (inout JSONStream) throws(Unread) -> T) throws(Unread) -> [T] {
        try beginArray()
        var result: [T] = []
        var first = true
        while try nextElement(&first) { result.append(try element(&self)) }
        return result
    }

    /// An array whose elements `element` reads, or nil for null.
    @inline(__always) mutating func arrayOrNull<T>(of element: (inout JSONStream) throws(Unread) -> T) throws(Unread) -> [T]? {
        try null() ? nil : try array(of: element)
    }
}
