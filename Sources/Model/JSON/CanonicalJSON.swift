public import Foundation

/// The one JSON text of a value that the store, the plan and the applier compare and send: compact,
/// object keys in ascending order, strings escaped only where JSON requires (`\"`, `\\`, `\n`,
/// `\r`, `\t`, other control characters as `\u00XX`), integers in decimal. The same text as
/// `JSONValue.serialized`, written into bytes directly.
///
/// Two equal values have the same text, so a MidoNet body is kept and compared as these bytes
/// (`JSONBody`) rather than as a dictionary; typed writers (`CanonicalObjectWriter`) produce it
/// without building a `JSONValue` first.
public enum CanonicalJSON {
    public static func write(_ value: JSONValue, into out: inout [UInt8]) {
        switch value {
        case .null: out.append(contentsOf: "null".utf8)
        case .bool(let v): out.append(contentsOf: (v ? "true" : "false").utf8)
        case .int(let v): writeInt(v, into: &out)
        case .double(let v): out.append(contentsOf: (v.isFinite ? "\(v)" : "null").utf8)
        case .string(let v): writeString(v, into: &out)
        case .array(let items):
            out.append(UInt8(ascii: "["))
            for (index, item) in items.enumerated() {
                if index > 0 { out.append(UInt8(ascii: ",")) }
                write(item, into: &out)
            }
            out.append(UInt8(ascii: "]"))
        case .object(let fields):
            out.append(UInt8(ascii: "{"))
            // Sorted pairs: no second hash lookup per key.
            for (index, field) in fields.sorted(by: { $0.key < $1.key }).enumerated() {
                if index > 0 { out.append(UInt8(ascii: ",")) }
                writeString(field.key, into: &out)
                out.append(UInt8(ascii: ":"))
                write(field.value, into: &out)
            }
            out.append(UInt8(ascii: "}"))
        }
    }

    /// A decimal integer, as `String(v)` writes it.
    public static func writeInt(_ value: Int, into out: inout [UInt8]) {
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 20) { buffer in
            guard let base = buffer.baseAddress else { return }
            out.append(contentsOf: UnsafeBufferPointer(start: base, count: writeDecimal(value, to: base)))
        }
    }

    /// `value` in decimal (with its sign) at `destination`, which has room for 20 bytes; the count
    /// written.
    @inline(__always) static func writeDecimal(_ value: Int, to destination: UnsafeMutablePointer<UInt8>) -> Int {
        var digits = 1
        var rest = value.magnitude / 10
        while rest > 0 {
            digits += 1
            rest /= 10
        }
        let sign = value < 0 ? 1 : 0
        if sign == 1 { destination[0] = UInt8(ascii: "-") }
        var magnitude = value.magnitude
        var index = sign + digits
        repeat {
            index -= 1
            destination[index] = UInt8(ascii: "0") &+ UInt8(truncatingIfNeeded: magnitude % 10)
            magnitude /= 10
        } while magnitude > 0
        return sign + digits
    }

    /// A JSON string: the UTF-8 bytes in one append when nothing needs escaping (the usual case).
    public static func writeString(_ text: String, into out: inout [UInt8]) {
        var text = text
        let plain = text.withUTF8 { bytes -> Bool in
            guard !needsEscaping(bytes) else { return false }
            out.append(UInt8(ascii: "\""))
            out.append(contentsOf: bytes)
            out.append(UInt8(ascii: "\""))
            return true
        }
        guard !plain else { return }
        out.append(UInt8(ascii: "\""))
        writeEscaped(text, into: &out)
        out.append(UInt8(ascii: "\""))
    }

    /// Whether `bytes` hold a quote, a backslash or a control character: eight bytes at a time.
    @inline(__always) static func needsEscaping(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        var i = 0
        if let base = bytes.baseAddress {
            while i &+ 8 <= bytes.count {
                let word = UnsafeRawPointer(base + i).loadUnaligned(as: UInt64.self)
                // Bytes above ASCII pass (`specialBytes` stops on them for the parser's sake).
                if JSONParser.specialBytes(word) & ~(word & 0x8080_8080_8080_8080) != 0 { break }
                i &+= 8
            }
        }
        while i < bytes.count {
            let byte = bytes[i]
            if byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") { return true }
            i &+= 1
        }
        return false
    }

    static func writeEscaped(_ text: String, into out: inout [UInt8]) {
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "\""): out.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "\"")])
            case UInt8(ascii: "\\"): out.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "\\")])
            case UInt8(ascii: "\n"): out.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "n")])
            case UInt8(ascii: "\r"): out.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "r")])
            case UInt8(ascii: "\t"): out.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "t")])
            case 0..<0x20:
                let hex = Array("0123456789abcdef".utf8)
                out.append(contentsOf: "\\u00".utf8)
                out.append(hex[Int(byte >> 4)])
                out.append(hex[Int(byte & 0xF)])
            default: out.append(byte)
            }
        }
    }
}

/// Writes one JSON object in canonical form (`CanonicalJSON`) from typed fields, into a buffer of
/// its own (no `Array` bookkeeping per append: a rule's body is some fifty of them). The caller
/// names the fields in ascending order of their names (byte order: `nwDstAddress` before
/// `nwDstLength`, `id` before `jumpChainId`); tests hold each writer to `CanonicalJSON.write` of
/// the same object as a `JSONValue`.
public struct CanonicalObjectWriter: ~Copyable {
    private var base: UnsafeMutablePointer<UInt8>
    private var count = 0
    private var capacity: Int
    /// No member written yet in the innermost object open.
    private var first = true

    public init(capacity: Int = 256) {
        self.capacity = max(capacity, 64)
        base = .allocate(capacity: self.capacity)
        base[0] = UInt8(ascii: "{")
        count = 1
    }

    deinit { base.deallocate() }

    public mutating func string(_ name: StaticString, _ value: String) {
        self.name(name)
        var value = value
        let length = value.utf8.count
        reserve(length + 2)
        let destination = base + count + 1
        let plain = value.withUTF8 { utf8 -> Bool in
            guard !CanonicalJSON.needsEscaping(utf8) else { return false }
            if let source = utf8.baseAddress { destination.update(from: source, count: utf8.count) }
            return true
        }
        if plain {
            base[count] = UInt8(ascii: "\"")
            base[count + 1 + length] = UInt8(ascii: "\"")
            count += length + 2
        } else {
            var escaped: [UInt8] = []
            CanonicalJSON.writeString(value, into: &escaped)
            escaped.withUnsafeBufferPointer { append($0) }
        }
    }

    public mutating func int(_ name: StaticString, _ value: Int) {
        self.name(name)
        reserve(20)
        count += CanonicalJSON.writeDecimal(value, to: base + count)
    }

    /// A UUID as lower-case text (`UUID.lowerText`).
    public mutating func uuid(_ name: StaticString, _ value: UUID) {
        self.name(name)
        reserve(38)
        base[count] = UInt8(ascii: "\"")
        value.writeLower(into: UnsafeMutableRawBufferPointer(start: base + count + 1, count: 36))
        base[count + 37] = UInt8(ascii: "\"")
        count += 38
    }

    /// A nested object, its members written by `fill` (in ascending order, as here).
    public mutating func object(_ name: StaticString, _ fill: (inout CanonicalObjectWriter) -> Void) {
        self.name(name)
        nested(fill)
    }

    /// An array of objects, one per item, each written by `fill`.
    public mutating func objects<Item>(_ name: StaticString, _ items: [Item], _ fill: (inout CanonicalObjectWriter, Item) -> Void) {
        self.name(name)
        append(UInt8(ascii: "["))
        for (index, item) in items.enumerated() {
            if index > 0 { append(UInt8(ascii: ",")) }
            nested { fill(&$0, item) }
        }
        append(UInt8(ascii: "]"))
    }

    /// The object's text, closed.
    public consuming func finish() -> [UInt8] {
        append(UInt8(ascii: "}"))
        return Array(UnsafeBufferPointer(start: base, count: count))
    }

    // MARK: Buffer

    /// `"name":`, after a comma unless it is the object's first member.
    private mutating func name(_ name: StaticString) {
        let length = name.utf8CodeUnitCount
        reserve(length + 4)
        if first {
            first = false
        } else {
            base[count] = UInt8(ascii: ",")
            count += 1
        }
        base[count] = UInt8(ascii: "\"")
        (base + count + 1).update(from: name.utf8Start, count: length)
        base[count + 1 + length] = UInt8(ascii: "\"")
        base[count + 2 + length] = UInt8(ascii: ":")
        count += length + 3
    }

    private mutating func nested(_ fill: (inout CanonicalObjectWriter) -> Void) {
        append(UInt8(ascii: "{"))
        first = true
        fill(&self)
        append(UInt8(ascii: "}"))
        first = false
    }

    @inline(__always) private mutating func reserve(_ extra: Int) {
        if count + extra > capacity { grow(to: max(capacity * 2, count + extra)) }
    }

    private mutating func grow(to newCapacity: Int) {
        let grown = UnsafeMutablePointer<UInt8>.allocate(capacity: newCapacity)
        grown.update(from: base, count: count)
        base.deallocate()
        base = grown
        capacity = newCapacity
    }

    private mutating func append(_ byte: UInt8) {
        reserve(1)
        base[count] = byte
        count += 1
    }

    private mutating func append(_ bytes: UnsafeBufferPointer<UInt8>) {
        guard let source = bytes.baseAddress else { return }
        reserve(bytes.count)
        (base + count).update(from: source, count: bytes.count)
        count += bytes.count
    }
}
