import Foundation
import Model
import Store

/// One queued op as the applier sees it.
struct QueuedOp: Sendable, Equatable {
    var seq: Int64
    /// Ops of one owner apply strictly in `seq` order; different owners concurrently.
    var owner: String
    var operation: MidoNetOperation
    /// Failed attempts so far.
    var attempts: Int
}

/// The durable queue the applier drains (the Store, in production).
protocol Outbox: Sendable {
    /// Up to `limit` ops that are due, at most the first unfinished one of each owner, none of
    /// the owners in `owners` (those in flight).
    func due(limit: Int, now: Date, excluding owners: Set<String>) throws -> [QueuedOp]
    /// Whether ops of owners other than `owner` wait (not parked).
    func hasQueuedOperations(besides owner: String) throws -> Bool
    /// Records the outcomes of several attempts in one transaction.
    func record(_ outcomes: [(seq: Int64, outcome: OperationOutcome)]) throws
    /// Makes due now the ops whose retry time is later than `limit` (the wall clock stepped back).
    @discardableResult
    func resetRetryTimes(laterThan limit: Date) throws -> Int
}
