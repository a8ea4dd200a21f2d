import Foundation

/// The `response` stanza of an AdmissionReview, built like controller-runtime's helpers:
/// `.allowed`, `.denied(_:)`, `.errored(status:message:)`, then `.withWarnings(_:)`.
/// The request uid is not set here: `encodedReview(apiVersion:uid:)` is the one place that copies it.
public struct AdmissionResponse: Sendable, Equatable, Encodable {
    /// A `metav1.Status` as kube-apiserver reads it from a denial.
    public struct Status: Sendable, Equatable, Encodable {
        /// HTTP-style code; kube-apiserver turns anything below 400 into 400.
        public var code: Int
        /// What the user sees after `admission webhook "<name>" denied the request: `.
        public var message: String
        /// `metav1.StatusReason` (`Forbidden`, `BadRequest`, …); omitted when nil.
        public var reason: String?
        /// Always `Failure`: only denials carry a status.
        public var status: String = "Failure"

        /// A failure status.
        public init(code: Int, message: String, reason: String?) {
            self.code = code
            self.message = message
            self.reason = reason
        }
    }

    /// Empty until `encodedReview(apiVersion:uid:)` copies the request's in.
    public private(set) var uid: String = ""
    /// Whether kube-apiserver may go on with the request.
    public var allowed: Bool
    /// Only on denials (kube-apiserver ignores it when `allowed` is true).
    public var status: Status?
    /// Texts for `Warning: 299` headers; nil when there are none (the field is then left out).
    public var warnings: [String]?

    /// Allowed, nothing to say.
    public static let allowed = AdmissionResponse(allowed: true, status: nil, warnings: nil)

    /// Denied by policy: `status.code` 403, reason `Forbidden`; `message` is what the user sees after
    /// `admission webhook "<name>" denied the request: `.
    public static func denied(_ message: String) -> AdmissionResponse {
        AdmissionResponse(allowed: false, status: Status(code: 403, message: message, reason: "Forbidden"), warnings: nil)
    }

    /// Denied because the webhook could not judge (an unreadable review: 400; a fault of ours: 500).
    public static func errored(status code: Int, message: String) -> AdmissionResponse {
        let reason: String? =
            switch code {
            case 400: "BadRequest"
            case 403: "Forbidden"
            case 422: "Invalid"
            case 500: "InternalError"
            default: nil
            }
        return AdmissionResponse(allowed: false, status: Status(code: code, message: message, reason: reason), warnings: nil)
    }

    /// The same response with warnings added, each made safe with `sanitizedWarning(_:)`;
    /// empty and repeated texts are left out.
    public func withWarnings(_ texts: [String]) -> AdmissionResponse {
        var copy = self
        var list = warnings ?? []
        for text in texts {
            let clean = Self.sanitizedWarning(text)
            if !clean.isEmpty && !list.contains(clean) { list.append(clean) }
        }
        copy.warnings = list.isEmpty ? nil : list
        return copy
    }

    /// Longest warning kept whole, in Unicode scalars (runes): kube-apiserver asks for about 120.
    public static let warningLimit = 119

    /// `text` without control characters (kube-apiserver silently drops a warning that has any),
    /// cut to `warningLimit` scalars with a trailing `…` when longer.
    public static func sanitizedWarning(_ text: String) -> String {
        var scalars = String.UnicodeScalarView()
        for scalar in text.unicodeScalars where !scalar.properties.generalCategory.isControl {
            scalars.append(scalar)
        }
        if scalars.count > warningLimit {
            scalars = String.UnicodeScalarView(scalars.prefix(warningLimit - 1))
            scalars.append("…")
        }
        return String(scalars)
    }

    /// The whole AdmissionReview answer, in the version the request came in (v1 when that version is
    /// not one we know), with `response.uid` = `uid`. The one place a uid is copied onto a response.
    public func encodedReview(apiVersion: String, uid: String) -> [UInt8] {
        var response = self
        response.uid = uid
        let version = apiVersion == AdmissionReview.v1beta1 ? AdmissionReview.v1beta1 : AdmissionReview.v1
        // What JSONEncoder writes for `Envelope` with `.sortedKeys` and `.withoutEscapingSlashes`
        // (nil optionals left out), written directly: tests pin the two byte for byte.
        var out = JSONWriter(capacity: 160 + (status?.message.utf8.count ?? 0))
        out.raw(#"{"apiVersion":"#)
        out.string(version)
        out.raw(#","kind":"AdmissionReview","response":{"allowed":"#)
        out.bool(response.allowed)
        if let status = response.status {
            out.raw(#","status":{"code":"#)
            out.int(status.code)
            out.raw(#","message":"#)
            out.string(status.message)
            if let reason = status.reason {
                out.raw(#","reason":"#)
                out.string(reason)
            }
            out.raw(#","status":"#)
            out.string(status.status)
            out.raw("}")
        }
        out.raw(#","uid":"#)
        out.string(response.uid)
        if let warnings = response.warnings {
            out.raw(#","warnings":["#)
            for (i, warning) in warnings.enumerated() {
                if i > 0 { out.raw(",") }
                out.string(warning)
            }
            out.raw("]")
        }
        out.raw("}}")
        return out.bytes
    }

    /// The same bytes through Foundation's `JSONEncoder` (what `encodedReview` reproduces; for tests).
    func foundationEncodedReview(apiVersion: String, uid: String) -> [UInt8] {
        var response = self
        response.uid = uid
        let version = apiVersion == AdmissionReview.v1beta1 ? AdmissionReview.v1beta1 : AdmissionReview.v1
        let envelope = Envelope(apiVersion: version, kind: "AdmissionReview", response: response)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        // Every field is a String, Bool, Int or array of String: encoding cannot fail.
        return Array((try? encoder.encode(envelope)) ?? Data())
    }

    /// The answer to `review` (its apiVersion and request uid).
    public func encodedReview(answering review: AdmissionReview) -> [UInt8] {
        encodedReview(apiVersion: review.apiVersion, uid: review.request?.uid ?? "")
    }

    private struct Envelope: Encodable {
        var apiVersion: String
        var kind: String
        var response: AdmissionResponse
    }

    enum CodingKeys: String, CodingKey { case uid, allowed, status, warnings }
}

extension Unicode.GeneralCategory {
    /// `Cc`: what Go's `unicode.IsControl` matches, hence what kube-apiserver rejects in warnings.
    var isControl: Bool { self == .control }
}

/// The two fields of a review needed to answer it at all, read even when the rest is unreadable,
/// so that an `errored` answer still carries the request's uid and version.
public struct AdmissionReviewHeader: Sendable, Equatable, Decodable {
    /// `admission.k8s.io/v1` or `v1beta1` (v1 when absent).
    public var apiVersion: String
    /// `request.uid`.
    public var uid: String

    /// A header with these fields.
    public init(apiVersion: String, uid: String) {
        self.apiVersion = apiVersion
        self.uid = uid
    }

    /// The header of `data`, or nil when not even that can be read.
    public static func read(_ data: [UInt8]) -> AdmissionReviewHeader? {
        guard let document = try? JSONDocument(parsing: data) else { return nil }
        return try? document.decodeDirectly(AdmissionReviewHeader.self)
    }

    /// `read(_:)` through `init(from:)` and `JSONTreeDecoder` (the parity tests' reference).
    static func readUsingDecodable(_ data: [UInt8]) -> AdmissionReviewHeader? {
        try? JSONTreeDecoder().decode(AdmissionReviewHeader.self, from: data)
    }

    enum CodingKeys: String, CodingKey { case apiVersion, request }
    enum RequestKeys: String, CodingKey { case uid }

    /// Reads `apiVersion` and `request.uid`, nothing else.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        apiVersion = try container.decodeIfPresent(String.self, forKey: .apiVersion) ?? AdmissionReview.v1
        let request = try container.nestedContainer(keyedBy: RequestKeys.self, forKey: .request)
        uid = try request.decode(String.self, forKey: .uid)
    }
}
