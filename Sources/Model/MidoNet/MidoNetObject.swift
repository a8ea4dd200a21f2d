public import Foundation

/// One MidoNet object as the mapping wants it: where to POST it, with which media type, the
/// exact body, and what it references (so a plan creates referents first).
public struct MidoNetObject: Sendable, Hashable, Codable {
    public var kind: MidoNetKind
    /// The object's own ID; for a link the port it is posted on, for a binding the port, for a
    /// tunnel-zone membership the zone (the host is in `host`).
    public var id: UUID
    /// The parent in the REST path (chain of a rule, router of a route, bridge of a port, …).
    public var parentId: UUID?
    /// The collection path to POST to, relative to `/midonet-api`, e.g. `/chains/<id>/rules`.
    /// Contains `{hostId}` while `host` is an unresolved name.
    public var path: String
    /// The JSON MidoNet accepts for this object, as its canonical text.
    public var body: JSONBody
    /// The host of a binding or tunnel-zone membership.
    public var host: HostReference?
    /// IDs of other objects that must exist first (parent, jump target, filters, next hop, peer).
    public var references: [UUID]

    public init(kind: MidoNetKind, id: UUID, parentId: UUID?, path: String, body: JSONBody, host: HostReference? = nil, references: [UUID] = []) {
        self.kind = kind
        self.id = id
        self.parentId = parentId
        self.path = path
        self.body = body
        self.host = host
        self.references = references
    }

    public var mediaType: String { kind.mediaType }

    /// Identity within a translation and in MidoNet: two objects with the same key are the same
    /// MidoNet object (perhaps in different versions).
    public var key: String {
        if isKeyedByKindAndID { return Self.simpleKey(kind, id) }
        switch kind {
        case .macPort, .ip4Mac: return "\(kind.rawValue)/\(parentId?.lowerText ?? "")/\(entryName)"
        default: return "\(kind.rawValue)/\(id.lowerText)/\(host?.keyText ?? "")"
        }
    }

    /// Whether `key` is `Kind/uuid`: its kind and ID alone tell the object apart (all but
    /// bindings, tunnel-zone memberships and table entries).
    public var isKeyedByKindAndID: Bool {
        switch kind {
        case .tunnelZoneHost, .hostInterfacePort, .macPort, .ip4Mac: false
        default: true
        }
    }

    /// `Kind/uuid` built in one allocation (the plan and the store compute many keys).
    static func simpleKey(_ kind: MidoNetKind, _ id: UUID) -> String { id.lowerText(after: kind.rawValue, "/") }

    /// The object's own URI path (GET, PUT, DELETE), relative to `/midonet-api`.
    public var objectPath: String {
        let hostText = host.flatMap { if case .id(let id) = $0 { id.lowerText } else { nil } } ?? HostReference.placeholder
        switch kind {
        case .router: return "/routers/\(id.lowerText)"
        case .bridge: return "/bridges/\(id.lowerText)"
        case .port: return "/ports/\(id.lowerText)"
        case .portLink: return "/ports/\(id.lowerText)/link"
        case .route: return "/routes/\(id.lowerText)"
        case .chain: return "/chains/\(id.lowerText)"
        case .rule: return "/rules/\(id.lowerText)"
        case .tunnelZone: return "/tunnel_zones/\(id.lowerText)"
        case .tunnelZoneHost: return "/tunnel_zones/\(id.lowerText)/hosts/\(hostText)"
        case .hostInterfacePort: return "/hosts/\(hostText)/ports/\(id.lowerText)"
        case .macPort: return "/bridges/\(parentId?.lowerText ?? "")/mac_table/\(entryName)"
        case .ip4Mac: return "/bridges/\(parentId?.lowerText ?? "")/arp_table/\(entryName)"
        case .host: return "/hosts/\(id.lowerText)"
        }
    }

    /// `{mac}_{portId}` or `{ip}_{mac}` with dashes for colons, as MidoNet names table entries.
    var entryName: String {
        switch kind {
        case .macPort:
            let fields = body.value
            return "\((fields["macAddr"]?.stringValue ?? "").replacingOccurrences(of: ":", with: "-"))_\(fields["portId"]?.stringValue ?? "")"
        case .ip4Mac:
            let fields = body.value
            return "\(fields["ip"]?.stringValue ?? "")_\((fields["mac"]?.stringValue ?? "").replacingOccurrences(of: ":", with: "-"))"
        default:
            return id.lowerText
        }
    }

    /// This object with its host resolved to an ID: path, object path and body carry the UUID.
    public func resolvingHost(_ hostID: UUID) -> MidoNetObject {
        var copy = self
        copy.host = .id(hostID)
        copy.path = path.replacingOccurrences(of: HostReference.placeholder, with: hostID.lowerText)
        if kind == .tunnelZoneHost || kind == .hostInterfacePort, case .object(var fields) = body.value {
            fields["hostId"] = .string(hostID.lowerText)
            copy.body = JSONBody(.object(fields))
        }
        return copy
    }

    /// One line of `midonet-webhook translate` output (DESIGN.md "Interfaces").
    public var jsonLine: String {
        var fields: [String: JSONValue] = [
            "kind": .string(kind.rawValue), "id": .string(id.lowerText), "path": .string(path),
            "mediaType": .string(mediaType), "body": body.value,
        ]
        if let parentId { fields["parentId"] = .string(parentId.lowerText) }
        if case .named(let name)? = host { fields["host"] = ["name": .string(name)] }
        return JSONValue.object(fields).serialized
    }
}
