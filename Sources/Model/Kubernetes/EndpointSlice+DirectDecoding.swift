// What the synthesized `init(from:)`s of EndpointSlice.swift read, read directly.

extension EndpointSlice: JSONDirectDecodable {
    init(json: JSONValueReader) throws(DecodeError) {
        let container = try json.object()
        apiVersion = try container.decodeIfPresent(String.self, forKey: "apiVersion")
        kind = try container.decodeIfPresent(String.self, forKey: "kind")
        metadata = try container.decode(ObjectMeta.self, forKey: "metadata")
        addressType = try container.decode(String.self, forKey: "addressType")
        endpoints = try container.decodeIfPresent([SliceEndpoint].self, forKey: "endpoints")
        ports = try container.decodeIfPresent([SlicePort].self, forKey: "ports")
    }
}

extension SliceEndpoint: JSONDirectDecodable {
    init(json: JSONValueReader) throws(DecodeError) {
        let container = try json.object()
        addresses = try container.decode([String].self, forKey: "addresses")
        conditions = try container.decodeIfPresent(EndpointConditions.self, forKey: "conditions")
        nodeName = try container.decodeIfPresent(String.self, forKey: "nodeName")
        hostname = try container.decodeIfPresent(String.self, forKey: "hostname")
    }
}

extension EndpointConditions: JSONDirectDecodable {
    init(json: JSONValueReader) throws(DecodeError) {
        let container = try json.object()
        ready = try container.decodeIfPresent(Bool.self, forKey: "ready")
        serving = try container.decodeIfPresent(Bool.self, forKey: "serving")
        terminating = try container.decodeIfPresent(Bool.self, forKey: "terminating")
    }
}

extension SlicePort: JSONDirectDecodable {
    init(json: JSONValueReader) throws(DecodeError) {
        let container = try json.object()
        name = try container.decodeIfPresent(String.self, forKey: "name")
        `protocol` = try container.decodeIfPresent(String.self, forKey: "protocol")
        port = try container.decodeIfPresent(Int.self, forKey: "port")
    }
}
