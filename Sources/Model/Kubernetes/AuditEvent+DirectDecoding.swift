// What the `init(from:)`s of AuditEvent.swift read (written or synthesized), read directly.

extension AuditEventList: JSONDirectDecodable {
    init(json: JSONValueReader) throws(DecodeError) {
        let container = try json.object()
        apiVersion = try container.decodeIfPresent(String.self, forKey: "apiVersion")
        kind = try container.decodeIfPresent(String.self, forKey: "kind")
        // The envelope first, so that another kind of document is named as such.
        if let kind, kind != "EventList" {
            throw container.error(forKey: "kind", "expected EventList, found \"\(kind)\"")
        }
        if let apiVersion, apiVersion != "audit.k8s.io/v1" {
            throw container.error(forKey: "apiVersion", "expected audit.k8s.io/v1, found \"\(apiVersion)\"")
        }
        let list = try container.required("items").array()
        var items: [Result<AuditEvent, DecodeError>] = []
        items.reserveCapacity(list.count)
        for item in list {
            // A bad item is skipped, not fatal; its error's path starts at `items[i]`.
            do throws(DecodeError) {
                items.append(.success(try AuditEvent(json: item)))
            } catch {
                items.append(.failure(error))
            }
        }
        self.items = items
    }
}

extension AuditEvent: JSONDirectDecodable {
    init(json: JSONValueReader) throws(DecodeError) {
        let container = try json.object()
        level = try container.decodeIfPresent(String.self, forKey: "level") ?? ""
        auditID = try container.decode(String.self, forKey: "auditID")
        stage = try container.decode(String.self, forKey: "stage")
        verb = try container.decodeIfPresent(String.self, forKey: "verb") ?? ""
        objectRef = try container.decodeIfPresent(ObjectReference.self, forKey: "objectRef")
        responseStatus = try container.decodeIfPresent(ResponseStatus.self, forKey: "responseStatus")
        stageTimestamp = try container.decodeIfPresent(String.self, forKey: "stageTimestamp")
        responseObject = nil
        // Only bodies of kinds we translate, and only of successful writes, are worth decoding.
        guard let resource = objectRef?.resource, let kind = ObjectKind(resource: resource),
            objectRef?.subresource == nil || objectRef?.subresource == "status",
            let body = container.present("responseObject")
        else { return }
        if verb == "deletecollection" {
            responseObject = try KubernetesJSON.ObjectList.decodeItems(of: kind, json: body)
        } else if verb == "delete" {
            // A delete answers with the object or with a Status; either way the key is in objectRef.
            responseObject = []
        } else {
            responseObject = [try KubernetesJSON.AnyObject.decode(kind, json: body)]
        }
    }
}

extension ObjectReference: JSONDirectDecodable {
    init(json: JSONValueReader) throws(DecodeError) {
        let container = try json.object()
        resource = try container.decodeIfPresent(String.self, forKey: "resource")
        namespace = try container.decodeIfPresent(String.self, forKey: "namespace")
        name = try container.decodeIfPresent(String.self, forKey: "name")
        uid = try container.decodeIfPresent(String.self, forKey: "uid")
        apiGroup = try container.decodeIfPresent(String.self, forKey: "apiGroup")
        apiVersion = try container.decodeIfPresent(String.self, forKey: "apiVersion")
        resourceVersion = try container.decodeIfPresent(String.self, forKey: "resourceVersion")
        subresource = try container.decodeIfPresent(String.self, forKey: "subresource")
    }
}

extension ResponseStatus: JSONDirectDecodable {
    init(json: JSONValueReader) throws(DecodeError) {
        code = try json.object().decodeIfPresent(Int.self, forKey: "code")
    }
}

extension KubernetesJSON.ObjectList {
    /// Items of a List response (deletecollection); items may lack `kind`, so `kind` is given.
    static func decodeItems(of kind: ObjectKind, json: JSONValueReader) throws(DecodeError) -> [KubernetesObject] {
        guard let list = try json.object().present("items") else { return [] }
        var items: [KubernetesObject] = []
        for item in try list.array() { items.append(try KubernetesJSON.AnyObject.decode(kind, json: item)) }
        return items
    }
}
