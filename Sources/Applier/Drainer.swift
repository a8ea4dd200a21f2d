import Foundation
import Logging
import Model
import Store
import Synchronization

/// Counters of what the drainer did, for `/metrics`.
struct DrainStatistics: Sendable {
    var applied = 0
    var retried = 0
    var parked = 0
    /// Outcomes the store refused to record (their ops stay due).
    var unrecorded = 0
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
    /// Recordings the store refused in a row (`record(_:_:_:)`).
    private let refusalsInARow = Mutex(0)
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
    ///
    /// Heads of owners are fetched in batches (twice the concurrency) and started as slots free
    /// up; the batch is fetched again once it is used up, so one outbox query serves many calls.
    /// Outcomes are committed in groups (`OutcomeRecorder`), and an owner counts as busy until
    /// its op's outcome is committed: its next op never starts before.
    func run() async {
        let recorder = OutcomeRecorder(outbox: outbox) { [logger] error, count in
            // Not recorded: the ops stay due and are applied again, which is harmless, after a
            // backoff (`record(_:_:_:)`).
            logger.error("recording outcomes failed", metadata: ["ops": "\(count)", "error": "\(error)"])
        }
        await withTaskGroup(of: String.self) { group in
            var inFlight = Set<String>()
            var ready: [QueuedOp] = []
            var nextCheck = ContinuousClock.now
            while true {
                let stop = stopping.load(ordering: .relaxed)
                if !stop {
                    if ContinuousClock.now >= nextCheck {
                        resetRetryTimesBeyondAnyDelay()
                        nextCheck = ContinuousClock.now + .seconds(60)
                    }
                    if ready.isEmpty && inFlight.count < concurrency {
                        ready = fetch(excluding: inFlight, limit: 2 * concurrency).reversed()
                    }
                    // A drift-repair delete runs alone: it starts once nothing else is in flight
                    // and nothing starts beside it (see `attemptDriftDelete`).
                    while inFlight.count < concurrency, !inFlight.contains(Self.driftOwner), let op = ready.last {
                        if op.owner == Self.driftOwner {
                            guard inFlight.isEmpty else { break }
                            ready.removeLast()
                            inFlight.insert(op.owner)
                            group.addTask { await self.attemptDriftDelete(op, recorder) }
                            break
                        }
                        ready.removeLast()
                        inFlight.insert(op.owner)
                        group.addTask { await self.attempt(op, recorder) }
                    }
                }
                if inFlight.isEmpty {
                    if stop { return }
                    try? await Task.sleep(for: .seconds(pollInterval))
                    continue
                }
                guard let owner = await group.next() else { continue }
                inFlight.remove(owner)
            }
        }
    }

    /// At the start and every minute: an op whose retry time is further ahead than any retry is
    /// ever scheduled (the longest delay with its jitter) is due now, so that a wall clock
    /// stepped back does not hold ops for the size of the step.
    func resetRetryTimesBeyondAnyDelay() {
        let longest = retryPolicy.cap * (1 + retryPolicy.jitter)
        do {
            let reset = try outbox.resetRetryTimes(laterThan: Date().addingTimeInterval(longest))
            if reset > 0 {
                logger.warning("ops whose retry was further ahead than any delay are due now: the clock went back", metadata: ["ops": "\(reset)"])
            }
        } catch {
            logger.error("checking retry times failed", metadata: ["error": "\(error)"])
        }
    }

    func fetch(excluding owners: Set<String>, limit: Int) -> [QueuedOp] {
        do {
            return try outbox.due(limit: limit, now: Date(), excluding: owners)
        } catch {
            logger.error("reading the outbox failed", metadata: ["error": "\(error)"])
            return []
        }
    }

    /// The owner drift repair queues its deletes under (`DriftRepairer`); its creates go under
    /// "drift/<owner>".
    static let driftOwner = "drift"
    /// Attempts a drift repair create gets before it is dropped (the next pass plans again).
    static let driftAttempts = 3

    /// A delete drift repair queued when nothing else was queued: applied only if that is still
    /// so, else dropped (the next pass looks again). It runs with nothing else in flight, so no
    /// op queued since can race it: without this, a Service re-created meanwhile could get its
    /// chain created by its own op and then deleted by the stale drift delete, leaving its rules'
    /// creates waiting for a chain whose re-creation drift repair would queue behind them.
    func attemptDriftDelete(_ op: QueuedOp, _ recorder: OutcomeRecorder) async -> String {
        let othersQueued: Bool
        do {
            othersQueued = try outbox.hasQueuedOperations(besides: Self.driftOwner)
        } catch {
            logger.error("reading the outbox failed", metadata: ["error": "\(error)"])
            try? await Task.sleep(for: .seconds(pollInterval))
            return op.owner
        }
        guard !othersQueued else {
            if await record(op.seq, .done, recorder) {
                logger.notice("drift repair delete dropped: changes were queued since it was planned", metadata: ["op": "\(op.operation)"])
            }
            return op.owner
        }
        return await attempt(op, recorder)
    }

    /// Applies one op and commits its outcome; returns its owner, free again.
    func attempt(_ op: QueuedOp, _ recorder: OutcomeRecorder) async -> String {
        let outcome = await applier.apply(op.operation)
        let recorded: OperationOutcome
        var delay = 0.0
        switch outcome {
        case .done: recorded = .done
        case .retry(let reason) where op.owner.hasPrefix(Self.driftOwner + "/") && op.attempts + 1 >= Self.driftAttempts:
            // A repair planned from a view that has moved on (its chain since deleted by the
            // unit's own ops, say) would wait for good: the next drift pass plans afresh.
            if await record(op.seq, .done, recorder) {
                logger.notice("drift repair op dropped after failed attempts", metadata: ["op": "\(op.operation)", "reason": "\(reason)"])
            }
            return op.owner
        case .retry(let reason):
            delay = retryPolicy.delay(afterFailedAttempt: op.attempts + 1)
            recorded = .failed(error: reason, retryAt: Date().addingTimeInterval(delay))
        case .park(let reason): recorded = .parked(reason: reason)
        }
        guard await record(op.seq, recorded, recorder) else { return op.owner }
        switch outcome {
        case .done:
            stats.withLock { $0.applied += 1 }
            onProgress()
        case .retry(let reason):
            stats.withLock { $0.retried += 1 }
            logger.debug("will retry", metadata: ["op": "\(op.operation)", "seq": "\(op.seq)", "reason": "\(reason)", "in": "\(delay)"])
        case .park(let reason):
            stats.withLock { $0.parked += 1 }
            logger.error("parked: MidoNet rejects it for good", metadata: ["op": "\(op.operation)", "seq": "\(op.seq)", "reason": "\(reason)"])
        }
        return op.owner
    }

    /// Records one outcome; false if the store refused it (disk full, I/O error).
    ///
    /// A refused outcome leaves its op due, and applying it again at once would call MidoNet in
    /// a loop for as long as the store refuses. So the owner stays in flight for the retry
    /// policy's delay after the n-th refusal in a row (0.25 s, 0.5 s, … 30 s): with every slot
    /// waiting, the drainer makes at most `concurrency` calls per 30 s until the store takes
    /// writes again, and the first outcome it takes resets the count. `stop()` cuts the wait.
    private func record(_ seq: Int64, _ outcome: OperationOutcome, _ recorder: OutcomeRecorder) async -> Bool {
        if await recorder.record(seq, outcome) {
            refusalsInARow.withLock { $0 = 0 }
            return true
        }
        let refusals = refusalsInARow.withLock { count in
            count += 1
            return count
        }
        stats.withLock { $0.unrecorded += 1 }
        let resume = ContinuousClock.now + .seconds(retryPolicy.delay(afterFailedAttempt: refusals))
        while !stopping.load(ordering: .relaxed), ContinuousClock.now < resume {
            try? await Task.sleep(for: min(.milliseconds(100), resume - ContinuousClock.now))
        }
        return false
    }
}
