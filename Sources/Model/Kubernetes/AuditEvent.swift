import Foundation

/// `audit.k8s.io/v1` EventList, as the audit webhook backend posts it.
public struct AuditEventList: Decodable, Sendable {
    public var apiVersion: String?
    public var kind: String?
    /// One entry per item: the event, or why that item could not be read (it is skipped, not fatal).
    public var items: [Result<AuditEvent, DecodeError>]

    enum CodingKeys: String, CodingKey { case apiVersion, kind, items }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        apiVersion = try container.decodeIfPresent(String.self, forKey: .apiVersion)
        kind = try container.decodeIfPresent(String.self, forKey: .kind)
        // The envelope first, so that another kind of document is named as such.
        if let kind, kind != "EventList" {
            throw DecodingError.dataCorrupted(.init(codingPath: [CodingKeys.kind], debugDescription: "expected EventList, found \"\(kind)\""))
        }
        if let apiVersion, apiVersion != "audit.k8s.io/v1" {
            throw DecodingError.dataCorrupted(.init(codingPath: [CodingKeys.apiVersion], debugDescription: "expected audit.k8s.io/v1, found \"\(apiVersion)\""))
        }
        var list = try container.nestedUnkeyedContainer(forKey: .items)
        var items: [Result<AuditEvent, DecodeError>] = []
        while !list.isAtEnd {
            // The wrapper never throws, so the container always advances past a bad item; the
            // error's coding path already starts at `items[i]`.
            let item = try list.decode(Lossy.self)
            items.append(item.result.mapError { DecodeError($0) })
        }
        self.items = items
    }

    public init(items: [AuditEvent]) {
        apiVersion = "audit.k8s.io/v1"
        kind = "EventList"
        self.items = items.map { .success($0) }
    }

    /// Decodes a batch; a body that is not an `audit.k8s.io/v1` EventList as a whole is an error.
    public static func decode(_ data: [UInt8]) throws(DecodeError) -> AuditEventList {
        try decode(KubernetesJSON.parse(data))
    }

    /// Decodes a parsed batch (directly: `init(json:)`).
    public static func decode(_ document: JSONDocument) throws(DecodeError) -> AuditEventList {
        try document.decodeDirectly(AuditEventList.self)
    }

    /// `decode(_:)` through `init(from:)` and `JSONTreeDecoder`: the reference the direct decode is
    /// held to (parity tests) and measured against (`midonet-bench admission`).
    public static func decodeUsingDecodable(_ document: JSONDocument) throws(DecodeError) -> AuditEventList {
        try KubernetesJSON.decode(AuditEventList.self, from: document)
    }

    struct Lossy: Decodable {
        var result: Result<AuditEvent, any Error>
        init(from decoder: any Decoder) {
            do { result = .success(try AuditEvent(from: decoder)) } catch { result = .failure(error) }
        }
    }
}

/// One audit event. `responseObject` is decoded as the kind `objectRef.resource` names.
public struct AuditEvent: Decodable, Sendable {
    public var level: String
    public var auditID: String
    /// `RequestReceived`, `ResponseStarted`, `ResponseComplete`, `Panic`.
    public var stage: String
    public var verb: String
    public var objectRef: ObjectReference?
    public var responseStatus: ResponseStatus?
    /// The stored object (create, update, patch), or for `deletecollection` the deleted ones.
    public var responseObject: [KubernetesObject]?
    public var stageTimestamp: String?

    public init(
        level: String = "RequestResponse", auditID: String, stage: String = "ResponseComplete", verb: String,
        objectRef: ObjectReference?, code: Int = 200, responseObject: [KubernetesObject]?
    ) {
        self.level = level
        self.auditID = auditID
        self.stage = stage
        self.verb = verb
        self.objectRef = objectRef
        self.responseStatus = ResponseStatus(code: code)
        self.responseObject = responseObject
    }

    enum CodingKeys: String, CodingKey {
        case level, auditID, stage, verb, objectRef, responseStatus, responseObject, stageTimestamp
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        level = try container.decodeIfPresent(String.self, forKey: .level) ?? ""
        auditID = try container.decode(String.self, forKey: .auditID)
        stage = try container.decode(String.self, forKey: .stage)
        verb = try container.decodeIfPresent(String.self, forKey: .verb) ?? ""
        objectRef = try container.decodeIfPresent(ObjectReference.self, forKey: .objectRef)
        responseStatus = try container.decodeIfPresent(ResponseStatus.self, forKey: .responseStatus)
        stageTimestamp = try container.decodeIfPresent(String.self, forKey: .stageTimestamp)
        responseObject = nil
        // Only bodies of kinds we translate, and only of successful writes, are worth decoding.
        guard let resource = objectRef?.resource, let kind = ObjectKind(resource: resource),
            objectRef?.subresource == nil || objectRef?.subresource == "status",
            container.contains(.responseObject), try !container.decodeNil(forKey: .responseObject)
        else { return }
        let body = try container.superDecoder(forKey: .responseObject)
        if verb == "deletecollection" {
            responseObject = try KubernetesJSON.ObjectList.decodeItems(of: kind, from: body)
        } else if verb == "delete" {
            // A delete answers with the object or with a Status; either way the key is in objectRef.
            responseObject = []
        } else {
            responseObject = [try KubernetesJSON.AnyObject.decode(kind, from: body)]
        }
    }

    /// Whether the apiserver stored the change (`responseStatus.code` 2xx).
    public var succeeded: Bool {
        guard let code = responseStatus?.code else { return false }
        return (200...299).contains(code)
    }
}

public struct ObjectReference: Codable, Sendable, Equatable {
    public var resource: String?
    public var namespace: String?
    public var name: String?
    public var uid: String?
    public var apiGroup: String?
    public var apiVersion: String?
    public var resourceVersion: String?
    public var subresource: String?

    public init(resource: String, namespace: String? = nil, name: String? = nil, resourceVersion: String? = nil) {
        self.resource = resource
        self.namespace = namespace
        self.name = name
        self.resourceVersion = resourceVersion
    }
}

public struct ResponseStatus: Codable, Sendable, Equatable {
    public var code: Int?
    public init(code: Int?) { self.code = code }
}

extension KubernetesJSON.ObjectList {
    /// Items of a List response (deletecollection); items may lack `kind`, so `kind` is given.
    static func decodeItems(of kind: ObjectKind, from decoder: any Decoder) throws -> [KubernetesObject] {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        guard container.contains(.items), try !container.decodeNil(forKey: .items) else { return [] }
        var list = try container.nestedUnkeyedContainer(forKey: .items)
        var items: [KubernetesObject] = []
        while !list.isAtEnd {
            items.append(try KubernetesJSON.AnyObject.decode(kind, from: list.superDecoder()))
        }
        return items
    }
}
