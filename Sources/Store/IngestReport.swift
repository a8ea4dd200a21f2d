/// What became of one audit event.
public enum IngestOutcome: String, Sendable, Hashable, CaseIterable, Codable {
    /// Its state was taken into the store (or its delete recorded).
    case applied
    /// Its auditID was processed before (a kube-apiserver retry, or twice in one batch).
    case duplicate
    /// The store already has a newer state of the object (batches arrive out of order).
    case stale
    /// A translated kind and verb, but without `responseObject` (audit level Metadata or Request).
    case noBody
    /// Not ours: another stage, verb, resource or subresource, or a failed request.
    case ignored
    /// Unreadable, or its body contradicts its objectRef; skipped, the rest of the batch is not.
    case invalid
}

/// Event counts by kind and outcome: a batch's, or the process's since start.
public struct EventCounts: Sendable, Equatable {
    /// Label for events of resources the mapping does not translate, and for unreadable ones.
    public static let otherKind = "other"

    public struct Key: Sendable, Hashable {
        /// `Service`, `Endpoints`, `EndpointSlice`, `Node`, `Pod`, or `other`.
        public var kind: String
        public var outcome: IngestOutcome

        public init(kind: String, outcome: IngestOutcome) {
            self.kind = kind
            self.outcome = outcome
        }
    }

    public private(set) var counts: [Key: Int] = [:]

    public init() {}

    public subscript(kind: String, outcome: IngestOutcome) -> Int {
        counts[Key(kind: kind, outcome: outcome)] ?? 0
    }

    /// The count of an outcome over all kinds.
    public subscript(outcome: IngestOutcome) -> Int {
        counts.reduce(0) { $0 + ($1.key.outcome == outcome ? $1.value : 0) }
    }

    public var total: Int { counts.values.reduce(0, +) }

    public mutating func add(kind: String, outcome: IngestOutcome, count: Int = 1) {
        counts[Key(kind: kind, outcome: outcome), default: 0] += count
    }

    public mutating func add(_ other: EventCounts) {
        for (key, value) in other.counts { counts[key, default: 0] += value }
    }
}

/// The result of ingesting one EventList, returned only after its transaction committed.
public struct IngestReport: Sendable, Equatable {
    public var events = EventCounts()
    /// Operations appended to the outbox by this batch's transaction. In a group commit the ops
    /// of the whole group are attributed to its first batch (their translation is shared).
    public var operationsQueued = 0
    /// Translation units whose MidoNet objects changed (same attribution as `operationsQueued`).
    public var translationsChanged = 0
    /// Reasons to log once per process: the first event of each kind without a body.
    public var warnings: [String] = []

    public init() {}
}
