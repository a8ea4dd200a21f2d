import Model

/// One object row: what ordering and dependency decisions need, and the decoded object.
struct StoredObject: Sendable {
    var version: ObjectVersion
    var deleted: Bool
    /// A pod's node (kept in its tombstone: a deleted pod's ops belong to its node's group).
    var nodeName: String?
    /// An EndpointSlice's Service (`namespace/name`).
    var serviceKey: String?
    /// nil for a tombstone.
    var object: KubernetesObject?
    var updatedAt: Double
}

struct ObjectID: Sendable, Hashable {
    var kind: ObjectKind
    var key: String
}

/// The Kubernetes objects the writer read or wrote recently, decoded: translating a unit looks
/// up its Service, Endpoints, pods and nodes, and steady-state ingest reads them from here.
///
/// Translations are not kept: read back from their row when a unit is translated again (one
/// query and an 8 KB parse for a Service's endpoints), they cost 15–25 % of the writer's
/// throughput (`midonet-bench store`); kept, they took half the webhook's memory, ~35 KiB per
/// Service (343 vs 171 MiB after a 5,000-Service cluster's audit traffic).
///
/// Bounded: at most `limit` entries (~2.6 KiB each for Services and Endpoints), in two
/// generations. Entries go into the recent one, and an entry found in the older one moves up;
/// when the recent generation holds half the limit it becomes the older one, and what the older
/// one still held (nothing used it for a whole generation) is dropped. A dropped object is read
/// back from its row when next needed. So a cluster larger than the limit costs reads, not
/// memory: the webhook's memory stays inside its container's limit (docs/deployment.md).
///
/// Valid for the `state_revision` it was filled at: every write of objects or translations
/// bumps that counter in the same transaction, so a write by the other process (the applier's
/// drift repair) is seen at the start of the next transaction and the cache is dropped.
struct WriterCache {
    var revision: Int64
    /// Entries kept at most.
    let limit: Int
    /// `.some(nil)`: known to be absent.
    private var recent: [ObjectID: StoredObject?] = [:]
    private var older: [ObjectID: StoredObject?] = [:]
    /// Entries dropped because the cache was full, since `takeDropped()` last counted them.
    private(set) var dropped = 0

    init(revision: Int64, limit: Int) {
        self.revision = revision
        self.limit = limit
    }

    /// A cache no transaction may use: the next one starts a new cache (its revision never matches).
    static var invalid: WriterCache { WriterCache(revision: -1, limit: 0) }

    var count: Int { recent.count + older.count }

    /// `dropped`, counted from zero again.
    mutating func takeDropped() -> Int {
        defer { dropped = 0 }
        return dropped
    }

    /// Entries per generation.
    private var generationSize: Int { max(1, limit / 2) }

    /// The entry for `id` (`.some(nil)`: known to be absent); nil when the cache does not know.
    mutating func entry(_ id: ObjectID) -> StoredObject?? {
        if let entry = recent[id] { return entry }
        guard let entry = older.removeValue(forKey: id) else { return nil }
        recent[id] = entry
        rotateIfFull()
        return entry
    }

    /// Records `id`'s row as it now is (nil: absent).
    mutating func set(_ id: ObjectID, _ entry: StoredObject?) {
        if recent.updateValue(entry, forKey: id) != nil { return }
        older.removeValue(forKey: id)
        rotateIfFull()
    }

    /// Drops the entries `shouldDrop` picks.
    mutating func removeAll(where shouldDrop: (ObjectID, StoredObject?) -> Bool) {
        recent = recent.filter { !shouldDrop($0.key, $0.value) }
        older = older.filter { !shouldDrop($0.key, $0.value) }
    }

    private mutating func rotateIfFull() {
        guard recent.count >= generationSize else { return }
        dropped += older.count
        older = recent
        recent = [:]
        recent.reserveCapacity(generationSize)
    }
}

/// Cumulative latency histogram with Prometheus-style buckets (seconds).
public struct LatencyHistogram: Sendable, Equatable {
    /// Upper bounds in seconds; the last bucket (+Inf) is `count`.
    public static let bounds: [Double] = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10]

    /// Cumulative: `bucketCounts[i]` observations were ≤ `bounds[i]`.
    public private(set) var bucketCounts = [Int](repeating: 0, count: LatencyHistogram.bounds.count)
    public private(set) var count = 0
    public private(set) var sum: Double = 0

    public init() {}

    public mutating func record(seconds: Double) {
        count += 1
        sum += seconds
        for index in Self.bounds.indices where seconds <= Self.bounds[index] { bucketCounts[index] += 1 }
    }
}
