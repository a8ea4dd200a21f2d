// What the synthesized `init(from:)`s of Node.swift read, read directly.

extension Node: JSONDirectDecodable {
    init(json: JSONValueReader) throws(DecodeError) {
        let container = try json.object()
        apiVersion = try container.decodeIfPresent(String.self, forKey: "apiVersion")
        kind = try container.decodeIfPresent(String.self, forKey: "kind")
        metadata = try container.decode(ObjectMeta.self, forKey: "metadata")
        spec = try container.decodeIfPresent(NodeSpec.self, forKey: "spec")
        status = try container.decodeIfPresent(NodeStatus.self, forKey: "status")
    }
}

extension NodeSpec: JSONDirectDecodable {
    init(json: JSONValueReader) throws(DecodeError) {
        let container = try json.object()
        podCIDR = try container.decodeIfPresent(String.self, forKey: "podCIDR")
        podCIDRs = try container.decodeIfPresent([String].self, forKey: "podCIDRs")
    }
}

extension NodeStatus: JSONDirectDecodable {
    init(json: JSONValueReader) throws(DecodeError) {
        addresses = try json.object().decodeIfPresent([NodeAddress].self, forKey: "addresses")
    }
}

extension NodeAddress: JSONDirectDecodable {
    init(json: JSONValueReader) throws(DecodeError) {
        let container = try json.object()
        type = try container.decode(String.self, forKey: "type")
        address = try container.decode(String.self, forKey: "address")
    }
}
