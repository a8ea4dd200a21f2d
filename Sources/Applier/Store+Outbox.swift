import Foundation
import Store

/// The Store is the applier's outbox.
extension Store: Outbox {
    func due(limit: Int, now: Date, excluding owners: Set<String>) throws -> [QueuedOp] {
        try pendingOperations(limit: limit, now: now, excludingOwners: owners).map {
            QueuedOp(seq: $0.seq, owner: $0.owner, operation: $0.operation, attempts: $0.attempts)
        }
    }
}
