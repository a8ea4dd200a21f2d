// What `AdmissionReview+DirectDecoding.swift` reads for validation, streamed (`JSONStream`):
// the fast path of `AdmissionReview.decodeForValidation`. One pass over the bytes, checking them
// as the parser does, with no node tree and no member lookups (see `Service+StreamDecoding.swift`).

extension AdmissionReview {
    private init(apiVersion: String, kind: String, request: consuming AdmissionRequest?) {
        self.apiVersion = apiVersion
        self.kind = kind
        self.request = request
    }

    /// The review `data` holds, read for validation in one pass; nil when this reader gives up
    /// (anything invalid or unusual: see `JSONStream`), and the caller reads it through the node
    /// tree, which says what is wrong. Never a review `decodeForValidationFromDocument` would
    /// refuse or read differently.
    static func streamedForValidation(_ data: [UInt8]) -> AdmissionReview? {
        data.withUnsafeBufferPointer { bytes in
            var stream = JSONStream(bytes)
            do throws(JSONStream.Unread) {
                try stream.begin()
                let review = try streamed(&stream)
                try stream.end()
                return review
            } catch {
                return nil
            }
        }
    }

    private static func streamed(_ stream: inout JSONStream) throws(JSONStream.Unread) -> AdmissionReview {
        // Locals, the review built from them at the end: a review's optional request read and
        // checked in place was copied whole twice (a retain and a release per string each time).
        var apiVersion = "", kind = ""
        var request: AdmissionRequest?
        try stream.beginObject()
        var first = true
        while let name = try stream.nextMember(&first) {
            if JSONStream.name(name, is: "apiVersion") {
                apiVersion = try stream.string()
            } else if JSONStream.name(name, is: "kind") {
                kind = try stream.string()
            } else if JSONStream.name(name, is: "request") {
                request = try stream.null() ? nil : try AdmissionRequest.streamed(&stream)
            } else {
                try stream.skipValue()
            }
        }
        // The envelope and the request as `decode` checks them.
        // (`AdmissionRequest.streamed` checked the uid.)
        guard kind == "AdmissionReview", apiVersion == Self.v1 || apiVersion == Self.v1beta1 else { throw JSONStream.Unread() }
        if case .none = request { throw JSONStream.Unread() }
        return AdmissionReview(apiVersion: apiVersion, kind: kind, request: consume request)
    }
}

extension AdmissionRequest {
    /// The request. Its objects are read as `kind` and `operation` say: where they are, when
    /// both came before them (as kube-apiserver writes a review), else again from where they
    /// start once the request has been read.
    static func streamed(_ stream: inout JSONStream) throws(JSONStream.Unread) -> AdmissionRequest {
        var request = AdmissionRequest(uid: "", kind: GroupVersionKind(kind: ""), operation: "")
        var has = (uid: false, kind: false, operation: false)
        // Where the last `object` and `oldObject` start, and whether they were read already
        // with the kind and operation the request ends with.
        var objectStart: Int?
        var oldObjectStart: Int?
        var objectsCurrent = true

        /// The object at `stream` (or at `start`, read again), as far as the request says what it is.
        func object(at start: Int? = nil) throws(JSONStream.Unread) -> KubernetesObject? {
            guard has.kind, has.operation else {
                try stream.skipValue()
                objectsCurrent = false
                return nil
            }
            guard let start else { return try KubernetesObject.streamed(&stream, kind: request.kind.kind, operation: request.operation) }
            var again = stream.rewound(to: start)
            return try KubernetesObject.streamed(&again, kind: request.kind.kind, operation: request.operation)
        }

        try stream.beginObject()
        var first = true
        while let name = try stream.nextMember(&first) {
            if JSONStream.name(name, is: "uid") {
                request.uid = try stream.string()
                has.uid = true
            } else if JSONStream.name(name, is: "kind") {
                request.kind = try GroupVersionKind.streamed(&stream)
                has.kind = true
                objectsCurrent = objectStart == nil && oldObjectStart == nil
            } else if JSONStream.name(name, is: "subResource") {
                request.subResource = try stream.stringOrNull()
            } else if JSONStream.name(name, is: "name") {
                request.name = try stream.stringOrNull()
            } else if JSONStream.name(name, is: "namespace") {
                request.namespace = try stream.stringOrNull()
            } else if JSONStream.name(name, is: "operation") {
                request.operation = try stream.string()
                has.operation = true
                objectsCurrent = objectStart == nil && oldObjectStart == nil
            } else if JSONStream.name(name, is: "dryRun") {
                request.dryRun = try stream.boolOrNull() ?? false
            } else if JSONStream.name(name, is: "object") {
                objectStart = try stream.valueStart()
                request.object = try object()
            } else if JSONStream.name(name, is: "oldObject") {
                oldObjectStart = try stream.valueStart()
                request.oldObject = try object()
            } else {
                try stream.skipValue()
            }
        }
        // A request without a uid, or an empty one, is the node tree's to explain.
        guard has.uid, !request.uid.isEmpty, has.kind, has.operation else { throw JSONStream.Unread() }
        if !objectsCurrent {
            // Checked once already, as part of the request: read again as what they are.
            if let objectStart { request.object = try object(at: objectStart) }
            if let oldObjectStart { request.oldObject = try object(at: oldObjectStart) }
        }
        return request
    }
}

extension KubernetesObject {
    /// A request's object, as `decode(_:otherKind:json:)` reads it: nil for null, `.other` without
    /// reading it for a kind the Validator does not check (and for CONNECT's options).
    static func streamed(_ stream: inout JSONStream, kind: String, operation: String) throws(JSONStream.Unread) -> KubernetesObject? {
        if try stream.null() { return nil }
        switch operation == "CONNECT" ? nil : ObjectKind(kind: kind) {
        case .service: return .service(try Service.streamed(&stream))
        case .endpoints: return .endpoints(try Endpoints.streamed(&stream))
        case .endpointSlice: return .endpointSlice(try EndpointSlice.streamed(&stream))
        // Not sent to /validate by our configuration: the node tree reads them.
        case .node, .pod: throw JSONStream.Unread()
        case nil:
            try stream.skipValue()
            return .other(kind: kind)
        }
    }
}

extension GroupVersionKind {
    static func streamed(_ stream: inout JSONStream) throws(JSONStream.Unread) -> GroupVersionKind {
        var gvk = GroupVersionKind(group: "", version: "", kind: "")
        var hasKind = false
        try stream.beginObject()
        var first = true
        while let name = try stream.nextMember(&first) {
            if JSONStream.name(name, is: "group") {
                gvk.group = try stream.stringOrNull() ?? ""
            } else if JSONStream.name(name, is: "version") {
                gvk.version = try stream.stringOrNull() ?? ""
            } else if JSONStream.name(name, is: "kind") {
                gvk.kind = try stream.string()
                hasKind = true
            } else {
                try stream.skipValue()
            }
        }
        guard hasKind else { throw JSONStream.Unread() }
        return gvk
    }
}
