// What `EndpointSlice+DirectDecoding.swift` reads for validation, streamed (see
// `Service+StreamDecoding.swift`).

extension EndpointSlice {
    static func streamed(_ stream: inout JSONStream) throws(JSONStream.Unread) -> EndpointSlice {
        var slice = EndpointSlice(metadata: ObjectMeta())
        slice.apiVersion = nil
        slice.kind = nil
        var hasMetadata = false
        var hasAddressType = false
        try stream.beginObject()
        var first = true
        while let name = try stream.nextMember(&first) {
            if try stream.header(name, of: &slice, readingLabels: true, hasMetadata: &hasMetadata) { continue }
            if JSONStream.name(name, is: "addressType") {
                slice.addressType = try stream.string()
                hasAddressType = true
            } else if JSONStream.name(name, is: "endpoints") {
                slice.endpoints = try stream.arrayOrNull(of: SliceEndpoint.streamed)
            } else if JSONStream.name(name, is: "ports") {
                slice.ports = try stream.arrayOrNull(of: SlicePort.streamed)
            } else {
                try stream.skipValue()
            }
        }
        guard hasMetadata, hasAddressType else { throw JSONStream.Unread() }
        return slice
    }
}

extension SliceEndpoint {
    static func streamed(_ stream: inout JSONStream) throws(JSONStream.Unread) -> SliceEndpoint {
        var endpoint = SliceEndpoint(addresses: [])
        var hasAddresses = false
        try stream.beginObject()
        var first = true
        while let name = try stream.nextMember(&first) {
            if JSONStream.name(name, is: "addresses") {
                endpoint.addresses = try stream.strings()
                hasAddresses = true
            } else if JSONStream.name(name, is: "conditions") {
                endpoint.conditions = try stream.null() ? nil : try EndpointConditions.streamed(&stream)
            } else if JSONStream.name(name, is: "nodeName") {
                endpoint.nodeName = try stream.stringOrNull()
            } else if JSONStream.name(name, is: "hostname") {
                endpoint.hostname = try stream.stringOrNull()
            } else {
                try stream.skipValue()
            }
        }
        guard hasAddresses else { throw JSONStream.Unread() }
        return endpoint
    }
}

extension EndpointConditions {
    static func streamed(_ stream: inout JSONStream) throws(JSONStream.Unread) -> EndpointConditions {
        var conditions = EndpointConditions()
        try stream.beginObject()
        var first = true
        while let name = try stream.nextMember(&first) {
            if JSONStream.name(name, is: "ready") {
                conditions.ready = try stream.boolOrNull()
            } else if JSONStream.name(name, is: "serving") {
                conditions.serving = try stream.boolOrNull()
            } else if JSONStream.name(name, is: "terminating") {
                conditions.terminating = try stream.boolOrNull()
            } else {
                try stream.skipValue()
            }
        }
        return conditions
    }
}

extension SlicePort {
    static func streamed(_ stream: inout JSONStream) throws(JSONStream.Unread) -> SlicePort {
        var port = SlicePort(protocol: nil)
        try stream.beginObject()
        var first = true
        while let name = try stream.nextMember(&first) {
            if JSONStream.name(name, is: "name") {
                port.name = try stream.stringOrNull()
            } else if JSONStream.name(name, is: "protocol") {
                port.protocol = try stream.stringOrNull()
            } else if JSONStream.name(name, is: "port") {
                port.port = try stream.intOrNull()
            } else {
                try stream.skipValue()
            }
        }
        return port
    }
}
