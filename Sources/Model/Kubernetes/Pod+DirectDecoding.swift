// What the synthesized `init(from:)`s of Pod.swift read, read directly.

extension Pod: JSONDirectDecodable {
    init(json: JSONValueReader) throws(DecodeError) {
        let container = try json.object()
        apiVersion = try container.decodeIfPresent(String.self, forKey: "apiVersion")
        kind = try container.decodeIfPresent(String.self, forKey: "kind")
        metadata = try container.decode(ObjectMeta.self, forKey: "metadata")
        spec = try container.decodeIfPresent(PodSpec.self, forKey: "spec")
        status = try container.decodeIfPresent(PodStatus.self, forKey: "status")
    }
}

extension PodSpec: JSONDirectDecodable {
    init(json: JSONValueReader) throws(DecodeError) {
        let container = try json.object()
        nodeName = try container.decodeIfPresent(String.self, forKey: "nodeName")
        hostNetwork = try container.decodeIfPresent(Bool.self, forKey: "hostNetwork")
    }
}

extension PodStatus: JSONDirectDecodable {
    init(json: JSONValueReader) throws(DecodeError) {
        let container = try json.object()
        phase = try container.decodeIfPresent(String.self, forKey: "phase")
        podIP = try container.decodeIfPresent(String.self, forKey: "podIP")
    }
}
