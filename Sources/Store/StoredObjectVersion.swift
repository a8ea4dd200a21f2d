/// Which state of a Kubernetes object the store holds (`Store.liveObjectVersions(of:)`).
public struct StoredObjectVersion: Sendable, Equatable {
    /// `namespace/name`, or `name` for a cluster-scoped object.
    public var key: String
    public var uid: String?
    public var resourceVersion: String?

    public init(key: String, uid: String?, resourceVersion: String?) {
        self.key = key
        self.uid = uid
        self.resourceVersion = resourceVersion
    }

    /// The namespace and name the key holds.
    public var namespaceAndName: (namespace: String?, name: String) {
        guard let slash = key.firstIndex(of: "/") else { return (nil, key) }
        return (String(key[..<slash]), String(key[key.index(after: slash)...]))
    }
}
