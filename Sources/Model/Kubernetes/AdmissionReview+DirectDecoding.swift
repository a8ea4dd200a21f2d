// What `init(from:)` in AdmissionReview.swift reads, read directly (`JSONDirectDecodable`).

extension AdmissionReview: JSONDirectDecodable {
    init(json: JSONValueReader) throws(DecodeError) {
        let container = try json.object()
        apiVersion = try container.decode(String.self, forKey: "apiVersion")
        kind = try container.decode(String.self, forKey: "kind")
        // Check the envelope before the (large) request, so a wrong version is named as such.
        guard kind == "AdmissionReview" else { throw container.error(forKey: "kind", "expected AdmissionReview, found \"\(kind)\"") }
        guard apiVersion == Self.v1 || apiVersion == Self.v1beta1 else {
            throw container.error(forKey: "apiVersion", "expected \(Self.v1) or \(Self.v1beta1), found \"\(apiVersion)\"")
        }
        request = try container.decodeIfPresent(AdmissionRequest.self, forKey: "request")
    }
}

extension GroupVersionKind: JSONDirectDecodable {
    init(json: JSONValueReader) throws(DecodeError) {
        let container = try json.object()
        group = try container.decodeIfPresent(String.self, forKey: "group") ?? ""
        version = try container.decodeIfPresent(String.self, forKey: "version") ?? ""
        kind = try container.decode(String.self, forKey: "kind")
    }
}

extension AdmissionRequest: JSONDirectDecodable {
    init(json: JSONValueReader) throws(DecodeError) {
        let container = try json.object()
        uid = try container.decode(String.self, forKey: "uid")
        kind = try container.decode(GroupVersionKind.self, forKey: "kind")
        subResource = try container.decodeIfPresent(String.self, forKey: "subResource")
        name = try container.decodeIfPresent(String.self, forKey: "name")
        namespace = try container.decodeIfPresent(String.self, forKey: "namespace")
        operation = try container.decode(String.self, forKey: "operation")
        dryRun = try container.decodeIfPresent(Bool.self, forKey: "dryRun") ?? false
        // CONNECT carries options objects, not the resource: don't try to read them as the kind.
        let objectKind = operation == "CONNECT" ? nil : ObjectKind(kind: kind.kind)
        object = try KubernetesObject.decode(objectKind, otherKind: kind.kind, json: container.present("object"))
        oldObject = try KubernetesObject.decode(objectKind, otherKind: kind.kind, json: container.present("oldObject"))
    }
}
