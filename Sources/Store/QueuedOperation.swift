public import Foundation
public import Model

/// A MidoNet operation waiting for the applier (one op of an outbox run, or a parked op).
public struct QueuedOperation: Sendable, Equatable {
    /// Position in the outbox: its run's seq × 65,536 plus its index in the run (`OutboxRun`);
    /// ops of one owner apply in `seq` order.
    public var seq: Int64
    /// The group this op is ordered within (`OwnerGroup`).
    public var owner: String
    public var translationKey: TranslationKey
    public var operation: MidoNetOperation
    /// Failed attempts so far.
    public var attempts: Int
    public var lastError: String?
    public var nextAttemptAt: Date
    /// Why MidoNet rejected it for good; nil while pending.
    public var parkedReason: String?
    public var createdAt: Date

    public init(
        seq: Int64, owner: String, translationKey: TranslationKey, operation: MidoNetOperation, attempts: Int, lastError: String?,
        nextAttemptAt: Date, parkedReason: String?, createdAt: Date
    ) {
        self.seq = seq
        self.owner = owner
        self.translationKey = translationKey
        self.operation = operation
        self.attempts = attempts
        self.lastError = lastError
        self.nextAttemptAt = nextAttemptAt
        self.parkedReason = parkedReason
        self.createdAt = createdAt
    }
}
