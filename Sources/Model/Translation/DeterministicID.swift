public import Foundation

/// The ID scheme of the original midonet-kubernetes controllers (translation version "3"),
/// reproduced exactly so that a deployment of them is taken over without re-creating objects.
public enum DeterministicID {
    /// The translation version baked into every key.
    public static let translationVersion = "3"
    /// Namespace of `idForKey`.
    public static let kubernetesSpace = UUID(uuidString: "CAC60164-F74C-404A-AB39-3C1320124A17") ?? UUID()
    /// Namespace of `idForTenant`.
    public static let tenantSpace = UUID(uuidString: "3978567E-91C4-465C-A0D1-67575F6B4C7F") ?? UUID()
    /// The tenant of the original's default configuration.
    public static let defaultTenant = "midonetkube"

    /// UUIDv5(`CAC60164-…`, `"3/" + kind + "/" + key`).
    public static func idForKey(_ kind: String, _ key: String) -> UUID {
        uuidV5(namespace: kubernetesSpace, name: "\(translationVersion)/\(kind)/\(key)")
    }

    /// UUIDv5(`3978567E-…`, `"3/" + tenant`): the main chain `KUBE-MAIN`.
    public static func idForTenant(_ tenant: String) -> UUID {
        uuidV5(namespace: tenantSpace, name: "\(translationVersion)/\(tenant)")
    }

    /// UUIDv5(`id`, `s`): the IDs of an object's parts.
    public static func subID(_ id: UUID, _ s: String) -> UUID {
        uuidV5(namespace: id, name: s)
    }

    /// RFC 4122 name-based UUID with SHA-1 (as Go's `uuid.NewSHA1`).
    public static func uuidV5(namespace: UUID, name: String) -> UUID {
        let space = withUnsafeBytes(of: namespace.uuid) { Array($0) }
        var digest = SHA1.hash(space + Array(name.utf8))
        digest[6] = (digest[6] & 0x0f) | 0x50
        digest[8] = (digest[8] & 0x3f) | 0x80
        return UUID(uuid: (
            digest[0], digest[1], digest[2], digest[3], digest[4], digest[5], digest[6], digest[7],
            digest[8], digest[9], digest[10], digest[11], digest[12], digest[13], digest[14], digest[15]))
    }

    /// `ac:ca:ba` (Midokura's OUI) + the first 3 bytes of SHA-256(key): the router port MAC (MNA-1251).
    public static func macForKey(_ key: String) -> String {
        let hash = SHA256.hash(Array(key.utf8))
        return ([0xac, 0xca, 0xba] + hash.prefix(3)).map { [$0].hexString }.joined(separator: ":")
    }

    /// `"mido"` + the first 11 hex digits of SHA-1(`ns/name`): a pod's host interface name
    /// (15 characters, the Linux IFNAMSIZ limit).
    public static func podInterfaceName(_ podKey: String) -> String {
        "mido" + String(SHA1.hash(Array(podKey.utf8)).hexString.prefix(11))
    }
}
