import Synchronization
/// Why bytes are not a JSON document (RFC 8259), with the byte offset where that became clear.
public struct JSONParseError: Error, Sendable, Equatable, CustomStringConvertible {
    /// Offset into the input of the offending byte (the input's length for a truncated document).
    public var offset: Int
    /// What was wrong, in words.
    public var reason: String

    public init(offset: Int, reason: String) {
        self.offset = offset
        self.reason = reason
    }

    public var description: String { "\(reason) at byte \(offset)" }
}

/// One value of a parsed document. Containers are followed by their children in document order
/// (an object's children alternate key, value); `end` is the index just past the value's subtree,
/// so siblings are reached by jumping, never by walking descendants.
struct JSONNode {
    enum Kind: UInt8 {
        case null, `true`, `false`, number, string, escapedString, array, object
        /// A string whose bytes are not valid UTF-8: an error where it is read, not where it is
        /// parsed, as with Foundation's `JSONDecoder` (an audit item with one is skipped alone).
        case invalidUTF8String
    }

    var kind: Kind
    /// Numbers: written without fraction or exponent.
    var isPlainInteger: Bool
    /// Objects: a member name is an `invalidUTF8String` (the object cannot be read by name).
    var hasInvalidMemberName = false
    /// Strings: offset of the first byte after the opening quote; numbers: offset of the first byte.
    var start: Int
    /// Strings and numbers: length in bytes (strings without quotes); arrays: elements; objects: members.
    var length: Int
    /// Index of the node after this value's subtree.
    var end: Int
}

/// A parsed, validated JSON document: a copy of the bytes and a flat tree of nodes over them.
/// Strings and numbers are read from the bytes only when asked for. Immutable once built.
public final class JSONDocument: @unchecked Sendable {
    /// Arrays and objects nested deeper than this are refused (an error, never a stack overflow).
    public static let maxDepth = 512

    let bytes: UnsafeMutableBufferPointer<UInt8>
    /// Owned raw storage (no reference counting on the hot path); immutable after `init`.
    let nodes: UnsafeMutableBufferPointer<JSONNode>
    /// The array element `path(to:)` found last: (array, element, its index). The errors of one
    /// big array's items come in order, and each search resumes where the last one ended;
    /// searching from the first element every time made n failing audit items cost O(n²)
    /// (found by FuzzAuditTranslate: 23,689 items took over 10 s).
    let lastElementFound = Mutex<(array: Int, element: Int, index: Int)>((-1, 0, 0))

    /// Parses `input` strictly: escapes (surrogate pairs) checked, number grammar enforced, nothing
    /// but whitespace after the value. A UTF-8 byte order mark is skipped; UTF-16 and UTF-32 (by
    /// their byte order mark or RFC 4627's pattern of zero bytes) are transcoded first, as
    /// Foundation's `JSONDecoder` does, so offsets in errors are then into the UTF-8 text.
    /// A string with invalid UTF-8 is not an error here but where it is read (`JSONTreeDecoder`,
    /// `value`); invalid UTF-8 anywhere else is.
    public convenience init(parsing input: [UInt8]) throws(JSONParseError) {
        let copy = try input.withUnsafeBufferPointer { buffer throws(JSONParseError) in try Self.utf8Copy(of: buffer) }
        try self.init(owning: copy)
    }

    /// Parses the bytes `input` points to (copied; the pointer need not outlive the call).
    public convenience init(parsing input: UnsafeRawBufferPointer) throws(JSONParseError) {
        try self.init(owning: try Self.utf8Copy(of: input.assumingMemoryBound(to: UInt8.self)))
    }

    private init(owning bytes: UnsafeMutableBufferPointer<UInt8>) throws(JSONParseError) {
        var parser = JSONParser(bytes: UnsafeBufferPointer(bytes))
        do {
            try parser.parseDocument()
        } catch {
            parser.nodes.deallocate()
            bytes.deallocate()
            throw error
        }
        self.bytes = bytes
        // The parser's node storage becomes the document's: no copy.
        self.nodes = parser.nodes.release()
    }

    /// The document `null` (what a decoder reads for an absent member's super decoder).
    static let null = JSONDocument(nullDocument: ())

    private init(nullDocument: Void) {
        bytes = UnsafeMutableBufferPointer<UInt8>.allocate(capacity: 0)
        nodes = UnsafeMutableBufferPointer<JSONNode>.allocate(capacity: 1)
        nodes.initialize(repeating: JSONNode(kind: .null, isPlainInteger: false, start: 0, length: 0, end: 1))
    }

    deinit {
        bytes.deallocate()
        nodes.deallocate()
    }

    /// The document's root value as a `JSONValue`; a number that fits neither `Int` (exactly) nor a
    /// finite `Double` is an error.
    public var value: JSONValue {
        get throws(JSONParseError) { try jsonValue(at: 0) }
    }

    /// Each element of the root array as a `JSONValue`, one at a time (`forEachElement(ofArray:)`
    /// when its reader gives up). False when the root is not an array, and nothing is called.
    func forEachElement(_ body: (JSONValue) throws -> Void) throws -> Bool {
        guard nodes[0].kind == .array else { return false }
        var i = 1
        while i < nodes[0].end {
            try body(try jsonValue(at: i))
            i = nodes[i].end
        }
        return true
    }

    /// Each element of the JSON array `input` as a `JSONValue`, each parsed on its own: at most
    /// one element's nodes exist at a time, where a whole listing of 20,000 MidoNet rules took
    /// ~45 MB of them beside its text. The array is checked first by `JSONStream` (no
    /// allocation); a document that reader does not take is parsed whole, with the parser's
    /// errors. False when the root is not an array, and nothing is called.
    public static func forEachElement(ofArray input: [UInt8], _ body: (JSONValue) throws -> Void) throws -> Bool {
        let ranges = input.withUnsafeBufferPointer { buffer -> [Range<Int>]? in
            var stream = JSONStream(buffer)
            do {
                try stream.begin()
                guard try stream.peek() == UInt8(ascii: "[") else { return nil }
                try stream.beginArray()
                var ranges: [Range<Int>] = []
                var first = true
                while try stream.nextElement(&first) {
                    let start = try stream.valueStart()
                    try stream.skipValue()
                    ranges.append(start..<stream.index)
                }
                try stream.end()
                return ranges
            } catch {
                return nil
            }
        }
        guard let ranges else { return try JSONDocument(parsing: input).forEachElement(body) }
        for range in ranges {
            let element = try input.withUnsafeBytes { all throws(JSONParseError) in
                try JSONDocument(parsing: UnsafeRawBufferPointer(rebasing: all[range]))
            }
            try body(try element.value)
        }
        return true
    }

    // MARK: Reading nodes

    @inline(__always) func kind(_ node: Int) -> JSONNode.Kind { nodes[node].kind }

    /// The string at `node`, or nil when the node is not a string.
    func string(at node: Int) -> String? {
        let n = nodes[node]
        switch n.kind {
        case .string:
            return String(decoding: UnsafeBufferPointer(rebasing: bytes[n.start..<n.start + n.length]), as: UTF8.self)
        case .escapedString:
            return unescaped(start: n.start, length: n.length)
        default:
            return nil
        }
    }

    /// The offset of the first byte of the string at `node` that is not valid UTF-8 (for errors).
    func invalidUTF8Offset(_ node: Int) -> Int {
        let n = nodes[node]
        var i = n.start
        let end = n.start + n.length
        while i < end {
            guard bytes[i] >= 0x80 else {
                i += 1
                continue
            }
            let length = JSONParser.utf8SequenceLength(UnsafeBufferPointer(bytes), at: i)
            if length == 0 { return i }
            i += length
        }
        return n.start
    }

    /// Whether the (key) string at `node` equals `utf8`.
    @inline(__always) func stringEquals(_ node: Int, _ utf8: UnsafeBufferPointer<UInt8>, _ name: () -> String) -> Bool {
        let n = nodes[node]
        if n.kind == .string {
            guard n.length == utf8.count else { return false }
            var i = 0
            while i < n.length {
                if bytes[n.start + i] != utf8[i] { return false }
                i += 1
            }
            return true
        }
        return string(at: node) == name()
    }

    /// The value node of `object`'s member named `name`; the last one when a name repeats.
    func member(of object: Int, named name: String) -> Int? {
        var key = name
        return key.withUTF8 { utf8 in
            var found: Int?
            var i = object + 1
            let end = nodes[object].end
            while i < end {
                if stringEquals(i, utf8, { name }) { found = i + 1 }
                i = nodes[i + 1].end
            }
            return found
        }
    }

    /// The member names of `object` in document order (repeated names included).
    func memberNames(of object: Int) -> [String] {
        var names: [String] = []
        names.reserveCapacity(nodes[object].length)
        var i = object + 1
        let end = nodes[object].end
        while i < end {
            names.append(string(at: i) ?? "")
            i = nodes[i + 1].end
        }
        return names
    }

    /// The text of the number at `node`.
    func numberText(_ node: Int) -> String {
        let n = nodes[node]
        return String(decoding: UnsafeBufferPointer(rebasing: bytes[n.start..<n.start + n.length]), as: UTF8.self)
    }

    enum IntegerResult {
        case value(Int)
        case notANumber
        /// A number, but not an integer that fits `Int` exactly.
        case notRepresentable
    }

    /// The number at `node` as an `Int`, exactly: `1.0`, `1e2` and `100e-2` are integers;
    /// `1.5`, `2^70` and `1e400` are not representable. No rounding through `Double`.
    func integer(at node: Int) -> IntegerResult {
        let n = nodes[node]
        guard n.kind == .number else { return .notANumber }
        var i = n.start
        let end = n.start + n.length
        let negative = bytes[i] == UInt8(ascii: "-")
        if negative { i += 1 }
        // Accumulated as a negative number so that Int.min is reachable.
        var accumulator = 0
        if n.isPlainInteger {
            while i < end {
                let (m, o1) = accumulator.multipliedReportingOverflow(by: 10)
                let (s, o2) = m.subtractingReportingOverflow(Int(bytes[i] &- 0x30))
                if o1 || o2 { return .notRepresentable }
                accumulator = s
                i += 1
            }
        } else {
            // Digits (integer and fraction parts) and the decimal exponent that scales them.
            var digits: [UInt8] = []
            var fractionDigits = 0
            var inFraction = false
            while i < end, bytes[i] != UInt8(ascii: "e"), bytes[i] != UInt8(ascii: "E") {
                if bytes[i] == UInt8(ascii: ".") {
                    inFraction = true
                } else {
                    digits.append(bytes[i] &- 0x30)
                    if inFraction { fractionDigits += 1 }
                }
                i += 1
            }
            var exponent = 0
            if i < end {
                i += 1
                var exponentNegative = false
                if bytes[i] == UInt8(ascii: "-") || bytes[i] == UInt8(ascii: "+") {
                    exponentNegative = bytes[i] == UInt8(ascii: "-")
                    i += 1
                }
                while i < end {
                    // Saturates far beyond any digit count a document can hold.
                    if exponent < 1_000_000_000 { exponent = exponent * 10 + Int(bytes[i] &- 0x30) }
                    i += 1
                }
                if exponentNegative { exponent = -exponent }
            }
            exponent -= fractionDigits
            guard let firstNonZero = digits.firstIndex(where: { $0 != 0 }) else { return .value(0) }
            var last = digits.count
            if exponent < 0 {
                // The dropped digits must all be zero.
                let drop = -exponent
                guard drop <= digits.count - firstNonZero else { return .notRepresentable }
                for d in digits[(digits.count - drop)...] where d != 0 { return .notRepresentable }
                last -= drop
                exponent = 0
            }
            guard exponent <= 19 else { return .notRepresentable }
            for d in digits[firstNonZero..<last] {
                let (m, o1) = accumulator.multipliedReportingOverflow(by: 10)
                let (s, o2) = m.subtractingReportingOverflow(Int(d))
                if o1 || o2 { return .notRepresentable }
                accumulator = s
            }
            for _ in 0..<exponent {
                let (m, o) = accumulator.multipliedReportingOverflow(by: 10)
                if o { return .notRepresentable }
                accumulator = m
            }
        }
        if negative { return .value(accumulator) }
        let (positive, overflow) = (0).subtractingReportingOverflow(accumulator)
        return overflow ? .notRepresentable : .value(positive)
    }

    /// The number at `node` as a finite `Double` (correctly rounded); nil when not a number or out of range.
    func double(at node: Int) -> Double? {
        guard nodes[node].kind == .number, let value = Double(numberText(node)), value.isFinite else { return nil }
        return value
    }

    func jsonValue(at node: Int) throws(JSONParseError) -> JSONValue {
        let n = nodes[node]
        switch n.kind {
        case .null: return .null
        case .true: return .bool(true)
        case .false: return .bool(false)
        case .string, .escapedString: return .string(string(at: node) ?? "")
        case .invalidUTF8String: throw JSONParseError(offset: invalidUTF8Offset(node), reason: "invalid UTF-8")
        case .number:
            if case .value(let v) = integer(at: node) { return .int(v) }
            guard let d = double(at: node) else {
                throw JSONParseError(offset: n.start, reason: "number \(numberText(node)) is out of range")
            }
            return .double(d)
        case .array:
            var items: [JSONValue] = []
            items.reserveCapacity(n.length)
            var i = node + 1
            while i < n.end {
                items.append(try jsonValue(at: i))
                i = nodes[i].end
            }
            return .array(items)
        case .object:
            var fields: [String: JSONValue] = [:]
            fields.reserveCapacity(n.length)
            var i = node + 1
            while i < n.end {
                guard let name = string(at: i) else { throw JSONParseError(offset: invalidUTF8Offset(i), reason: "invalid UTF-8") }
                fields[name] = try jsonValue(at: i + 1)
                i = nodes[i + 1].end
            }
            return .object(fields)
        }
    }

    /// Decodes the escapes of a validated string.
    private func unescaped(start: Int, length: Int) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(length)
        var i = start
        let end = start + length
        while i < end {
            let c = bytes[i]
            guard c == UInt8(ascii: "\\"), i + 1 < end else {
                out.append(c)
                i += 1
                continue
            }
            let e = bytes[i + 1]
            i += 2
            switch e {
            case UInt8(ascii: "b"): out.append(0x08)
            case UInt8(ascii: "f"): out.append(0x0C)
            case UInt8(ascii: "n"): out.append(0x0A)
            case UInt8(ascii: "r"): out.append(0x0D)
            case UInt8(ascii: "t"): out.append(0x09)
            case UInt8(ascii: "u"):
                var scalar = hex4(i, end)
                i += 4
                if scalar >= 0xD800 && scalar < 0xDC00, i + 6 <= end {
                    // The parser checked that a low surrogate follows.
                    let low = hex4(i + 2, end)
                    scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                    i += 6
                }
                appendUTF8(scalar, to: &out)
            default: out.append(e)  // " \ /
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    private func hex4(_ at: Int, _ end: Int) -> UInt32 {
        var value: UInt32 = 0
        var i = at
        while i < at + 4 && i < end {
            value = value << 4 | UInt32(JSONParser.hexValue(bytes[i]) ?? 0)
            i += 1
        }
        return value
    }

    private func appendUTF8(_ scalar: UInt32, to out: inout [UInt8]) {
        switch scalar {
        case 0..<0x80:
            out.append(UInt8(scalar))
        case 0x80..<0x800:
            out.append(UInt8(0xC0 | scalar >> 6))
            out.append(UInt8(0x80 | scalar & 0x3F))
        case 0x800..<0x10000:
            out.append(UInt8(0xE0 | scalar >> 12))
            out.append(UInt8(0x80 | scalar >> 6 & 0x3F))
            out.append(UInt8(0x80 | scalar & 0x3F))
        default:
            out.append(UInt8(0xF0 | scalar >> 18 & 0x07))
            out.append(UInt8(0x80 | scalar >> 12 & 0x3F))
            out.append(UInt8(0x80 | scalar >> 6 & 0x3F))
            out.append(UInt8(0x80 | scalar & 0x3F))
        }
    }
}

extension JSONValue {
    /// Parses a JSON document strictly (see `JSONDocument`); object keys that repeat keep the last value.
    public init(parsing bytes: [UInt8]) throws(JSONParseError) {
        self = try JSONDocument(parsing: bytes).value
    }
}

/// The byte-level RFC 8259 parser behind `JSONDocument`.
struct JSONParser {
    let bytes: UnsafeBufferPointer<UInt8>
    var index = 0
    /// Handed to the document when the parse succeeds; freed by the caller when it fails.
    var nodes: JSONNodeBuffer

    init(bytes: UnsafeBufferPointer<UInt8>) {
        self.bytes = bytes
        nodes = JSONNodeBuffer(capacity: bytes.count / 8 + 4)
    }

    func error(_ reason: String) -> JSONParseError { JSONParseError(offset: index, reason: reason) }

    var endError: JSONParseError { JSONParseError(offset: bytes.count, reason: "unexpected end of input") }

    mutating func parseDocument() throws(JSONParseError) {
        if bytes.count >= 3, bytes[0] == 0xEF, bytes[1] == 0xBB, bytes[2] == 0xBF { index = 3 }
        skipWhitespace()
        try parseValue(depth: 0)
        skipWhitespace()
        guard index == bytes.count else { throw error("unexpected content after the JSON value") }
    }

    @inline(__always) mutating func skipWhitespace() {
        while index < bytes.count {
            let c = bytes[index]
            // Above the space: not whitespace, one comparison (the usual case).
            guard c <= 0x20, c == 0x20 || c == 0x0A || c == 0x0D || c == 0x09 else { return }
            index += 1
        }
    }

    mutating func parseValue(depth: Int) throws(JSONParseError) {
        guard index < bytes.count else { throw endError }
        switch bytes[index] {
        case UInt8(ascii: "\""): if !parsePlainString() { try parseString() }
        case UInt8(ascii: "{"): try parseObject(depth: depth)
        case UInt8(ascii: "["): try parseArray(depth: depth)
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): try parseNumber()
        case UInt8(ascii: "t"): try parseLiteral("true", .true)
        case UInt8(ascii: "f"): try parseLiteral("false", .false)
        case UInt8(ascii: "n"): try parseLiteral("null", .null)
        default: throw error("unexpected character")
        }
    }

    mutating func parseLiteral(_ word: StaticString, _ kind: JSONNode.Kind) throws(JSONParseError) {
        let start = index
        let count = word.utf8CodeUnitCount
        var k = 0
        let text = word.utf8Start
        while k < count {
            guard index < bytes.count else { throw endError }
            guard bytes[index] == text[k] else { throw error("invalid literal") }
            index += 1
            k += 1
        }
        nodes.append(JSONNode(kind: kind, isPlainInteger: false, start: start, length: count, end: nodes.count + 1))
    }

    mutating func parseObject(depth: Int) throws(JSONParseError) {
        guard depth < JSONDocument.maxDepth else { throw error("nesting deeper than \(JSONDocument.maxDepth) levels") }
        let node = nodes.count
        nodes.append(JSONNode(kind: .object, isPlainInteger: false, start: index, length: 0, end: 0))
        index += 1
        skipWhitespace()
        var members = 0
        guard index < bytes.count else { throw endError }
        if bytes[index] == UInt8(ascii: "}") {
            index += 1
        } else {
            while true {
                guard index < bytes.count else { throw endError }
                guard bytes[index] == UInt8(ascii: "\"") else { throw error("expected a member name") }
                if !parsePlainString() {
                    try parseString()
                    if nodes[nodes.count - 1].kind == .invalidUTF8String { nodes[node].hasInvalidMemberName = true }
                }
                skipWhitespace()
                guard index < bytes.count else { throw endError }
                guard bytes[index] == UInt8(ascii: ":") else { throw error("expected ':'") }
                index += 1
                skipWhitespace()
                // A plain string value is parsed here, without the call.
                if index >= bytes.count || bytes[index] != UInt8(ascii: "\"") || !parsePlainString() {
                    try parseValue(depth: depth + 1)
                }
                members += 1
                if try endOfElement(closing: UInt8(ascii: "}"), "expected ',' or '}'") { break }
            }
        }
        nodes[node].length = members
        nodes[node].end = nodes.count
    }

    mutating func parseArray(depth: Int) throws(JSONParseError) {
        guard depth < JSONDocument.maxDepth else { throw error("nesting deeper than \(JSONDocument.maxDepth) levels") }
        let node = nodes.count
        nodes.append(JSONNode(kind: .array, isPlainInteger: false, start: index, length: 0, end: 0))
        index += 1
        skipWhitespace()
        var elements = 0
        guard index < bytes.count else { throw endError }
        if bytes[index] == UInt8(ascii: "]") {
            index += 1
        } else {
            while true {
                if index >= bytes.count || bytes[index] != UInt8(ascii: "\"") || !parsePlainString() {
                    try parseValue(depth: depth + 1)
                }
                elements += 1
                if try endOfElement(closing: UInt8(ascii: "]"), "expected ',' or ']'") { break }
            }
        }
        nodes[node].length = elements
        nodes[node].end = nodes.count
    }

    /// After a member or an element: true at the closing bracket (consumed), false after a comma
    /// (and the whitespace behind it); anything else is `expected`.
    @inline(__always) mutating func endOfElement(closing: UInt8, _ expected: String) throws(JSONParseError) -> Bool {
        skipWhitespace()
        guard index < bytes.count else { throw endError }
        let c = bytes[index]
        index += 1
        if c == UInt8(ascii: ",") {
            skipWhitespace()
            return false
        }
        if c == closing { return true }
        index -= 1
        throw error(expected)
    }

    @inline(__always) static func isDigit(_ c: UInt8) -> Bool { c &- 0x30 < 10 }

    mutating func parseNumber() throws(JSONParseError) {
        let start = index
        let (end, plain) = try Self.numberEnd(bytes, at: start)
        index = end
        nodes.append(JSONNode(kind: .number, isPlainInteger: plain, start: start, length: end - start, end: nodes.count + 1))
    }

    /// The end of the number that starts at `start` (RFC 8259 §6: no leading zeros, a digit after
    /// `.` and in the exponent) and whether it is a plain integer (no fraction, no exponent).
    /// Shared with `JSONStream`, which must accept exactly what the parser does.
    static func numberEnd(_ bytes: UnsafeBufferPointer<UInt8>, at start: Int) throws(JSONParseError) -> (end: Int, plain: Bool) {
        var index = start
        func error(_ reason: String) -> JSONParseError { JSONParseError(offset: index, reason: reason) }
        let endError = JSONParseError(offset: bytes.count, reason: "unexpected end of input")
        if bytes[index] == UInt8(ascii: "-") { index += 1 }
        guard index < bytes.count else { throw endError }
        let first = bytes[index]
        if first == UInt8(ascii: "0") {
            index += 1
            if index < bytes.count, Self.isDigit(bytes[index]) { throw error("leading zero in a number") }
        } else if Self.isDigit(first) {
            index += 1
            while index < bytes.count, Self.isDigit(bytes[index]) { index += 1 }
        } else {
            throw error("expected a digit")
        }
        var plain = true
        if index < bytes.count, bytes[index] == UInt8(ascii: ".") {
            plain = false
            index += 1
            guard index < bytes.count else { throw endError }
            guard Self.isDigit(bytes[index]) else { throw error("expected a digit after '.'") }
            while index < bytes.count, Self.isDigit(bytes[index]) { index += 1 }
        }
        if index < bytes.count, bytes[index] == UInt8(ascii: "e") || bytes[index] == UInt8(ascii: "E") {
            plain = false
            index += 1
            if index < bytes.count, bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-") { index += 1 }
            guard index < bytes.count else { throw endError }
            guard Self.isDigit(bytes[index]) else { throw error("expected a digit in the exponent") }
            while index < bytes.count, Self.isDigit(bytes[index]) { index += 1 }
        }
        return (index, plain)
    }

    static func hexValue(_ c: UInt8) -> UInt8? {
        switch c {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): c - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): c - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): c - UInt8(ascii: "A") + 10
        default: nil
        }
    }

    /// Four hex digits at `index` (advanced past them).
    static func hex4(_ bytes: UnsafeBufferPointer<UInt8>, _ index: inout Int) throws(JSONParseError) -> UInt32 {
        var value: UInt32 = 0
        for _ in 0..<4 {
            guard index < bytes.count else { throw JSONParseError(offset: bytes.count, reason: "unexpected end of input") }
            guard let digit = Self.hexValue(bytes[index]) else { throw JSONParseError(offset: index, reason: "invalid \\u escape") }
            value = value << 4 | UInt32(digit)
            index += 1
        }
        return value
    }

    /// The common string, parsed where it is met: one whose bytes up to the closing quote are
    /// plain (no escape, control character or non-ASCII byte) and that ends at least eight bytes
    /// before the document does. Returns false, having consumed nothing, for any other string:
    /// `parseString()` reads it then. Most member names and values are plain; this spares them
    /// a call and its bookkeeping (a quarter of the parse of an AdmissionReview, by callgrind).
    @inline(__always) mutating func parsePlainString() -> Bool {
        guard let base = bytes.baseAddress else { return false }
        let start = index &+ 1
        var i = start
        while i &+ 8 <= bytes.count {
            let special = Self.specialBytes(UnsafeRawPointer(base + i).loadUnaligned(as: UInt64.self))
            if special != 0 {
                let end = i &+ (special.trailingZeroBitCount &>> 3)
                guard base[end] == UInt8(ascii: "\"") else { return false }
                nodes.append(JSONNode(kind: .string, isPlainInteger: false, start: start, length: end &- start, end: nodes.count &+ 1))
                index = end &+ 1
                return true
            }
            i &+= 8
        }
        return false
    }

    mutating func parseString() throws(JSONParseError) {
        index += 1
        let start = index
        var escaped = false
        var invalid = false
        while true {
            // Eight bytes at a time: past plain words (no quote, backslash, control or non-ASCII
            // byte), then straight to the first byte of a word that is not plain, which is looked
            // at below. Short strings (most member names) are crossed in one step, not byte by byte.
            if let base = bytes.baseAddress {
                while index &+ 8 <= bytes.count {
                    let special = Self.specialBytes(UnsafeRawPointer(base + index).loadUnaligned(as: UInt64.self))
                    if special == 0 {
                        index &+= 8
                    } else {
                        index &+= special.trailingZeroBitCount &>> 3
                        break
                    }
                }
            }
            guard index < bytes.count else { throw endError }
            let c = bytes[index]
            if c == UInt8(ascii: "\"") { break }
            if c == UInt8(ascii: "\\") {
                escaped = true
                try parseEscape()
            } else if c < 0x20 {
                throw error("unescaped control character in a string")
            } else if c < 0x80 {
                index += 1
            } else {
                // An invalid byte is stepped over alone: no byte of a sequence is a quote or a
                // backslash, so the string still ends where a UTF-8 reader would end it.
                let length = Self.utf8SequenceLength(bytes, at: index)
                invalid = invalid || length == 0
                index += max(length, 1)
            }
        }
        let kind: JSONNode.Kind = invalid ? .invalidUTF8String : escaped ? .escapedString : .string
        nodes.append(JSONNode(kind: kind, isPlainInteger: false, start: start, length: index - start, end: nodes.count + 1))
        index += 1
    }

    mutating func parseEscape() throws(JSONParseError) {
        index = try Self.escapeEnd(bytes, at: index)
    }

    /// The end of the escape sequence whose backslash is at `escapeStart`: one of `\" \\ \/ \b \f
    /// \n \r \t`, or `\u` and four hex digits, a high surrogate only with a low one after it.
    /// Shared with `JSONStream`, which must accept exactly what the parser does.
    static func escapeEnd(_ bytes: UnsafeBufferPointer<UInt8>, at escapeStart: Int) throws(JSONParseError) -> Int {
        var index = escapeStart + 1
        guard index < bytes.count else { throw JSONParseError(offset: bytes.count, reason: "unexpected end of input") }
        switch bytes[index] {
        case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"), UInt8(ascii: "b"), UInt8(ascii: "f"),
            UInt8(ascii: "n"), UInt8(ascii: "r"), UInt8(ascii: "t"):
            return index + 1
        case UInt8(ascii: "u"):
            index += 1
            let unit = try hex4(bytes, &index)
            if unit >= 0xDC00 && unit < 0xE000 {
                throw JSONParseError(offset: escapeStart, reason: "lone low surrogate in a \\u escape")
            }
            if unit >= 0xD800 && unit < 0xDC00 {
                guard index + 1 < bytes.count, bytes[index] == UInt8(ascii: "\\"), bytes[index + 1] == UInt8(ascii: "u") else {
                    throw JSONParseError(offset: escapeStart, reason: "high surrogate not followed by a low surrogate")
                }
                index += 2
                let low = try hex4(bytes, &index)
                guard low >= 0xDC00 && low < 0xE000 else {
                    throw JSONParseError(offset: escapeStart, reason: "high surrogate not followed by a low surrogate")
                }
            }
            return index
        default:
            throw JSONParseError(offset: index, reason: "invalid escape")
        }
    }

    /// The length of the well-formed multi-byte UTF-8 sequence at `i` (Unicode Table 3-7: no
    /// overlongs, no surrogates, ≤ U+10FFFF), or 0 when it is not one (truncated ones included).
    /// Whether none of the 8 bytes of `word` is a quote, a backslash, a control character or
    /// non-ASCII (SWAR: a byte below n is found by `(x - n) & ~x` reaching its high bit).
    @inline(__always) static func isPlainWord(_ word: UInt64) -> Bool { specialBytes(word) == 0 }

    /// The high bit of each byte of `word` (loaded little-endian) that may be a quote, a
    /// backslash, a control character or non-ASCII. A borrow can flag a byte above a flagged
    /// one, never below: the lowest flag is exact, and `trailingZeroBitCount / 8` is the offset
    /// of the first such byte.
    @inline(__always) static func specialBytes(_ word: UInt64) -> UInt64 {
        let ones: UInt64 = 0x0101_0101_0101_0101
        let high: UInt64 = 0x8080_8080_8080_8080
        let quote = word ^ (ones &* 0x22)
        let backslash = word ^ (ones &* 0x5C)
        let control = (word &- ones &* 0x20) & ~word
        let quoteFound = (quote &- ones) & ~quote
        let backslashFound = (backslash &- ones) & ~backslash
        return (control | quoteFound | backslashFound | word) & high
    }

    @inline(__always) static func utf8SequenceLength(_ bytes: UnsafeBufferPointer<UInt8>, at i: Int) -> Int {
        let continuation: Int
        var low: UInt8 = 0x80
        var high: UInt8 = 0xBF
        switch bytes[i] {
        case 0xC2...0xDF: continuation = 1
        case 0xE0: continuation = 2; low = 0xA0
        case 0xE1...0xEC, 0xEE...0xEF: continuation = 2
        case 0xED: continuation = 2; high = 0x9F
        case 0xF0: continuation = 3; low = 0x90
        case 0xF1...0xF3: continuation = 3
        case 0xF4: continuation = 3; high = 0x8F
        default: return 0
        }
        guard i + continuation < bytes.count else { return 0 }
        let second = bytes[i + 1]
        guard second >= low && second <= high else { return 0 }
        var k = 2
        while k <= continuation {
            guard bytes[i + k] & 0xC0 == 0x80 else { return 0 }
            k += 1
        }
        return continuation + 1
    }
}
