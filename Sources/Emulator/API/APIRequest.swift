import Foundation
import Model

/// A request inside the API: the path below `/midonet-api` split into segments, and the base URI
/// every link in the answer is built from.
struct APIRequest {
    var method: String
    var segments: [String]
    var query: String?
    var headers: EmulatorHeaders
    var body: [UInt8]
    /// `scheme://host/midonet-api`.
    var base: String

    /// The first value of query parameter `name`, percent-decoded.
    func queryItem(_ name: String) -> String? {
        guard let query else { return nil }
        for pair in query.split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            guard let key = parts.first, Self.decode(key) == name else { continue }
            return parts.count > 1 ? Self.decode(parts[1]) : ""
        }
        return nil
    }

    static func decode(_ text: Substring) -> String {
        String(text).replacingOccurrences(of: "+", with: " ").removingPercentEncoding ?? String(text)
    }

    /// Checks Accept and returns the media type to answer with.
    func accept(_ allowed: [String], style: NegotiationStyle = .generic) throws(APIError) -> String {
        try MediaTypeNegotiation.negotiateAccept(headers["Accept"], allowed: allowed, style: style).get()
    }

    /// Checks Content-Type.
    func requireContentType(_ allowed: [String], style: NegotiationStyle = .generic) throws(APIError) {
        if let error = MediaTypeNegotiation.checkContentType(headers["Content-Type"], allowed: allowed, style: style) {
            throw error
        }
    }

    /// Parses a UUID path parameter; one that does not parse matches no resource → 404, empty body.
    static func pathID(_ text: String) throws(APIError) -> UUID {
        guard let id = UUID.parse(text) else { throw APIError.notFound }
        return id
    }
}

/// Success answers (midonet-rest-api.md §3).
enum Reply {
    /// 200 with a JSON body in the negotiated media type.
    static func ok(_ body: JSONValue, _ mediaType: String) -> EmulatorResponse {
        EmulatorResponse(status: 200, headers: ["Content-Type": mediaType], body: JSONBytes.write(body))
    }

    /// 200 with a JSON array.
    static func list(_ items: [JSONValue], _ mediaType: String) -> EmulatorResponse {
        ok(.array(items), mediaType)
    }

    /// 201 with `Location` and no body.
    static func created(_ location: String?) -> EmulatorResponse {
        var headers: EmulatorHeaders = [:]
        if let location { headers.add("Location", location) }
        return EmulatorResponse(status: 201, headers: headers)
    }

    static let noContent = EmulatorResponse(status: 204)
    static let okEmpty = EmulatorResponse(status: 200)
}

/// Absolute URIs of resources (MidoNet answers with links built from the request's base URI).
struct Links {
    let base: String

    func router(_ id: UUID) -> String { "\(base)/routers/\(id.text)" }
    func bridge(_ id: UUID) -> String { "\(base)/bridges/\(id.text)" }
    func port(_ id: UUID) -> String { "\(base)/ports/\(id.text)" }
    func route(_ id: UUID) -> String { "\(base)/routes/\(id.text)" }
    func chain(_ id: UUID) -> String { "\(base)/chains/\(id.text)" }
    func rule(_ id: UUID) -> String { "\(base)/rules/\(id.text)" }
    func tunnelZone(_ id: UUID) -> String { "\(base)/tunnel_zones/\(id.text)" }
    func host(_ id: UUID) -> String { "\(base)/hosts/\(id.text)" }
    func tunnelZoneHost(zone: UUID, host: UUID) -> String { "\(tunnelZone(zone))/hosts/\(host.text)" }
    func hostInterfacePort(host: UUID, port: UUID) -> String { "\(self.host(host))/ports/\(port.text)" }

    /// A link JSON value, `null` when there is no id.
    func link(_ id: UUID?, _ make: (UUID) -> String) -> JSONValue {
        id.map { .string(make($0)) } ?? .null
    }
}

extension Optional where Wrapped == UUID {
    /// The id as JSON, `null` when absent.
    var json: JSONValue { self.map { .string($0.text) } ?? .null }
}

extension Optional where Wrapped == String {
    var json: JSONValue { self.map(JSONValue.string) ?? .null }
}

extension UUID {
    var json: JSONValue { .string(lowerText) }
}
