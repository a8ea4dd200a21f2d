// What `Endpoints+DirectDecoding.swift` reads for validation, streamed (see
// `Service+StreamDecoding.swift`).

extension Endpoints {
    static func streamed(_ stream: inout JSONStream) throws(JSONStream.Unread) -> Endpoints {
        var endpoints = Endpoints(metadata: ObjectMeta())
        endpoints.apiVersion = nil
        endpoints.kind = nil
        var hasMetadata = false
        try stream.beginObject()
        var first = true
        while let name = try stream.nextMember(&first) {
            if try stream.header(name, of: &endpoints, readingLabels: true, hasMetadata: &hasMetadata) { continue }
            if JSONStream.name(name, is: "subsets") {
                endpoints.subsets = try stream.arrayOrNull(of: EndpointSubset.streamed)
            } else {
                try stream.skipValue()
            }
        }
        guard hasMetadata else { throw JSONStream.Unread() }
        return endpoints
    }
}

extension EndpointSubset {
    static func streamed(_ stream: inout JSONStream) throws(JSONStream.Unread) -> EndpointSubset {
        var subset = EndpointSubset()
        try stream.beginObject()
        var first = true
        while let name = try stream.nextMember(&first) {
            if JSONStream.name(name, is: "addresses") {
                subset.addresses = try stream.arrayOrNull(of: EndpointAddress.streamed)
            } else if JSONStream.name(name, is: "notReadyAddresses") {
                subset.notReadyAddresses = try stream.arrayOrNull(of: EndpointAddress.streamed)
            } else if JSONStream.name(name, is: "ports") {
                subset.ports = try stream.arrayOrNull(of: EndpointPort.streamed)
            } else {
                try stream.skipValue()
            }
        }
        return subset
    }
}

extension EndpointAddress {
    static func streamed(_ stream: inout JSONStream) throws(JSONStream.Unread) -> EndpointAddress {
        var address = EndpointAddress(ip: "")
        var hasIP = false
        try stream.beginObject()
        var first = true
        while let name = try stream.nextMember(&first) {
            if JSONStream.name(name, is: "ip") {
                address.ip = try stream.string()
                hasIP = true
            } else if JSONStream.name(name, is: "hostname") {
                address.hostname = try stream.stringOrNull()
            } else if JSONStream.name(name, is: "nodeName") {
                address.nodeName = try stream.stringOrNull()
            } else {
                try stream.skipValue()
            }
        }
        guard hasIP else { throw JSONStream.Unread() }
        return address
    }
}

extension EndpointPort {
    static func streamed(_ stream: inout JSONStream) throws(JSONStream.Unread) -> EndpointPort {
        var port = EndpointPort(port: 0)
        var hasPort = false
        try stream.beginObject()
        var first = true
        while let name = try stream.nextMember(&first) {
            if JSONStream.name(name, is: "name") {
                port.name = try stream.stringOrNull()
            } else if JSONStream.name(name, is: "port") {
                port.port = try stream.int()
                hasPort = true
            } else if JSONStream.name(name, is: "protocol") {
                port.protocol = try stream.stringOrNull() ?? "TCP"
            } else {
                try stream.skipValue()
            }
        }
        guard hasPort else { throw JSONStream.Unread() }
        return port
    }
}
