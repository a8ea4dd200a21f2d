import Foundation
import Store

/// The Store is the applier's outbox.
extension Store: Outbox {
    func due(limit: Int, now: Date) throws -> [QueuedOp] {
        try pendingOperations(limit: limit, now: now).map {
            QueuedOp(seq: $0.seq, owner: $0.owner, operation: $0.operation, attempts: $0.attempts)
        }
    }

    func markDone(_ seq: Int64) throws { try markDone(seq: seq) }
    func markFailed(_ seq: Int64, error: String, retryAt: Date) throws { try markFailed(seq: seq, error: error, retryAt: retryAt) }
    func park(_ seq: Int64, reason: String) throws { try park(seq: seq, reason: reason) }
}
