// What the `init(from:)`s of Service.swift read (written or synthesized), read directly.

extension Service: JSONDirectDecodable {
    init(json: JSONValueReader) throws(DecodeError) {
        let container = try json.object()
        apiVersion = try container.decodeIfPresent(String.self, forKey: "apiVersion")
        kind = try container.decodeIfPresent(String.self, forKey: "kind")
        // For validation, a Service's labels are left out too (no rule reads them).
        metadata = try ObjectMeta(json: try container.required("metadata"), readingLabels: !json.forValidation)
        // A Service without spec is legal JSON from hand-written callers; treat as empty.
        spec = try container.decodeIfPresent(ServiceSpec.self, forKey: "spec") ?? ServiceSpec()
        status = try container.decodeIfPresent(ServiceStatus.self, forKey: "status")
    }
}

extension ServiceSpec: JSONDirectDecodable {
    init(json: JSONValueReader) throws(DecodeError) {
        let container = try json.object()
        type = try container.decodeIfPresent(String.self, forKey: "type")
        clusterIP = try container.decodeIfPresent(String.self, forKey: "clusterIP")
        clusterIPs = try container.decodeIfPresent([String].self, forKey: "clusterIPs")
        ipFamilies = try container.decodeIfPresent([String].self, forKey: "ipFamilies")
        ipFamilyPolicy = try container.decodeIfPresent(String.self, forKey: "ipFamilyPolicy")
        ports = try container.decodeIfPresent([ServicePort].self, forKey: "ports")
        // No validation rule reads the selector.
        selector = json.forValidation ? nil : try container.decodeIfPresent([String: String].self, forKey: "selector")
        externalIPs = try container.decodeIfPresent([String].self, forKey: "externalIPs")
        loadBalancerIP = try container.decodeIfPresent(String.self, forKey: "loadBalancerIP")
        externalName = try container.decodeIfPresent(String.self, forKey: "externalName")
        sessionAffinity = try container.decodeIfPresent(String.self, forKey: "sessionAffinity")
        externalTrafficPolicy = try container.decodeIfPresent(String.self, forKey: "externalTrafficPolicy")
        internalTrafficPolicy = try container.decodeIfPresent(String.self, forKey: "internalTrafficPolicy")
    }
}

extension ServicePort: JSONDirectDecodable {
    init(json: JSONValueReader) throws(DecodeError) {
        let container = try json.object()
        name = try container.decodeIfPresent(String.self, forKey: "name")
        `protocol` = try container.decodeIfPresent(String.self, forKey: "protocol") ?? "TCP"
        port = try container.decode(Int.self, forKey: "port")
        targetPort = try container.decodeIfPresent(IntOrString.self, forKey: "targetPort")
        nodePort = try container.decodeIfPresent(Int.self, forKey: "nodePort")
    }
}

extension ServiceStatus: JSONDirectDecodable {
    init(json: JSONValueReader) throws(DecodeError) {
        loadBalancer = try json.object().decodeIfPresent(LoadBalancerStatus.self, forKey: "loadBalancer")
    }
}

extension LoadBalancerStatus: JSONDirectDecodable {
    init(json: JSONValueReader) throws(DecodeError) {
        ingress = try json.object().decodeIfPresent([LoadBalancerIngress].self, forKey: "ingress")
    }
}

extension LoadBalancerIngress: JSONDirectDecodable {
    init(json: JSONValueReader) throws(DecodeError) {
        let container = try json.object()
        ip = try container.decodeIfPresent(String.self, forKey: "ip")
        hostname = try container.decodeIfPresent(String.self, forKey: "hostname")
    }
}
