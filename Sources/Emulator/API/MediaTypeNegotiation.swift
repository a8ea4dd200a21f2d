import Foundation
import Model

/// A parsed media type: `type/subtype`, lower-cased, parameters dropped (MidoNet ignores them).
struct MediaType: Sendable, Equatable {
    var type: String
    var subtype: String

    /// Parses one media type; nil for anything that is not `token/token` (empty, a list, garbage).
    /// Byte-level: it runs on every request.
    init?(_ text: String) {
        var type: [UInt8] = [], subtype: [UInt8] = []
        var sawSlash = false, ended = false
        for var byte in text.utf8 {
            if byte == UInt8(ascii: ";") { break }
            if byte == 0x20 || byte == 0x09 {
                // Spaces may surround the essence, not split it.
                if !type.isEmpty { ended = true }
                continue
            }
            if ended || byte == UInt8(ascii: ",") { return nil }
            if byte == UInt8(ascii: "/") {
                if sawSlash { return nil }
                sawSlash = true
                continue
            }
            if byte >= 0x41 && byte <= 0x5A { byte |= 0x20 }
            if sawSlash { subtype.append(byte) } else { type.append(byte) }
        }
        guard sawSlash, !type.isEmpty, !subtype.isEmpty else { return nil }
        self.type = String(decoding: type, as: UTF8.self)
        self.subtype = String(decoding: subtype, as: UTF8.self)
    }

    /// Compatible as JAX-RS defines it: equal, or a wildcard on either side.
    func isCompatible(with other: MediaType) -> Bool {
        (type == "*" || other.type == "*" || type == other.type)
            && (subtype == "*" || other.subtype == "*" || subtype == other.subtype)
    }

}

/// Which negotiation a handler gets (midonet-rest-api.md §2).
enum NegotiationStyle: Sendable {
    /// MidoNet's generic CRUD handlers (`@AllowGet`/`@AllowCreate`…): exactly one media type in the
    /// header, and a mismatch is 406 for Accept and Content-Type alike; a missing Accept is 406.
    case generic
    /// Handlers with JAX-RS `@Consumes`/`@Produces` (links, tunnel-zone hosts, bindings, MAC/ARP
    /// tables): Jersey's rules — a wrong Content-Type is 415, a missing Accept means `*/*`, and
    /// Accept may list several types.
    case jersey
}

/// Content negotiation: pure functions of a header and the types a handler allows.
enum MediaTypeNegotiation {
    static let json = "application/json"

    /// The media type to answer with for `accept`, or the error (406).
    /// A wildcard picks the first allowed type (Jersey's choice for `*/*`).
    static func negotiateAccept(_ accept: String?, allowed: [String], style: NegotiationStyle) -> Result<String, APIError> {
        let offered: [String]
        switch style {
        case .generic:
            guard let accept else { return .failure(.notAcceptable) }
            offered = [accept]
        case .jersey:
            offered = (accept ?? "*/*").split(separator: ",").map(String.init)
        }
        for text in offered {
            guard let wanted = MediaType(text) else {
                if style == .generic { return .failure(.notAcceptable) }
                continue
            }
            if let match = allowed.first(where: { MediaType($0).map(wanted.isCompatible) ?? false }) {
                return .success(match)
            }
        }
        return .failure(.notAcceptable)
    }

    /// Checks a request body's `contentType`: missing → 415 (no reader is selected); a mismatch →
    /// 406 for generic handlers (MidoNet's own check) and 415 for Jersey ones.
    static func checkContentType(_ contentType: String?, allowed: [String], style: NegotiationStyle) -> APIError? {
        guard let contentType else { return .unsupportedMediaType }
        let mismatch: APIError = style == .generic ? .notAcceptable : .unsupportedMediaType
        guard let given = MediaType(contentType) else { return mismatch }
        let ok = allowed.contains { MediaType($0).map(given.isCompatible) ?? false }
        return ok ? nil : mismatch
    }
}

/// The media types each operation allows (midonet-rest-api.md §2), built from `MidoNetKind` where
/// the Model names them; versions the Model does not use (Bridge-v5, Port-v4, …) are added here.
enum AllowedTypes {
    static let vendor = "application/vnd.org.midonet."
    static let json = MediaTypeNegotiation.json

    static let application = [vendor + "Application-v5+json", json]

    static func single(_ kind: MidoNetKind, extra: [String] = []) -> [String] {
        [kind.mediaType] + extra.map { vendor + $0 } + [json]
    }

    static func collection(_ kind: MidoNetKind, extra: [String] = []) -> [String] {
        [kind.collectionMediaType] + extra.map { vendor + "collection." + $0 } + [json]
    }

    static let router = single(.router)
    static let routers = collection(.router)
    static let bridge = single(.bridge, extra: ["Bridge-v5+json"])
    static let bridges = collection(.bridge, extra: ["Bridge-v5+json"])
    static let port = single(.port, extra: ["Port-v4+json"])
    static let ports = collection(.port, extra: ["Port-v4+json"])
    static let portLink = single(.portLink)
    static let route = single(.route)
    static let routes = collection(.route)
    static let chain = single(.chain)
    static let chains = collection(.chain)
    static let rule = single(.rule)
    static let rules = collection(.rule)
    static let tunnelZone = single(.tunnelZone)
    static let tunnelZones = collection(.tunnelZone)
    static let host = single(.host)
    static let hosts = collection(.host)

    /// Tunnel-zone hosts neither consume nor produce plain JSON.
    static let tunnelZoneHost = [MidoNetKind.tunnelZoneHost.mediaType, vendor + "GreTunnelZoneHost-v1+json"]
    static let tunnelZoneHosts = [MidoNetKind.tunnelZoneHost.collectionMediaType, vendor + "collection.GreTunnelZoneHost-v1+json"]

    static let hostInterfacePort = single(.hostInterfacePort)
    /// The binding list does not produce plain JSON.
    static let hostInterfacePorts = [MidoNetKind.hostInterfacePort.collectionMediaType]

    static let macPort = single(.macPort)
    static let macPorts = collection(.macPort)

    /// The ARP-table POST consumes only its vendor type.
    static let ip4MacCreate = [MidoNetKind.ip4Mac.mediaType]
    static let ip4Mac = single(.ip4Mac)
    static let ip4Macs = collection(.ip4Mac)
}
