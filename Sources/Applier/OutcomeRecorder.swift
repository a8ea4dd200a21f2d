import Foundation
import Store
import Synchronization

/// Group commit of op outcomes: every finished call hands its outcome over and waits until it
/// is committed; whoever finds no commit running writes everything handed over so far in one
/// transaction, then again for what arrived meanwhile. One commit (one fsync at
/// `synchronous = FULL`) per batch rather than per op, with no timer and no added latency
/// when calls finish one at a time.
///
/// Crash safety is unchanged: an outcome is recorded only after MidoNet answered, and the
/// caller does not consider its op finished (nor lets its owner's next op start) before the
/// commit returned.
final class OutcomeRecorder: Sendable {
    typealias Entry = (seq: Int64, outcome: OperationOutcome)

    private struct State {
        var pending: [(Entry, CheckedContinuation<Bool, Never>)] = []
        var committing = false
    }

    private let outbox: any Outbox
    private let state = Mutex(State())
    /// Called with the error when a batch could not be written (its ops stay due: applied again, harmlessly).
    private let onFailure: @Sendable (any Error, Int) -> Void

    init(outbox: any Outbox, onFailure: @escaping @Sendable (any Error, Int) -> Void) {
        self.outbox = outbox
        self.onFailure = onFailure
    }

    /// Returns once `outcome` is committed (true) or its batch failed to commit (false).
    func record(_ seq: Int64, _ outcome: OperationOutcome) async -> Bool {
        await withCheckedContinuation { continuation in
            let lead = state.withLock { state -> Bool in
                state.pending.append(((seq, outcome), continuation))
                guard !state.committing else { return false }
                state.committing = true
                return true
            }
            if lead { commitUntilIdle() }
        }
    }

    private func commitUntilIdle() {
        while true {
            let batch = state.withLock { state -> [(Entry, CheckedContinuation<Bool, Never>)] in
                defer { state.pending = [] }
                if state.pending.isEmpty { state.committing = false }
                return state.pending
            }
            guard !batch.isEmpty else { return }
            var committed = true
            do {
                try outbox.record(batch.map(\.0))
            } catch {
                committed = false
                onFailure(error, batch.count)
            }
            for (_, continuation) in batch { continuation.resume(returning: committed) }
        }
    }
}
