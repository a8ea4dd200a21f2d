/// The part of `metadata` the mapping uses. Unknown fields are ignored.
public struct ObjectMeta: Codable, Sendable, Equatable {
    /// Absent on a CREATE that uses `generateName`.
    public var name: String?
    /// Absent for cluster-scoped objects (Node).
    public var namespace: String?
    public var uid: String?
    public var resourceVersion: String?
    public var labels: [String: String]?
    public var annotations: [String: String]?
    public var deletionTimestamp: String?

    public init(
        name: String? = nil, namespace: String? = nil, uid: String? = nil, resourceVersion: String? = nil,
        labels: [String: String]? = nil, annotations: [String: String]? = nil
    ) {
        self.name = name
        self.namespace = namespace
        self.uid = uid
        self.resourceVersion = resourceVersion
        self.labels = labels
        self.annotations = annotations
    }

    /// `namespace/name`, or `name` for cluster-scoped objects.
    public var key: String {
        if let namespace, !namespace.isEmpty { return "\(namespace)/\(name ?? "")" }
        return name ?? ""
    }

    /// The value of annotation `name`, treating an empty string as absent.
    public func annotation(_ name: String) -> String? {
        guard let value = annotations?[name], !value.isEmpty else { return nil }
        return value
    }
}

/// Annotations shared with the original midonet-kubernetes controllers.
public enum Annotation {
    public static let hostID = "midonet.org/host-id"
    public static let tunnelZoneID = "midonet.org/tunnel-zone-id"
    public static let tunnelEndpointIP = "midonet.org/tunnel-endpoint-ip"
    public static let macAddress = "midonet.org/mac-address"
}
