/// A set of object keys (`MidoNetObject.key`) kept as their hashes: 8 bytes a key, where the
/// keys themselves (~45 characters, an allocation each) took ~100. Drift repair holds one for
/// every object the translations want and one for every object queued ops touch; with tens of
/// thousands of Services those are hundreds of thousands of keys.
///
/// `contains` may say yes for a key never inserted (two keys of one 64-bit hash: with a million
/// keys, a chance of about 1 in 10^7 per pass), never no for one inserted. Only for decisions
/// where a wrong yes is the safe answer: a key taken as wanted is not deleted, one taken as
/// touched by a queued op is left to that op for this pass. Hashes are seeded per process.
struct KeyHashes: Sendable {
    private var hashes = Set<Int>()

    var isEmpty: Bool { hashes.isEmpty }

    mutating func insert(_ key: String) { hashes.insert(key.hashValue) }
    mutating func formUnion(_ other: KeyHashes) { hashes.formUnion(other.hashes) }
    func contains(_ key: String) -> Bool { hashes.contains(key.hashValue) }
}
