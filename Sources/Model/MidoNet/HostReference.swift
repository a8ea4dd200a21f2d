public import Foundation

/// The MidoNet host (agent) an object is bound to: known by ID (the Node's `midonet.org/host-id`
/// annotation) or only by name (the MidoNet host whose name equals the Node's), which the applier
/// resolves by listing MidoNet's hosts.
public enum HostReference: Sendable, Hashable, Codable, CustomStringConvertible {
    case id(UUID)
    case named(String)

    public var description: String {
        switch self {
        case .id(let id): id.uuidString.lowercased()
        case .named(let name): "host named \"\(name)\""
        }
    }

    /// Stable text for keys: the lower-case UUID or `name:N`.
    public var keyText: String {
        switch self {
        case .id(let id): id.uuidString.lowercased()
        case .named(let name): "name:\(name)"
        }
    }

    /// Placeholder in paths and bodies until the host is resolved.
    public static let placeholder = "{hostId}"
}
