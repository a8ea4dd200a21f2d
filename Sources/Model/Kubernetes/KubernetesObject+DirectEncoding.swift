// What the synthesized `encode(to:)`s of the Kubernetes types write (members in declaration
// order, nil ones left out), written straight into bytes (`JSONDirectEncodable`): the Store keeps
// every object it ingests as JSON, and Foundation's `JSONEncoder` was a twelfth of the CPU of an
// audit batch. `DirectEncodingParityTests` reads both back to the same value and the same JSON.

extension KubernetesObject {
    /// The object's JSON as its type's `Encodable` conformance writes it; nil for `.other`.
    public var directlyEncoded: [UInt8]? {
        var json = JSONWriter(capacity: 1024)
        switch self {
        case .service(let object): object.write(into: &json)
        case .endpoints(let object): object.write(into: &json)
        case .endpointSlice(let object): object.write(into: &json)
        case .node(let object): object.write(into: &json)
        case .pod(let object): object.write(into: &json)
        case .other: return nil
        }
        return json.bytes
    }
}

extension ObjectMeta: JSONDirectEncodable {
    func write(into json: inout JSONWriter) {
        var members = JSONWriter.Members(&json)
        members.add("name", name, &json)
        members.add("namespace", namespace, &json)
        members.add("uid", uid, &json)
        members.add("resourceVersion", resourceVersion, &json)
        members.add("labels", labels, &json)
        members.add("annotations", annotations, &json)
        members.add("deletionTimestamp", deletionTimestamp, &json)
        members.end(&json)
    }
}

extension IntOrString: JSONDirectEncodable {
    func write(into json: inout JSONWriter) {
        switch self {
        case .int(let value): json.int(value)
        case .string(let value): json.string(value)
        }
    }
}

extension Service: JSONDirectEncodable {
    func write(into json: inout JSONWriter) {
        var members = JSONWriter.Members(&json)
        members.add("apiVersion", apiVersion, &json)
        members.add("kind", kind, &json)
        members.add("metadata", metadata, &json)
        members.add("spec", spec, &json)
        members.add("status", status, &json)
        members.end(&json)
    }
}

extension ServiceSpec: JSONDirectEncodable {
    func write(into json: inout JSONWriter) {
        var members = JSONWriter.Members(&json)
        members.add("type", type, &json)
        members.add("clusterIP", clusterIP, &json)
        members.add("clusterIPs", clusterIPs, &json)
        members.add("ipFamilies", ipFamilies, &json)
        members.add("ipFamilyPolicy", ipFamilyPolicy, &json)
        members.add("ports", ports, &json)
        members.add("selector", selector, &json)
        members.add("externalIPs", externalIPs, &json)
        members.add("loadBalancerIP", loadBalancerIP, &json)
        members.add("externalName", externalName, &json)
        members.add("sessionAffinity", sessionAffinity, &json)
        members.add("externalTrafficPolicy", externalTrafficPolicy, &json)
        members.add("internalTrafficPolicy", internalTrafficPolicy, &json)
        members.end(&json)
    }
}

extension ServicePort: JSONDirectEncodable {
    func write(into json: inout JSONWriter) {
        var members = JSONWriter.Members(&json)
        members.add("name", name, &json)
        members.add("protocol", `protocol`, &json)
        members.add("port", port, &json)
        members.add("targetPort", targetPort, &json)
        members.add("nodePort", nodePort, &json)
        members.end(&json)
    }
}

extension ServiceStatus: JSONDirectEncodable {
    func write(into json: inout JSONWriter) {
        var members = JSONWriter.Members(&json)
        members.add("loadBalancer", loadBalancer, &json)
        members.end(&json)
    }
}

extension LoadBalancerStatus: JSONDirectEncodable {
    func write(into json: inout JSONWriter) {
        var members = JSONWriter.Members(&json)
        members.add("ingress", ingress, &json)
        members.end(&json)
    }
}

extension LoadBalancerIngress: JSONDirectEncodable {
    func write(into json: inout JSONWriter) {
        var members = JSONWriter.Members(&json)
        members.add("ip", ip, &json)
        members.add("hostname", hostname, &json)
        members.end(&json)
    }
}

extension Endpoints: JSONDirectEncodable {
    func write(into json: inout JSONWriter) {
        var members = JSONWriter.Members(&json)
        members.add("apiVersion", apiVersion, &json)
        members.add("kind", kind, &json)
        members.add("metadata", metadata, &json)
        members.add("subsets", subsets, &json)
        members.end(&json)
    }
}

extension EndpointSubset: JSONDirectEncodable {
    func write(into json: inout JSONWriter) {
        var members = JSONWriter.Members(&json)
        members.add("addresses", addresses, &json)
        members.add("notReadyAddresses", notReadyAddresses, &json)
        members.add("ports", ports, &json)
        members.end(&json)
    }
}

extension EndpointAddress: JSONDirectEncodable {
    func write(into json: inout JSONWriter) {
        var members = JSONWriter.Members(&json)
        members.add("ip", ip, &json)
        members.add("hostname", hostname, &json)
        members.add("nodeName", nodeName, &json)
        members.end(&json)
    }
}

extension EndpointPort: JSONDirectEncodable {
    func write(into json: inout JSONWriter) {
        var members = JSONWriter.Members(&json)
        members.add("name", name, &json)
        members.add("port", port, &json)
        members.add("protocol", `protocol`, &json)
        members.end(&json)
    }
}

extension EndpointSlice: JSONDirectEncodable {
    func write(into json: inout JSONWriter) {
        var members = JSONWriter.Members(&json)
        members.add("apiVersion", apiVersion, &json)
        members.add("kind", kind, &json)
        members.add("metadata", metadata, &json)
        members.add("addressType", addressType, &json)
        members.add("endpoints", endpoints, &json)
        members.add("ports", ports, &json)
        members.end(&json)
    }
}

extension SliceEndpoint: JSONDirectEncodable {
    func write(into json: inout JSONWriter) {
        var members = JSONWriter.Members(&json)
        members.add("addresses", addresses, &json)
        members.add("conditions", conditions, &json)
        members.add("nodeName", nodeName, &json)
        members.add("hostname", hostname, &json)
        members.end(&json)
    }
}

extension EndpointConditions: JSONDirectEncodable {
    func write(into json: inout JSONWriter) {
        var members = JSONWriter.Members(&json)
        members.add("ready", ready, &json)
        members.add("serving", serving, &json)
        members.add("terminating", terminating, &json)
        members.end(&json)
    }
}

extension SlicePort: JSONDirectEncodable {
    func write(into json: inout JSONWriter) {
        var members = JSONWriter.Members(&json)
        members.add("name", name, &json)
        members.add("protocol", `protocol`, &json)
        members.add("port", port, &json)
        members.end(&json)
    }
}

extension Node: JSONDirectEncodable {
    func write(into json: inout JSONWriter) {
        var members = JSONWriter.Members(&json)
        members.add("apiVersion", apiVersion, &json)
        members.add("kind", kind, &json)
        members.add("metadata", metadata, &json)
        members.add("spec", spec, &json)
        members.add("status", status, &json)
        members.end(&json)
    }
}

extension NodeSpec: JSONDirectEncodable {
    func write(into json: inout JSONWriter) {
        var members = JSONWriter.Members(&json)
        members.add("podCIDR", podCIDR, &json)
        members.add("podCIDRs", podCIDRs, &json)
        members.end(&json)
    }
}

extension NodeStatus: JSONDirectEncodable {
    func write(into json: inout JSONWriter) {
        var members = JSONWriter.Members(&json)
        members.add("addresses", addresses, &json)
        members.end(&json)
    }
}

extension NodeAddress: JSONDirectEncodable {
    func write(into json: inout JSONWriter) {
        var members = JSONWriter.Members(&json)
        members.add("type", type, &json)
        members.add("address", address, &json)
        members.end(&json)
    }
}

extension Pod: JSONDirectEncodable {
    func write(into json: inout JSONWriter) {
        var members = JSONWriter.Members(&json)
        members.add("apiVersion", apiVersion, &json)
        members.add("kind", kind, &json)
        members.add("metadata", metadata, &json)
        members.add("spec", spec, &json)
        members.add("status", status, &json)
        members.end(&json)
    }
}

extension PodSpec: JSONDirectEncodable {
    func write(into json: inout JSONWriter) {
        var members = JSONWriter.Members(&json)
        members.add("nodeName", nodeName, &json)
        members.add("hostNetwork", hostNetwork, &json)
        members.end(&json)
    }
}

extension PodStatus: JSONDirectEncodable {
    func write(into json: inout JSONWriter) {
        var members = JSONWriter.Members(&json)
        members.add("phase", phase, &json)
        members.add("podIP", podIP, &json)
        members.end(&json)
    }
}
