import Foundation
import Model

/// The JSON the store keeps for MidoNet objects and operations.
///
/// The text is exactly what the types' synthesized `Codable` conformances read (so any JSON
/// decoder reads it back, and so can anyone with `sqlite3` and `json_extract`), but it is written by
/// hand: the ingest path writes several of these per event, and Foundation's `JSONEncoder` costs
/// more than the rest of the ingest together.
enum StoredJSON {
    static func encode(_ objects: [MidoNetObject]) -> [UInt8] {
        encodeWithRanges(objects).bytes
    }

    /// `encode(objects)` and where each object's JSON lies in it (`ranges[i]` for `objects[i]`).
    static func encodeWithRanges(_ objects: [MidoNetObject]) -> (bytes: [UInt8], ranges: [Range<Int>]) {
        var out: [UInt8] = []
        out.reserveCapacity(objects.count * 400)
        var ranges: [Range<Int>] = []
        ranges.reserveCapacity(objects.count)
        out.append(UInt8(ascii: "["))
        for (index, object) in objects.enumerated() {
            if index > 0 { out.append(UInt8(ascii: ",")) }
            let start = out.count
            write(object, into: &out)
            ranges.append(start..<out.count)
        }
        out.append(UInt8(ascii: "]"))
        return (out, ranges)
    }

    static func encode(_ operation: MidoNetOperation) -> [UInt8] {
        encode(operation.verb, capacity: 512) { write(operation.object, into: &$0) }
    }

    /// `encode(operation)` from its object's JSON as `write` wrote it (for a plan's objects, most
    /// of which were just written for the translation or read back from it).
    static func encode(_ operation: MidoNetOperation, objectJSON: ArraySlice<UInt8>) -> [UInt8] {
        encode(operation.verb, capacity: objectJSON.count + 24) { $0.append(contentsOf: objectJSON) }
    }

    /// {"verb":{"_0":…}}, as the synthesized `Codable` of an enum with a payload.
    private static func encode(_ verb: String, capacity: Int, object: (inout [UInt8]) -> Void) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(capacity)
        out.append(UInt8(ascii: "{"))
        CanonicalJSON.writeString(verb, into: &out)
        out.append(literal: ":{\"_0\":")
        object(&out)
        out.append(literal: "}}")
        return out
    }

    /// Reads back what `encode` wrote, from the parsed tree (`JSONValue(parsing:)`), not through
    /// `Decodable`: `JSONValue`'s `init(from:)` tries six types at every value, and reloading a
    /// Service's endpoint translation (20 objects, 8 KB) through it cost the ingest writer more
    /// than the rest of an event's work. The result is what the synthesized `Decodable`
    /// conformances give for the same text (`StoredJSONTests`).
    static func decodeObjects(_ bytes: [UInt8]) throws -> [MidoNetObject] {
        guard case .array(let items) = try parse(bytes, "[MidoNetObject]") else { throw corrupt("[MidoNetObject]", "not an array") }
        return try items.map { try object(from: $0) }
    }

    /// `decodeObjects(stored)` when the caller has just encoded `known` (`encodeWithRanges`): an
    /// object whose stored JSON is byte for byte one of `known`'s is that object, and is not
    /// parsed again. Re-translating a unit compares its stored translation with the new one,
    /// which mostly holds the same objects: parsing all of them was the largest cost of
    /// preparing a unit (`perf`, `midonet-bench store`). What is not recognised, or a row not
    /// laid out as `encode` writes it, is decoded in full (and a corrupt one is an error, as ever).
    static func decodeObjects(_ stored: [UInt8], reusing known: [MidoNetObject], encoded: (bytes: [UInt8], ranges: [Range<Int>])) throws -> [MidoNetObject] {
        try decodeObjectsWithRanges(stored, reusing: known, encoded: encoded).objects
    }

    /// `decodeObjects(_:reusing:encoded:)`, and where each object lies in `stored` (nil when the
    /// row was not laid out as `encode` writes it and was read in full).
    ///
    /// `bodiesOfDropped` false: an object no object of `known` shares an ID with (one the new
    /// translation drops) is read without its body, left `.null` (`objectWithoutBody`). Only for
    /// a caller that reads nothing of those but what makes their keys and delete order, and takes
    /// their ops' JSON from `stored` (`TranslationChange`): parsing them was most of the parsing left.
    static func decodeObjectsWithRanges(
        _ stored: [UInt8], reusing known: [MidoNetObject], encoded: (bytes: [UInt8], ranges: [Range<Int>]), bodiesOfDropped: Bool = true
    ) throws -> (objects: [MidoNetObject], ranges: [Range<Int>]?) {
        guard let ranges = elementRanges(of: stored) else { return (try decodeObjects(stored), nil) }
        var byHash: [Int: Int] = [:]
        byHash.reserveCapacity(encoded.ranges.count)
        for (index, range) in encoded.ranges.enumerated() {
            byHash[hash(encoded.bytes[range])] = index
        }
        let knownIDs = bodiesOfDropped ? [] : Set(known.map { UUIDKey($0.id) })
        var result: [MidoNetObject] = []
        result.reserveCapacity(ranges.count)
        for range in ranges {
            let slice = stored[range]
            let candidate = byHash[hash(slice)]
            if let index = candidate, encoded.bytes[encoded.ranges[index]].sameBytes(as: slice) {
                result.append(known[index])
            } else if let index = candidate, let moved = rule(known[index], movedTo: slice, from: encoded.bytes[encoded.ranges[index]]) {
                result.append(moved)
            } else if !bodiesOfDropped, let object = objectWithoutBody(slice), !knownIDs.contains(UUIDKey(object.id)) {
                result.append(object)
            } else {
                result.append(try object(from: parse(Array(slice), "MidoNetObject")))
            }
        }
        return (result, ranges)
    }

    /// `rule` at another position, when `stored` is `written` (its JSON) but for the number after
    /// `"position":` (a rule that the endpoints before it changing moved): what parsing `stored`
    /// gives, without parsing it. Nil otherwise.
    static func rule(_ rule: MidoNetObject, movedTo stored: ArraySlice<UInt8>, from written: ArraySlice<UInt8>) -> MidoNetObject? {
        guard rule.kind == .rule, let storedNumber = JSONBody.positionNumber(in: stored),
            let writtenNumber = JSONBody.positionNumber(in: written),
            storedNumber.lowerBound - stored.startIndex == writtenNumber.lowerBound - written.startIndex,
            stored[..<storedNumber.lowerBound].sameBytes(as: written[..<writtenNumber.lowerBound]),
            stored[storedNumber.upperBound...].sameBytes(as: written[writtenNumber.upperBound...]),
            let position = Int(String(decoding: stored[storedNumber], as: UTF8.self))
        else { return nil }
        var moved = rule
        moved.body = rule.body.withPosition(position)
        return moved
    }

    /// The object whose JSON `write` wrote at `slice`, with its body skipped and left `.null`.
    /// Nil when the bytes are laid out otherwise (escapes in a string, another key order, …) or
    /// when the kind's key is made from its body (MAC and ARP table entries): read those in full.
    static func objectWithoutBody(_ slice: ArraySlice<UInt8>) -> MidoNetObject? {
        slice.withUnsafeBufferPointer { buffer -> MidoNetObject? in
            var reader = LayoutReader(buffer: buffer)
            guard reader.literal("{\"kind\":"), let kindText = reader.plainString(), let kind = MidoNetKind(rawValue: kindText),
                kind != .macPort, kind != .ip4Mac,
                reader.literal(",\"id\":"), let id = reader.uuid()
            else { return nil }
            var parentId: UUID?
            if reader.literal(",\"parentId\":") {
                guard let parent = reader.uuid() else { return nil }
                parentId = parent
            }
            guard reader.literal(",\"path\":"), let path = reader.plainString(), reader.literal(",\"body\":"), reader.skipContainer()
            else { return nil }
            var host: HostReference?
            if reader.literal(",\"host\":{\"id\":{\"_0\":") {
                guard let hostID = reader.uuid(), reader.literal("}}") else { return nil }
                host = .id(hostID)
            } else if reader.literal(",\"host\":{\"named\":{\"_0\":") {
                guard let name = reader.plainString(), reader.literal("}}") else { return nil }
                host = .named(name)
            }
            guard reader.literal(",\"references\":[") else { return nil }
            var references: [UUID] = []
            if !reader.literal("]") {
                repeat {
                    guard let reference = reader.uuid() else { return nil }
                    references.append(reference)
                } while reader.literal(",")
                guard reader.literal("]") else { return nil }
            }
            guard reader.literal("}"), reader.atEnd else { return nil }
            return MidoNetObject(kind: kind, id: id, parentId: parentId, path: path, body: JSONBody.null, host: host, references: references)
        }
    }

    /// A cursor over JSON as `write` lays it out, for `objectWithoutBody`.
    private struct LayoutReader {
        let buffer: UnsafeBufferPointer<UInt8>
        var index = 0

        var atEnd: Bool { index == buffer.count }

        /// Steps over `text` when it comes next.
        mutating func literal(_ text: StaticString) -> Bool {
            let count = text.utf8CodeUnitCount
            guard buffer.count - index >= count else { return false }
            let matches = text.withUTF8Buffer { expected in
                for offset in 0..<count where buffer[index + offset] != expected[offset] { return false }
                return true
            }
            if matches { index += count }
            return matches
        }

        /// A string with no escape in it.
        mutating func plainString() -> String? {
            guard index < buffer.count, buffer[index] == UInt8(ascii: "\"") else { return nil }
            var end = index + 1
            while end < buffer.count, buffer[end] != UInt8(ascii: "\"") {
                guard buffer[end] != UInt8(ascii: "\\") else { return nil }
                end += 1
            }
            guard end < buffer.count else { return nil }
            let text = String(decoding: UnsafeBufferPointer(rebasing: buffer[(index + 1)..<end]), as: UTF8.self)
            index = end + 1
            return text
        }

        /// A quoted UUID, read from the bytes.
        mutating func uuid() -> UUID? {
            guard buffer.count - index >= 38, buffer[index] == UInt8(ascii: "\""), buffer[index + 37] == UInt8(ascii: "\""),
                let id = UUID(utf8: UnsafeBufferPointer(rebasing: buffer[(index + 1)..<(index + 37)]))
            else { return nil }
            index += 38
            return id
        }

        /// Steps over an object or array (strings inside followed to their closing quotes).
        mutating func skipContainer() -> Bool {
            guard let end = StoredJSON.containerEnd(in: buffer, at: index) else { return false }
            index = end
            return true
        }
    }

    /// A hash of an object's first bytes, its kind and ID as `write` lays them out: objects that
    /// differ there cannot be equal, and those that do not are compared in full. Hashing the
    /// whole of each object cost more than comparing it.
    private static func hash(_ bytes: ArraySlice<UInt8>) -> Int {
        var hasher = Hasher()
        bytes.prefix(96).withUnsafeBytes { hasher.combine(bytes: $0) }
        return hasher.finalize()
    }

    /// The byte ranges of the elements of the JSON array `bytes`, found by following brackets
    /// and strings only (no validation: each range is parsed or compared afterwards). Nil when
    /// `bytes` is not an array laid out as `encode` writes it (no whitespace, objects as elements).
    static func elementRanges(of bytes: [UInt8]) -> [Range<Int>]? {
        bytes.withUnsafeBufferPointer { buffer -> [Range<Int>]? in
            let count = buffer.count
            guard count >= 2, buffer[0] == UInt8(ascii: "["), buffer[count - 1] == UInt8(ascii: "]") else { return nil }
            var ranges: [Range<Int>] = []
            if count == 2 { return ranges }
            var index = 1
            while true {
                guard index < count, buffer[index] == UInt8(ascii: "{"), let end = containerEnd(in: buffer, at: index) else { return nil }
                ranges.append(index..<end)
                index = end
                guard index < count else { return nil }
                if buffer[index] == UInt8(ascii: "]") { return index == count - 1 ? ranges : nil }
                guard buffer[index] == UInt8(ascii: ",") else { return nil }
                index += 1
            }
        }
    }

    /// The index just past the bracket closing the object or array that opens at `start`,
    /// following brackets and strings only (no validation). Nil when it does not close.
    fileprivate static func containerEnd(in buffer: UnsafeBufferPointer<UInt8>, at start: Int) -> Int? {
        guard start < buffer.count, buffer[start] == UInt8(ascii: "{") || buffer[start] == UInt8(ascii: "[") else { return nil }
        var depth = 0
        var index = start
        while index < buffer.count {
            switch buffer[index] {
            case UInt8(ascii: "{"), UInt8(ascii: "["): depth += 1
            case UInt8(ascii: "}"), UInt8(ascii: "]"):
                depth -= 1
                if depth == 0 { return index + 1 }
            case UInt8(ascii: "\""):
                guard let close = closingQuote(in: buffer, after: index) else { return nil }
                index = close
            default: break
            }
            index += 1
        }
        return nil
    }

    /// The index of the quote closing the string opened at `open` (one not escaped: preceded by
    /// an even number of backslashes), found by memchr.
    private static func closingQuote(in buffer: UnsafeBufferPointer<UInt8>, after open: Int) -> Int? {
        guard let base = buffer.baseAddress else { return nil }
        var from = open + 1
        while from < buffer.count {
            guard let found = memchr(base + from, Int32(UInt8(ascii: "\"")), buffer.count - from) else { return nil }
            let quote = base.distance(to: found.assumingMemoryBound(to: UInt8.self))
            var backslashes = 0
            while quote - backslashes - 1 > open, buffer[quote - backslashes - 1] == UInt8(ascii: "\\") { backslashes += 1 }
            if backslashes % 2 == 0 { return quote }
            from = quote + 1
        }
        return nil
    }

    static func decodeOperation(_ bytes: [UInt8]) throws -> MidoNetOperation {
        // {"create":{"_0":{…object…}}}, as the synthesized `Codable` of an enum with a payload.
        guard case .object(let cases) = try parse(bytes, "MidoNetOperation"), cases.count == 1, let (verb, payload) = cases.first,
            case .object(let arguments) = payload, let value = arguments["_0"]
        else { throw corrupt("MidoNetOperation", "not one case with its payload") }
        let object = try object(from: value)
        switch verb {
        case "create": return .create(object)
        case "update": return .update(object)
        case "delete": return .delete(object)
        default: throw corrupt("MidoNetOperation", "unknown case \(verb)")
        }
    }

    static func object(from value: JSONValue) throws -> MidoNetObject {
        let type = "MidoNetObject"
        guard case .object(let fields) = value else { throw corrupt(type, "not an object") }
        guard case .string(let kindText)? = fields["kind"], let kind = MidoNetKind(rawValue: kindText) else { throw corrupt(type, "kind") }
        guard case .string(let path)? = fields["path"] else { throw corrupt(type, "path") }
        guard let body = fields["body"] else { throw corrupt(type, "body") }
        guard case .array(let referenceValues)? = fields["references"] else { throw corrupt(type, "references") }
        let id = try uuid(fields["id"], type, "id")
        var parentId: UUID?
        if let value = fields["parentId"], value != .null { parentId = try uuid(value, type, "parentId") }
        var host: HostReference?
        if let value = fields["host"], value != .null {
            guard case .object(let cases) = value, cases.count == 1, let (name, payload) = cases.first, case .object(let arguments) = payload
            else { throw corrupt(type, "host") }
            switch (name, arguments["_0"]) {
            case ("id", let argument): host = .id(try uuid(argument, type, "host.id"))
            case ("named", .string(let hostName)?): host = .named(hostName)
            default: throw corrupt(type, "host")
            }
        }
        let references = try referenceValues.map { try uuid($0, type, "references") }
        return MidoNetObject(kind: kind, id: id, parentId: parentId, path: path, body: JSONBody(body), host: host, references: references)
    }

    static func uuid(_ value: JSONValue?, _ type: String, _ field: String) throws -> UUID {
        guard case .string(let text)? = value, let id = UUID(text: text) else { throw corrupt(type, field) }
        return id
    }

    static func parse(_ bytes: [UInt8], _ type: String) throws -> JSONValue {
        do {
            return try JSONValue(parsing: bytes)
        } catch {
            throw corrupt(type, "not valid JSON (\(error))")
        }
    }

    static func corrupt(_ type: String, _ what: String) -> StoreError {
        StoreError(.corruptRecord, "stored \(type) is unreadable: \(what)")
    }

    static func write(_ object: MidoNetObject, into out: inout [UInt8]) {
        // Keys in the synthesized order; optionals left out when nil (encodeIfPresent).
        out.append(literal: "{\"kind\":")
        CanonicalJSON.writeString(object.kind.rawValue, into: &out)
        out.append(literal: ",\"id\":")
        writeUUID(object.id, into: &out)
        if let parent = object.parentId {
            out.append(literal: ",\"parentId\":")
            writeUUID(parent, into: &out)
        }
        out.append(literal: ",\"path\":")
        CanonicalJSON.writeString(object.path, into: &out)
        out.append(literal: ",\"body\":")
        out.append(contentsOf: object.body.bytes)
        if let host = object.host {
            out.append(literal: ",\"host\":{")
            switch host {
            case .id(let id):
                CanonicalJSON.writeString("id", into: &out)
                out.append(literal: ":{\"_0\":")
                writeUUID(id, into: &out)
            case .named(let name):
                CanonicalJSON.writeString("named", into: &out)
                out.append(literal: ":{\"_0\":")
                CanonicalJSON.writeString(name, into: &out)
            }
            out.append(literal: "}}")
        }
        out.append(literal: ",\"references\":[")
        for (index, reference) in object.references.enumerated() {
            if index > 0 { out.append(UInt8(ascii: ",")) }
            writeUUID(reference, into: &out)
        }
        out.append(literal: "]}")
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
}

extension StoredJSON {
    static func encodeStrings(_ list: [String]) -> [UInt8] {
        var out: [UInt8] = [UInt8(ascii: "[")]
        for (index, item) in list.enumerated() {
            if index > 0 { out.append(UInt8(ascii: ",")) }
            CanonicalJSON.writeString(item, into: &out)
        }
        out.append(UInt8(ascii: "]"))
        return out
    }

    static func decodeStrings(_ bytes: [UInt8]) throws -> [String] {
        guard case .array(let items) = try parse(bytes, "[String]") else { throw corrupt("[String]", "not an array") }
        return try items.map { item in
            guard case .string(let text) = item else { throw corrupt("[String]", "an item is not a string") }
            return text
        }
    }
}

extension [UInt8] {
    /// Appends the bytes of a literal (one copy: appending `"…".utf8` walked the string view).
    @inline(__always) mutating func append(literal: StaticString) {
        append(contentsOf: UnsafeBufferPointer(start: literal.utf8Start, count: literal.utf8CodeUnitCount))
    }
}
