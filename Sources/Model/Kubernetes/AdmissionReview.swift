import Foundation

/// `admission.k8s.io/v1` or `v1beta1` AdmissionReview as kube-apiserver sends it.
public struct AdmissionReview: Decodable, Sendable {
    public static let v1 = "admission.k8s.io/v1"
    public static let v1beta1 = "admission.k8s.io/v1beta1"

    public var apiVersion: String
    public var kind: String
    public var request: AdmissionRequest?

    public init(apiVersion: String = AdmissionReview.v1, request: AdmissionRequest) {
        self.apiVersion = apiVersion
        self.kind = "AdmissionReview"
        self.request = request
    }

    enum CodingKeys: String, CodingKey { case apiVersion, kind, request }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        apiVersion = try container.decode(String.self, forKey: .apiVersion)
        kind = try container.decode(String.self, forKey: .kind)
        // Check the envelope before the (large) request, so a wrong version is named as such.
        guard kind == "AdmissionReview" else {
            throw DecodingError.dataCorrupted(.init(codingPath: [CodingKeys.kind], debugDescription: "expected AdmissionReview, found \"\(kind)\""))
        }
        guard apiVersion == Self.v1 || apiVersion == Self.v1beta1 else {
            throw DecodingError.dataCorrupted(.init(
                codingPath: [CodingKeys.apiVersion], debugDescription: "expected \(Self.v1) or \(Self.v1beta1), found \"\(apiVersion)\""))
        }
        request = try container.decodeIfPresent(AdmissionRequest.self, forKey: .request)
    }

    /// Decodes a review, checking the envelope; errors name the JSON path (`request.object.spec.ports[1].port`).
    public static func decode(_ data: [UInt8]) throws(DecodeError) -> AdmissionReview {
        try decode(KubernetesJSON.parse(data))
    }

    /// Decodes a parsed review (directly: `init(json:)`), checking the envelope.
    public static func decode(_ document: JSONDocument) throws(DecodeError) -> AdmissionReview {
        try checked(document.decodeDirectly(AdmissionReview.self))
    }

    /// Decodes a review to be validated: as `decode(_:)`, but without what no validation rule
    /// reads, left nil: every object's annotations, a Service's labels and selector. Parsed
    /// still, and valid JSON still required; a wrong type there is no longer an error.
    ///
    /// Read in one pass (`streamedForValidation`) when the review is of the usual shape, else
    /// (and for every error) through the node tree (`decodeForValidationFromDocument`): the two
    /// give the same review (`AdmissionReviewStreamDecodingTests`).
    public static func decodeForValidation(_ data: [UInt8]) throws(DecodeError) -> AdmissionReview {
        if let review = streamedForValidation(data) { return review }
        return try decodeForValidationFromDocument(data)
    }

    /// `decodeForValidation` through `JSONDocument` and the direct decoders.
    static func decodeForValidationFromDocument(_ data: [UInt8]) throws(DecodeError) -> AdmissionReview {
        try checked(KubernetesJSON.parse(data).decodeDirectly(AdmissionReview.self, forValidation: true))
    }

    /// `review`, moved through: checking it and returning the same value copied it whole.
    private static func checked(_ review: consuming AdmissionReview) throws(DecodeError) -> AdmissionReview {
        try review.check()
        return review
    }

    /// `decode(_:)` through `init(from:)` and `JSONTreeDecoder`: the reference the direct decode is
    /// held to (parity tests) and measured against (`midonet-bench admission`).
    public static func decodeUsingDecodable(_ document: JSONDocument) throws(DecodeError) -> AdmissionReview {
        try checked(KubernetesJSON.decode(AdmissionReview.self, from: document))
    }

    /// Throws unless the review has a request with a uid. Checks in place: a method returning
    /// `self` copied the whole review (a retain and a release per string) on every request.
    private func check() throws(DecodeError) {
        guard let request else {
            throw DecodeError(path: "request", reason: "required field is missing")
        }
        guard !request.uid.isEmpty else { throw DecodeError(path: "request.uid", reason: "must not be empty") }
    }
}

public struct GroupVersionKind: Codable, Sendable, Equatable {
    public var group: String
    public var version: String
    public var kind: String

    public init(group: String = "", version: String = "v1", kind: String) {
        self.group = group
        self.version = version
        self.kind = kind
    }

    enum CodingKeys: String, CodingKey { case group, version, kind }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        group = try container.decodeIfPresent(String.self, forKey: .group) ?? ""
        version = try container.decodeIfPresent(String.self, forKey: .version) ?? ""
        kind = try container.decode(String.self, forKey: .kind)
    }
}

/// The `request` stanza. `object`/`oldObject` are decoded as the type `kind` names, so a
/// Service review costs one pass over the JSON.
public struct AdmissionRequest: Decodable, Sendable {
    public var uid: String
    public var kind: GroupVersionKind
    public var subResource: String?
    public var name: String?
    public var namespace: String?
    /// `CREATE`, `UPDATE`, `DELETE` or `CONNECT`.
    public var operation: String
    public var object: KubernetesObject?
    public var oldObject: KubernetesObject?
    public var dryRun: Bool

    public init(
        uid: String, kind: GroupVersionKind, name: String? = nil, namespace: String? = nil, operation: String,
        object: KubernetesObject? = nil, oldObject: KubernetesObject? = nil, dryRun: Bool = false
    ) {
        self.uid = uid
        self.kind = kind
        self.name = name
        self.namespace = namespace
        self.operation = operation
        self.object = object
        self.oldObject = oldObject
        self.dryRun = dryRun
    }

    enum CodingKeys: String, CodingKey {
        case uid, kind, subResource, name, namespace, operation, object, oldObject, dryRun
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        uid = try container.decode(String.self, forKey: .uid)
        kind = try container.decode(GroupVersionKind.self, forKey: .kind)
        subResource = try container.decodeIfPresent(String.self, forKey: .subResource)
        name = try container.decodeIfPresent(String.self, forKey: .name)
        namespace = try container.decodeIfPresent(String.self, forKey: .namespace)
        operation = try container.decode(String.self, forKey: .operation)
        dryRun = try container.decodeIfPresent(Bool.self, forKey: .dryRun) ?? false
        // CONNECT carries options objects, not the resource: don't try to read them as the kind.
        let objectKind = operation == "CONNECT" ? nil : ObjectKind(kind: kind.kind)
        object = try KubernetesObject.decode(objectKind, otherKind: kind.kind, from: container, forKey: .object)
        oldObject = try KubernetesObject.decode(objectKind, otherKind: kind.kind, from: container, forKey: .oldObject)
    }
}
