import Foundation
import Logging
import Model
import Synchronization

/// Counters of what the drainer did, for `/metrics`.
struct DrainStatistics: Sendable {
    var applied = 0
    var retried = 0
    var parked = 0
}

/// Drains the outbox into MidoNet: ops of one owner in sequence, up to `concurrency` owners at
/// once. An op is marked done only after MidoNet confirmed it, so a kill -9 at any moment loses
/// nothing; re-applying an op is harmless, so it duplicates nothing either.
final class Drainer: Sendable {
    let outbox: any Outbox
    let applier: OperationApplier
    let concurrency: Int
    let retryPolicy: RetryPolicy
    let pollInterval: Double
    let logger: Logger
    private let stats = Mutex(DrainStatistics())
    private let stopping = Atomic<Bool>(false)
    /// Called after ops were applied (the snapshot refresher listens).
    let onProgress: @Sendable () -> Void

    init(
        outbox: any Outbox, applier: OperationApplier, concurrency: Int = 16, retryPolicy: RetryPolicy = RetryPolicy(),
        pollInterval: Double = 0.05, logger: Logger, onProgress: @escaping @Sendable () -> Void = {}
    ) {
        self.outbox = outbox
        self.applier = applier
        self.concurrency = concurrency
        self.retryPolicy = retryPolicy
        self.pollInterval = pollInterval
        self.logger = logger
        self.onProgress = onProgress
    }

    var statistics: DrainStatistics { stats.withLock { $0 } }

    /// Asks `run()` to return once the ops in flight are finished.
    func stop() { stopping.store(true, ordering: .relaxed) }

    /// Runs until `stop()`; ops in flight when stopping are finished (not abandoned).
    func run() async {
        await withTaskGroup(of: (QueuedOp, ApplyOutcome).self) { group in
            var inFlight = Set<String>()
            while true {
                let stop = stopping.load(ordering: .relaxed)
                if !stop && inFlight.count < concurrency {
                    for op in fetch(excluding: inFlight, limit: concurrency - inFlight.count) {
                        inFlight.insert(op.owner)
                        group.addTask { [applier] in (op, await applier.apply(op.operation)) }
                    }
                }
                if inFlight.isEmpty {
                    if stop { return }
                    try? await Task.sleep(for: .seconds(pollInterval))
                    continue
                }
                guard let (op, outcome) = await group.next() else { continue }
                inFlight.remove(op.owner)
                record(op, outcome)
            }
        }
    }

    func fetch(excluding owners: Set<String>, limit: Int) -> [QueuedOp] {
        do {
            // Ask for more than the free slots: some owners may already be in flight.
            let due = try outbox.due(limit: limit + owners.count, now: Date())
            return Array(due.filter { !owners.contains($0.owner) }.prefix(limit))
        } catch {
            logger.error("reading the outbox failed", metadata: ["error": "\(error)"])
            return []
        }
    }

    func record(_ op: QueuedOp, _ outcome: ApplyOutcome) {
        do {
            switch outcome {
            case .done:
                try outbox.markDone(op.seq)
                stats.withLock { $0.applied += 1 }
                onProgress()
            case .retry(let reason):
                let delay = retryPolicy.delay(afterFailedAttempt: op.attempts + 1)
                try outbox.markFailed(op.seq, error: reason, retryAt: Date().addingTimeInterval(delay))
                stats.withLock { $0.retried += 1 }
                logger.debug("will retry", metadata: ["op": "\(op.operation)", "seq": "\(op.seq)", "reason": "\(reason)", "in": "\(delay)"])
            case .park(let reason):
                try outbox.park(op.seq, reason: reason)
                stats.withLock { $0.parked += 1 }
                logger.error("parked: MidoNet rejects it for good", metadata: ["op": "\(op.operation)", "seq": "\(op.seq)", "reason": "\(reason)"])
            }
        } catch {
            // Not recorded: the op stays due and is applied again, which is harmless.
            logger.error("recording an outcome failed", metadata: ["seq": "\(op.seq)", "error": "\(error)"])
        }
    }
}
