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
/// Valid for the `state_revision` it was filled at: every write of objects or translations
/// bumps that counter in the same transaction, so a write by the other process (the applier's
/// drift repair) is seen at the start of the next transaction and the cache is dropped.
struct WriterCache {
    var revision: Int64
    /// `.some(nil)`: known to be absent.
    var objects: [ObjectID: StoredObject?] = [:]

    init(revision: Int64) { self.revision = revision }

    var count: Int { objects.count }
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
