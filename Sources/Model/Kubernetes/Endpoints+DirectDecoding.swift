// What the `init(from:)`s of Endpoints.swift read (written or synthesized), read directly.

extension Endpoints: JSONDirectDecodable {
    init(json: JSONValueReader) throws(DecodeError) {
        let container = try json.object()
        apiVersion = try container.decodeIfPresent(String.self, forKey: "apiVersion")
        kind = try container.decodeIfPresent(String.self, forKey: "kind")
        metadata = try container.decode(ObjectMeta.self, forKey: "metadata")
        subsets = try container.decodeIfPresent([EndpointSubset].self, forKey: "subsets")
    }
}

extension EndpointSubset: JSONDirectDecodable {
    init(json: JSONValueReader) throws(DecodeError) {
        let container = try json.object()
        addresses = try container.decodeIfPresent([EndpointAddress].self, forKey: "addresses")
        notReadyAddresses = try container.decodeIfPresent([EndpointAddress].self, forKey: "notReadyAddresses")
        ports = try container.decodeIfPresent([EndpointPort].self, forKey: "ports")
    }
}

extension EndpointAddress: JSONDirectDecodable {
    init(json: JSONValueReader) throws(DecodeError) {
        let container = try json.object()
        ip = try container.decode(String.self, forKey: "ip")
        hostname = try container.decodeIfPresent(String.self, forKey: "hostname")
        nodeName = try container.decodeIfPresent(String.self, forKey: "nodeName")
    }
}

extension EndpointPort: JSONDirectDecodable {
    init(json: JSONValueReader) throws(DecodeError) {
        let container = try json.object()
        name = try container.decodeIfPresent(String.self, forKey: "name")
        port = try container.decode(Int.self, forKey: "port")
        `protocol` = try container.decodeIfPresent(String.self, forKey: "protocol") ?? "TCP"
    }
}
