import Foundation
import Model

/// The JSON the store keeps for MidoNet objects and operations.
///
/// The text is exactly what the types' synthesized `Codable` conformances read (so `JSONDecoder`
/// reads it back, and so can anyone with `sqlite3` and `json_extract`), but it is written by
/// hand: the ingest path writes several of these per event, and Foundation's `JSONEncoder` costs
/// more than the rest of the ingest together.
enum StoredJSON {
    static func encode(_ objects: [MidoNetObject]) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(objects.count * 400)
        out.append(UInt8(ascii: "["))
        for (index, object) in objects.enumerated() {
            if index > 0 { out.append(UInt8(ascii: ",")) }
            write(object, into: &out)
        }
        out.append(UInt8(ascii: "]"))
        return out
    }

    static func encode(_ operation: MidoNetOperation) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(512)
        out.append(UInt8(ascii: "{"))
        writeString(operation.verb, into: &out)
        out.append(contentsOf: ":{\"_0\":".utf8)
        write(operation.object, into: &out)
        out.append(contentsOf: "}}".utf8)
        return out
    }

    static func decodeObjects(_ bytes: [UInt8]) throws -> [MidoNetObject] {
        try decode([MidoNetObject].self, bytes)
    }

    static func decodeOperation(_ bytes: [UInt8]) throws -> MidoNetOperation {
        try decode(MidoNetOperation.self, bytes)
    }

    static func decode<T: Decodable>(_ type: T.Type, _ bytes: [UInt8]) throws -> T {
        do {
            return try JSONDecoder().decode(T.self, from: Data(bytes))
        } catch {
            throw StoreError(.corruptRecord, "stored \(T.self) is unreadable: \(DecodeError(error).description)")
        }
    }

    static func write(_ object: MidoNetObject, into out: inout [UInt8]) {
        // Keys in the synthesized order; optionals left out when nil (encodeIfPresent).
        out.append(contentsOf: "{\"kind\":".utf8)
        writeString(object.kind.rawValue, into: &out)
        out.append(contentsOf: ",\"id\":".utf8)
        writeUUID(object.id, into: &out)
        if let parent = object.parentId {
            out.append(contentsOf: ",\"parentId\":".utf8)
            writeUUID(parent, into: &out)
        }
        out.append(contentsOf: ",\"path\":".utf8)
        writeString(object.path, into: &out)
        out.append(contentsOf: ",\"body\":".utf8)
        write(object.body, into: &out)
        if let host = object.host {
            out.append(contentsOf: ",\"host\":{".utf8)
            switch host {
            case .id(let id):
                writeString("id", into: &out)
                out.append(contentsOf: ":{\"_0\":".utf8)
                writeUUID(id, into: &out)
            case .named(let name):
                writeString("named", into: &out)
                out.append(contentsOf: ":{\"_0\":".utf8)
                writeString(name, into: &out)
            }
            out.append(contentsOf: "}}".utf8)
        }
        out.append(contentsOf: ",\"references\":[".utf8)
        for (index, reference) in object.references.enumerated() {
            if index > 0 { out.append(UInt8(ascii: ",")) }
            writeUUID(reference, into: &out)
        }
        out.append(contentsOf: "]}".utf8)
    }

    static func write(_ value: JSONValue, into out: inout [UInt8]) {
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

    /// `"` + `uuidString` (upper case, what `UUID`'s Codable writes) + `"`, without printf and
    /// with one append of all 38 bytes.
    static func writeUUID(_ id: UUID, into out: inout [UInt8]) {
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 38) { buffer in
            buffer[0] = UInt8(ascii: "\"")
            id.writeText(into: UnsafeMutableRawBufferPointer(UnsafeMutableBufferPointer(rebasing: buffer[1..<37])), uppercase: true)
            buffer[37] = UInt8(ascii: "\"")
            out.append(contentsOf: UnsafeBufferPointer(buffer))
        }
    }

    /// A decimal integer, as `String(v)` writes it.
    static func writeInt(_ value: Int, into out: inout [UInt8]) {
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 20) { buffer in
            var magnitude = value.magnitude
            var index = 20
            repeat {
                index -= 1
                buffer[index] = UInt8(ascii: "0") &+ UInt8(truncatingIfNeeded: magnitude % 10)
                magnitude /= 10
            } while magnitude > 0
            if value < 0 { out.append(UInt8(ascii: "-")) }
            out.append(contentsOf: UnsafeBufferPointer(rebasing: buffer[index..<20]))
        }
    }

    /// A JSON string: the UTF-8 bytes in one append when nothing needs escaping (the usual case).
    static func writeString(_ text: String, into out: inout [UInt8]) {
        out.append(UInt8(ascii: "\""))
        let done = text.utf8.withContiguousStorageIfAvailable { bytes -> Bool in
            for byte in bytes where byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") { return false }
            out.append(contentsOf: bytes)
            return true
        }
        if done != true { writeEscaped(text, into: &out) }
        out.append(UInt8(ascii: "\""))
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

extension StoredJSON {
    static func encodeStrings(_ list: [String]) -> [UInt8] {
        var out: [UInt8] = [UInt8(ascii: "[")]
        for (index, item) in list.enumerated() {
            if index > 0 { out.append(UInt8(ascii: ",")) }
            writeString(item, into: &out)
        }
        out.append(UInt8(ascii: "]"))
        return out
    }

    static func decodeStrings(_ bytes: [UInt8]) throws -> [String] {
        try decode([String].self, bytes)
    }
}
