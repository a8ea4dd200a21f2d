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
        case .int(let v): out.append(contentsOf: String(v).utf8)
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
            for (index, key) in fields.keys.sorted().enumerated() {
                if index > 0 { out.append(UInt8(ascii: ",")) }
                writeString(key, into: &out)
                out.append(UInt8(ascii: ":"))
                write(fields[key, default: .null], into: &out)
            }
            out.append(UInt8(ascii: "}"))
        }
    }

    /// `"` + `uuidString` (upper case, what `UUID`'s Codable writes) + `"`, without printf.
    static func writeUUID(_ id: UUID, into out: inout [UInt8]) {
        out.append(UInt8(ascii: "\""))
        withUnsafeBytes(of: id.uuid) { raw in
            for (position, byte) in raw.enumerated() {
                if position == 4 || position == 6 || position == 8 || position == 10 { out.append(UInt8(ascii: "-")) }
                out.append(upperHexDigits[Int(byte >> 4)])
                out.append(upperHexDigits[Int(byte & 0x0F)])
            }
        }
        out.append(UInt8(ascii: "\""))
    }

    static let upperHexDigits = Array("0123456789ABCDEF".utf8)

    static func writeString(_ text: String, into out: inout [UInt8]) {
        out.append(UInt8(ascii: "\""))
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
        out.append(UInt8(ascii: "\""))
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
