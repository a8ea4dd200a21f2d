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
        // namespace ‖ name in one stack buffer: no array per hash (every object ID is one).
        var name = name
        let h = name.withUTF8 { utf8 in
            withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 16 + utf8.count) { buffer in
                withUnsafeBytes(of: namespace.uuid) { space in
                    for i in 0..<16 { buffer[i] = space[i] }
                }
                for i in 0..<utf8.count { buffer[16 + i] = utf8[i] }
                return SHA1.digestWords(of: UnsafeRawBufferPointer(buffer))
            }
        }
        let b0 = h.0.bigEndianBytesTuple, b1 = h.1.bigEndianBytesTuple, b2 = h.2.bigEndianBytesTuple, b3 = h.3.bigEndianBytesTuple
        return UUID(uuid: (
            b0.0, b0.1, b0.2, b0.3, b1.0, b1.1, (b1.2 & 0x0f) | 0x50, b1.3,
            (b2.0 & 0x3f) | 0x80, b2.1, b2.2, b2.3, b3.0, b3.1, b3.2, b3.3))
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
