/// The MidoNet REST resources the mapping uses, with their media types (midonet-rest-api.md §2).
public enum MidoNetKind: String, Sendable, Hashable, Codable, CaseIterable {
    case tunnelZone = "TunnelZone"
    case router = "Router"
    case chain = "Chain"
    case bridge = "Bridge"
    case port = "Port"
    case portLink = "PortLink"
    case route = "Route"
    case rule = "Rule"
    case tunnelZoneHost = "TunnelZoneHost"
    case hostInterfacePort = "HostInterfacePort"
    case macPort = "MacPort"
    case ip4Mac = "IP4Mac"
    case host = "Host"

    static let vendor = "application/vnd.org.midonet."

    /// The versioned vendor type of one object (what the original Go client sent).
    public var mediaType: String {
        Self.vendor + versionedName
    }

    /// The type of a list of them (`collection.` inserted), where MidoNet serves lists.
    public var collectionMediaType: String {
        Self.vendor + "collection." + versionedName
    }

    var versionedName: String {
        switch self {
        case .tunnelZone: "TunnelZone-v1+json"
        case .router: "Router-v3+json"
        case .chain: "Chain-v1+json"
        case .bridge: "Bridge-v4+json"
        case .port: "Port-v3+json"
        case .portLink: "PortLink-v1+json"
        case .route: "Route-v1+json"
        case .rule: "Rule-v2+json"
        case .tunnelZoneHost: "TunnelZoneHost-v1+json"
        case .hostInterfacePort: "HostInterfacePort-v1+json"
        case .macPort: "MacPort-v2+json"
        case .ip4Mac: "IP4Mac-v1+json"
        case .host: "Host-v3+json"
        }
    }

    /// Whether MidoNet takes a PUT for it; the others (rules, routes, chains, …) are immutable,
    /// so a changed one is deleted and created again under a new key.
    public var isUpdatable: Bool {
        switch self {
        case .router, .bridge, .port, .tunnelZone: true
        default: false
        }
    }

    /// The protobuf class name MidoNet uses in its error messages (a bridge is a `Network`).
    public var storageClassName: String {
        self == .bridge ? "Network" : rawValue
    }
}

/// The MidoNet error entity media type.
public let midoNetErrorMediaType = "application/vnd.org.midonet.Error-v1+json"
