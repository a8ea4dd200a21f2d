// What `Service+DirectDecoding.swift` reads for validation, streamed (`JSONStream`): the fast
// path of `AdmissionReview.decodeForValidation`. Every reader here reads the fields its
// node-tree counterpart reads with `forValidation`, as the same values (absent and null are nil,
// the same defaults, the last of repeated names wins), passes over the rest, and gives up
// (`JSONStream.Unread`) wherever its counterpart would fail or read something unusual.
//
// Each reader fills a local variable in place and returns it: passing a large value through an
// initializer copies it when done (the optimizer leaves a retain and a release of every string
// of the whole value at the end of an `init`), which cost a Service review 4,700 instructions.

extension Service {
    /// A Service as `init(json:)` reads it for validation: without labels and selector.
    static func streamed(_ stream: inout JSONStream) throws(JSONStream.Unread) -> Service {
        var service = Service(metadata: ObjectMeta(), spec: ServiceSpec())
        service.apiVersion = nil
        service.kind = nil
        var hasMetadata = false
        try stream.beginObject()
        var first = true
        while let name = try stream.nextMember(&first) {
            if try stream.header(name, of: &service, readingLabels: false, hasMetadata: &hasMetadata) { continue }
            if JSONStream.name(name, is: "spec") {
                service.spec = try stream.null() ? ServiceSpec() : try ServiceSpec.streamed(&stream)
            } else if JSONStream.name(name, is: "status") {
                service.status = try stream.null() ? nil : try ServiceStatus.streamed(&stream)
            } else {
                try stream.skipValue()
            }
        }
        guard hasMetadata else { throw JSONStream.Unread() }
        return service
    }
}

extension ServiceSpec {
    /// A Service's spec without its selector (no validation rule reads it).
    static func streamed(_ stream: inout JSONStream) throws(JSONStream.Unread) -> ServiceSpec {
        var spec = ServiceSpec()
        try stream.beginObject()
        var first = true
        while let name = try stream.nextMember(&first) {
            if JSONStream.name(name, is: "type") {
                spec.type = try stream.stringOrNull()
            } else if JSONStream.name(name, is: "clusterIP") {
                spec.clusterIP = try stream.stringOrNull()
            } else if JSONStream.name(name, is: "clusterIPs") {
                spec.clusterIPs = try stream.stringsOrNull()
            } else if JSONStream.name(name, is: "ipFamilies") {
                spec.ipFamilies = try stream.stringsOrNull()
            } else if JSONStream.name(name, is: "ipFamilyPolicy") {
                spec.ipFamilyPolicy = try stream.stringOrNull()
            } else if JSONStream.name(name, is: "ports") {
                spec.ports = try stream.arrayOrNull(of: ServicePort.streamed)
            } else if JSONStream.name(name, is: "externalIPs") {
                spec.externalIPs = try stream.stringsOrNull()
            } else if JSONStream.name(name, is: "loadBalancerIP") {
                spec.loadBalancerIP = try stream.stringOrNull()
            } else if JSONStream.name(name, is: "externalName") {
                spec.externalName = try stream.stringOrNull()
            } else if JSONStream.name(name, is: "sessionAffinity") {
                spec.sessionAffinity = try stream.stringOrNull()
            } else if JSONStream.name(name, is: "externalTrafficPolicy") {
                spec.externalTrafficPolicy = try stream.stringOrNull()
            } else if JSONStream.name(name, is: "internalTrafficPolicy") {
                spec.internalTrafficPolicy = try stream.stringOrNull()
            } else {
                try stream.skipValue()
            }
        }
        return spec
    }
}

extension ServicePort {
    static func streamed(_ stream: inout JSONStream) throws(JSONStream.Unread) -> ServicePort {
        var port = ServicePort(protocol: "TCP", port: 0)
        var hasPort = false
        try stream.beginObject()
        var first = true
        while let name = try stream.nextMember(&first) {
            if JSONStream.name(name, is: "name") {
                port.name = try stream.stringOrNull()
            } else if JSONStream.name(name, is: "protocol") {
                port.protocol = try stream.stringOrNull() ?? "TCP"
            } else if JSONStream.name(name, is: "port") {
                port.port = try stream.int()
                hasPort = true
            } else if JSONStream.name(name, is: "targetPort") {
                port.targetPort = try IntOrString.streamed(&stream)
            } else if JSONStream.name(name, is: "nodePort") {
                port.nodePort = try stream.intOrNull()
            } else {
                try stream.skipValue()
            }
        }
        guard hasPort else { throw JSONStream.Unread() }
        return port
    }
}

extension IntOrString {
    /// A plain integer or a string; nil for null.
    static func streamed(_ stream: inout JSONStream) throws(JSONStream.Unread) -> IntOrString? {
        switch try stream.peek() {
        case UInt8(ascii: "n"):
            _ = try stream.null()
            return nil
        case UInt8(ascii: "\""):
            return .string(try stream.string())
        default:
            return .int(try stream.int())
        }
    }
}

extension ServiceStatus {
    static func streamed(_ stream: inout JSONStream) throws(JSONStream.Unread) -> ServiceStatus {
        var status = ServiceStatus()
        try stream.beginObject()
        var first = true
        while let name = try stream.nextMember(&first) {
            if JSONStream.name(name, is: "loadBalancer") {
                status.loadBalancer = try stream.null() ? nil : try LoadBalancerStatus.streamed(&stream)
            } else {
                try stream.skipValue()
            }
        }
        return status
    }
}

extension LoadBalancerStatus {
    static func streamed(_ stream: inout JSONStream) throws(JSONStream.Unread) -> LoadBalancerStatus {
        var status = LoadBalancerStatus()
        try stream.beginObject()
        var first = true
        while let name = try stream.nextMember(&first) {
            if JSONStream.name(name, is: "ingress") {
                status.ingress = try stream.arrayOrNull(of: LoadBalancerIngress.streamed)
            } else {
                try stream.skipValue()
            }
        }
        return status
    }
}

extension LoadBalancerIngress {
    static func streamed(_ stream: inout JSONStream) throws(JSONStream.Unread) -> LoadBalancerIngress {
        var ingress = LoadBalancerIngress()
        try stream.beginObject()
        var first = true
        while let name = try stream.nextMember(&first) {
            if JSONStream.name(name, is: "ip") {
                ingress.ip = try stream.stringOrNull()
            } else if JSONStream.name(name, is: "hostname") {
                ingress.hostname = try stream.stringOrNull()
            } else {
                try stream.skipValue()
            }
        }
        return ingress
    }
}
