import Dispatch
import Foundation
import Model

/// One unit translated again inside an ingest transaction, and what follows from it once the
/// stored translation is known: nothing when they are equal, else the operations from the stored
/// one to the new one and the JSON of both, ready for their rows.
///
/// Working that out (reading the stored translation's JSON, comparing, planning, encoding) needs
/// no database and is most of the writer's work after the translation itself, so `prepare` runs
/// it for all units at once on every core, while the transaction waits (`IngestSession.finish`).
struct TranslationChange: Sendable {
    let key: TranslationKey
    /// The stored translation's JSON, as read from its row (nil: no row).
    let storedJSON: Data?
    let new: [MidoNetObject]

    /// What `prepare` found for a unit that changed.
    struct Prepared: Sendable {
        /// The new translation's JSON (empty when it has no objects: its row is deleted).
        var translationJSON: Data
        /// The operations from the stored translation to the new one, as their outbox rows.
        var operationRows: [Rows.OperationRow]
    }

    /// Units are prepared on one thread below this many (spreading costs more than it saves).
    static let parallelThreshold = 8

    /// Each unit's `Prepared`, nil for the ones whose translation is unchanged, in order. Errors
    /// (a stored translation that cannot be read) are rethrown here, on the calling thread.
    static func prepare(_ changes: [TranslationChange]) throws -> [Prepared?] {
        guard changes.count >= parallelThreshold else { return try changes.map { try $0.prepared() } }
        let results = UnsafeMutableBufferPointer<Result<Prepared?, any Error>>.allocate(capacity: changes.count)
        defer { results.deallocate() }
        // Each index is written by exactly one iteration, and read only after all have returned.
        nonisolated(unsafe) let slots = results
        let workers = min(changes.count, 2 * ProcessInfo.processInfo.activeProcessorCount)
        DispatchQueue.concurrentPerform(iterations: workers) { worker in
            var index = worker
            while index < changes.count {
                slots.initializeElement(at: index, to: Result { try changes[index].prepared() })
                index += workers
            }
        }
        defer { _ = results.deinitialize() }
        return try results.map { try $0.get() }
    }

    /// This unit's `Prepared`, or nil when the stored translation is the new one.
    func prepared() throws -> Prepared? {
        let old = try storedJSON.map { try StoredJSON.decodeObjects(Array($0)) } ?? []
        guard old != new else { return nil }
        return Prepared(
            translationJSON: new.isEmpty ? Data() : Data(StoredJSON.encode(new)),
            operationRows: Plan.operations(from: old, to: new).map(Rows.OperationRow.init))
    }
}
