public import Foundation

/// A document that could not be decoded, with the JSON path of the offending value.
public struct DecodeError: Error, Sendable, Equatable, CustomStringConvertible {
    /// Where in the document, e.g. `request.object.spec.ports[1].port`; empty for the document itself.
    public var path: String
    /// What was wrong, in words.
    public var reason: String

    public init(path: String, reason: String) {
        self.path = path
        self.reason = reason
    }

    public var description: String { path.isEmpty ? reason : "\(path): \(reason)" }

    /// Turns Foundation's `DecodingError` into a path and a short reason.
    public init(_ error: any Error, prefix: String = "") {
        guard let decoding = error as? DecodingError else {
            self.init(path: prefix, reason: String(describing: error))
            return
        }
        switch decoding {
        case .keyNotFound(let key, let context):
            self.init(path: Self.join(prefix, Self.path(context.codingPath + [key])), reason: "required field is missing")
        case .valueNotFound(let type, let context):
            self.init(path: Self.join(prefix, Self.path(context.codingPath)), reason: "expected \(Self.describe(type)), found null")
        case .typeMismatch(let type, let context):
            self.init(path: Self.join(prefix, Self.path(context.codingPath)), reason: "expected \(Self.describe(type))")
        case .dataCorrupted(let context):
            let detail = (context.underlyingError as NSError?)?.userInfo[NSDebugDescriptionErrorKey] as? String
            let reason = context.codingPath.isEmpty && context.underlyingError != nil ? "not valid JSON" : context.debugDescription
            self.init(path: Self.join(prefix, Self.path(context.codingPath)), reason: detail.map { "\(reason) (\($0))" } ?? reason)
        @unknown default:
            self.init(path: prefix, reason: String(describing: error))
        }
    }

    /// `a.b[1].c` from coding keys.
    static func path(_ keys: [any CodingKey]) -> String {
        var result = ""
        for key in keys {
            if let index = key.intValue, key.stringValue.hasPrefix("Index") || key.stringValue == String(index) {
                result += "[\(index)]"
            } else {
                result += result.isEmpty ? key.stringValue : ".\(key.stringValue)"
            }
        }
        return result
    }

    static func join(_ prefix: String, _ path: String) -> String {
        if prefix.isEmpty { return path }
        if path.isEmpty { return prefix }
        return path.hasPrefix("[") ? prefix + path : prefix + "." + path
    }

    static func describe(_ type: Any.Type) -> String {
        switch type {
        case is Int.Type, is Int32.Type, is Int64.Type: "an integer"
        case is String.Type: "a string"
        case is Bool.Type: "a boolean"
        case is Double.Type: "a number"
        case is IntOrString.Type: "an integer or a string"
        default:
            String(describing: type).hasPrefix("Array") ? "an array" : "an object"
        }
    }
}

/// Decoding of Kubernetes JSON: unknown fields ignored, errors as `DecodeError` with a path.
/// Parsing and decoding are `JSONDocument` and `JSONTreeDecoder` (not Foundation's `JSONDecoder`,
/// whose paths and reasons they reproduce).
public enum KubernetesJSON {
    /// Decodes `T` from `data`, mapping failures to a `DecodeError`.
    public static func decode<T: Decodable>(_ type: T.Type, from data: Data, pathPrefix: String = "") throws(DecodeError) -> T {
        try decode(T.self, from: try parse(data, pathPrefix: pathPrefix), pathPrefix: pathPrefix)
    }

    /// Decodes `T` from `bytes`, mapping failures to a `DecodeError`.
    public static func decode<T: Decodable>(_ type: T.Type, from bytes: [UInt8], pathPrefix: String = "") throws(DecodeError) -> T {
        try decode(T.self, from: try parse(bytes, pathPrefix: pathPrefix), pathPrefix: pathPrefix)
    }

    /// Decodes `T` from a parsed document, mapping failures to a `DecodeError`.
    public static func decode<T: Decodable>(_ type: T.Type, from document: JSONDocument, pathPrefix: String = "") throws(DecodeError) -> T {
        do {
            return try JSONTreeDecoder().decode(T.self, from: document)
        } catch {
            throw DecodeError(error, prefix: pathPrefix)
        }
    }

    /// Parses `bytes`; not JSON is `not valid JSON (why)` at the document itself.
    public static func parse(_ bytes: [UInt8], pathPrefix: String = "") throws(DecodeError) -> JSONDocument {
        do {
            return try JSONDocument(parsing: bytes)
        } catch {
            throw DecodeError(path: pathPrefix, reason: "not valid JSON (\(error))")
        }
    }

    /// Parses `data`; not JSON is `not valid JSON (why)` at the document itself.
    public static func parse(_ data: Data, pathPrefix: String = "") throws(DecodeError) -> JSONDocument {
        let result: Result<JSONDocument, JSONParseError> = data.withUnsafeBytes { buffer in
            do throws(JSONParseError) {
                return .success(try JSONDocument(parsing: buffer))
            } catch {
                return .failure(error)
            }
        }
        switch result {
        case .success(let document): return document
        case .failure(let error): throw DecodeError(path: pathPrefix, reason: "not valid JSON (\(error))")
        }
    }

    /// Decodes one object by its `kind` field, or a `List` of objects (`kind: List`, `…List`).
    public static func decodeObjects(from data: Data) throws(DecodeError) -> [KubernetesObject] {
        try decodeObjects(from: parse(data))
    }

    /// One object whose kind the caller knows (its `kind` member may be absent), decoded
    /// directly (`init(json:)`): what the store reads its rows with.
    public static func decodeObject(_ kind: ObjectKind, from data: Data) throws(DecodeError) -> KubernetesObject {
        try parse(data).read { root throws(DecodeError) in try AnyObject.decode(kind, json: root) }
    }

    /// `decodeObjects(from:)` through `init(from:)` and `JSONTreeDecoder` (the parity tests' reference).
    static func decodeObjectsUsingDecodable(from document: JSONDocument) throws(DecodeError) -> [KubernetesObject] {
        let envelope = try decode(KindEnvelope.self, from: document)
        if envelope.kind == "List" || envelope.kind.hasSuffix("List") {
            return try decode(ObjectList.self, from: document).items
        }
        return [try decode(AnyObject.self, from: document).object]
    }

    struct KindEnvelope: Decodable {
        var kind: String
    }

    /// A single object whose `kind` picks the type.
    struct AnyObject: Decodable {
        var object: KubernetesObject

        init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: KindKey.self)
            let kind = try container.decode(String.self, forKey: .kind)
            if let known = ObjectKind(kind: kind) {
                object = try Self.decode(known, from: decoder)
            } else {
                object = .other(kind: kind)
            }
        }
    }

    enum KindKey: String, CodingKey { case kind }

    /// `v1 List` or `ServiceList` etc.; items of a typed list carry no `kind`, so it is taken from the list's.
    struct ObjectList: Decodable {
        var items: [KubernetesObject]

        enum CodingKeys: String, CodingKey { case kind, items }

        init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            let listKind = try container.decode(String.self, forKey: .kind)
            let itemKind = listKind == "List" ? nil : ObjectKind(kind: String(listKind.dropLast(4)))
            var list = try container.nestedUnkeyedContainer(forKey: .items)
            var items: [KubernetesObject] = []
            while !list.isAtEnd {
                let itemDecoder = try list.superDecoder()
                if let itemKind {
                    items.append(try AnyObject.decode(itemKind, from: itemDecoder))
                } else {
                    items.append(try AnyObject(from: itemDecoder).object)
                }
            }
            self.items = items
        }
    }
}

extension KubernetesJSON.AnyObject {
    static func decode(_ kind: ObjectKind, from decoder: any Decoder) throws -> KubernetesObject {
        switch kind {
        case .service: .service(try Service(from: decoder))
        case .endpoints: .endpoints(try Endpoints(from: decoder))
        case .endpointSlice: .endpointSlice(try EndpointSlice(from: decoder))
        case .node: .node(try Node(from: decoder))
        case .pod: .pod(try Pod(from: decoder))
        }
    }
}
