import Dispatch
import Foundation
public import Model
import Synchronization

/// Commits audit batches from many concurrent requests on one writer thread, several batches
/// per transaction, so that they share one fsync (group commit).
///
/// The `/audit` handler calls `submit` and answers 200 from the completion, which runs only
/// after the transaction holding the batch has committed. If a group's transaction fails, its
/// batches are retried one transaction each, so one bad batch cannot fail the others.
public final class GroupCommitter: Sendable {
    public typealias Completion = @Sendable (Result<IngestReport, any Error>) -> Void

    public struct Configuration: Sendable {
        /// At most this many batches share a transaction…
        public var maxBatchesPerGroup: Int
        /// …and at most about this many events (a group stops growing once it reaches it), so
        /// that one group's latency stays bounded.
        public var maxEventsPerGroup: Int

        public init(maxBatchesPerGroup: Int = 64, maxEventsPerGroup: Int = 8_000) {
            self.maxBatchesPerGroup = maxBatchesPerGroup
            self.maxEventsPerGroup = maxEventsPerGroup
        }
    }

    /// Counters of the grouping, for `/metrics` and the benchmark.
    public struct Statistics: Sendable, Equatable {
        public var groups = 0
        public var batches = 0
        /// Groups whose transaction failed and whose batches were retried one by one.
        public var fallbacks = 0
        /// Batches waiting for the writer right now.
        public var waiting = 0
    }

    private struct Pending: Sendable {
        var batch: PreparedBatch
        var completion: Completion
        var items: [Result<AuditEvent, DecodeError>] { batch.items }
    }

    private struct State: ~Copyable {
        var queue: [Pending] = []
        var stopping = false
        var statistics = Statistics()
    }

    public let store: Store
    public let configuration: Configuration
    private let ingest: @Sendable ([PreparedBatch]) throws -> [IngestReport]
    /// Whether `submit` encodes the events' objects on the calling thread (the store's own
    /// ingest uses them; an injected one gets only the events).
    private let preEncodes: Bool
    private let state = Mutex(State())
    private let wakeUp = DispatchSemaphore(value: 0)
    private let stopped = DispatchSemaphore(value: 0)

    /// Starts the writer thread.
    public convenience init(store: Store, configuration: Configuration = Configuration()) {
        self.init(store: store, configuration: configuration, preEncodes: true, prepared: { try store.ingestGroup(prepared: $0) })
    }

    /// `ingest` stands in for the store's group transaction (tests inject failures).
    convenience init(store: Store, configuration: Configuration, ingest: @escaping @Sendable ([[Result<AuditEvent, DecodeError>]]) throws -> [IngestReport]) {
        self.init(store: store, configuration: configuration, preEncodes: false, prepared: { try ingest($0.map(\.items)) })
    }

    private init(store: Store, configuration: Configuration, preEncodes: Bool, prepared: @escaping @Sendable ([PreparedBatch]) throws -> [IngestReport]) {
        self.store = store
        self.configuration = configuration
        self.ingest = prepared
        self.preEncodes = preEncodes
        let thread = Thread { [self] in run() }
        thread.name = "store-group-commit"
        thread.start()
    }

    /// Queues a decoded EventList; `completion` runs on the writer thread after the commit (or
    /// with the error when the batch could not be stored; then nothing of it was stored).
    public func submit(_ list: AuditEventList, completion: @escaping Completion) {
        enqueue(Pending(batch: prepare(list.items), completion: completion))
    }

    /// Queues events already decoded.
    public func submit(_ events: [AuditEvent], completion: @escaping Completion) {
        enqueue(Pending(batch: prepare(events.map { .success($0) }), completion: completion))
    }

    /// `submit` for async callers.
    public func submit(_ list: AuditEventList) async throws -> IngestReport {
        try await withCheckedThrowingContinuation { continuation in
            submit(list) { continuation.resume(with: $0) }
        }
    }

    public var statistics: Statistics {
        state.withLock { state in
            var statistics = state.statistics
            statistics.waiting = state.queue.count
            return statistics
        }
    }

    /// Commits what is queued, then stops the writer thread; later submits fail with `shutDown`.
    /// Returns when the thread has finished. Call it once.
    public func shutdown() {
        let first = state.withLock { state in
            defer { state.stopping = true }
            return !state.stopping
        }
        guard first else { return }
        wakeUp.signal()
        stopped.wait()
    }

    private func prepare(_ items: [Result<AuditEvent, DecodeError>]) -> PreparedBatch {
        preEncodes ? PreparedBatch(encoding: items) : PreparedBatch(items: items)
    }

    private func enqueue(_ pending: Pending) {
        let accepted = state.withLock { state in
            guard !state.stopping else { return false }
            state.queue.append(pending)
            return true
        }
        guard accepted else {
            pending.completion(.failure(StoreError(.shutDown, "the store's group committer is shut down")))
            return
        }
        wakeUp.signal()
    }

    private func run() {
        while true {
            wakeUp.wait()
            while true {
                let (group, stopping) = takeGroup()
                if group.isEmpty {
                    if stopping {
                        stopped.signal()
                        return
                    }
                    break
                }
                commit(group)
            }
        }
    }

    /// The oldest pending batches, up to the group limits.
    private func takeGroup() -> ([Pending], Bool) {
        let maxBatches = configuration.maxBatchesPerGroup
        let maxEvents = configuration.maxEventsPerGroup
        return state.withLock { state in
            var count = 0
            var events = 0
            while count < state.queue.count, count < maxBatches, events < maxEvents {
                events += state.queue[count].items.count
                count += 1
            }
            let group = Array(state.queue.prefix(count))
            state.queue.removeFirst(count)
            return (group, state.stopping)
        }
    }

    private func commit(_ group: [Pending]) {
        do {
            let reports = try ingest(group.map(\.batch))
            state.withLock { state in
                state.statistics.groups += 1
                state.statistics.batches += group.count
            }
            for (pending, report) in zip(group, reports) { pending.completion(.success(report)) }
        } catch {
            guard group.count > 1 else {
                state.withLock { $0.statistics.groups += 1 }
                group[0].completion(.failure(error))
                return
            }
            state.withLock { state in state.statistics.fallbacks += 1 }
            for pending in group {
                let result = Result { try ingest([pending.batch])[0] }
                state.withLock { state in
                    state.statistics.groups += 1
                    if case .success = result { state.statistics.batches += 1 }
                }
                pending.completion(result)
            }
        }
    }
}
