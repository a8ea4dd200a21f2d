/// The unit of translation: what one Kubernetes change re-translates as a whole.
///
/// Endpoints and EndpointSlices translate per Service (`serviceEndpoints`), because one Service
/// may have many slices and a mirrored Endpoints object: the MidoNet rules are for the union.
public enum TranslationKey: Sendable, Hashable, Codable, CustomStringConvertible, Comparable {
    /// Tunnel zone, cluster router, the shared chains and their rules.
    case global
    case node(String)
    case pod(String)
    case service(String)
    case serviceEndpoints(String)

    public var description: String {
        switch self {
        case .global: "Global"
        case .node(let name): "Node/\(name)"
        case .pod(let key): "Pod/\(key)"
        case .service(let key): "Service/\(key)"
        case .serviceEndpoints(let key): "ServiceEndpoints/\(key)"
        }
    }

    /// Parses `description` back.
    public init?(_ text: String) {
        if text == "Global" { self = .global; return }
        guard let slash = text.firstIndex(of: "/") else { return nil }
        let rest = String(text[text.index(after: slash)...])
        switch text[..<slash] {
        case "Node": self = .node(rest)
        case "Pod": self = .pod(rest)
        case "Service": self = .service(rest)
        case "ServiceEndpoints": self = .serviceEndpoints(rest)
        default: return nil
        }
    }

    /// The first criterion of the order (then `description`).
    public var rank: Int {
        switch self {
        case .global: 0
        case .node: 1
        case .pod: 2
        case .service: 3
        case .serviceEndpoints: 4
        }
    }

    public static func < (lhs: TranslationKey, rhs: TranslationKey) -> Bool {
        (lhs.rank, lhs.description) < (rhs.rank, rhs.description)
    }
}

/// The MidoNet objects one translation unit wants.
public struct Translation: Sendable, Hashable, Codable {
    public var key: TranslationKey
    /// In creation order (parents first, rules of a chain in chain order).
    public var objects: [MidoNetObject]

    public init(key: TranslationKey, objects: [MidoNetObject]) {
        self.key = key
        self.objects = objects
    }
}
