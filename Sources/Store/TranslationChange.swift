import Dispatch
import Foundation
import Model
import Synchronization

/// One unit translated again inside an ingest transaction, and what follows from it once the
/// stored translation is known: nothing when they are equal, else the operations from the stored
/// one to the new one, ready for their rows.
///
/// Working that out (reading the stored translation's JSON, comparing, planning, encoding) needs
/// no database and was 40 % of the writer's time, so it runs on other cores
/// (`TranslationPipeline`) while the writer translates the next units and writes the rows.
struct TranslationChange: Sendable {
    let key: TranslationKey
    /// The stored translation's JSON, as read from its row (nil: no row).
    let storedJSON: Data?
    let new: [MidoNetObject]

    /// What `prepared()` found for a unit that changed.
    struct Prepared: Sendable {
        /// The new translation's JSON (empty when it has no objects: its row is deleted).
        var translationJSON: Data
        /// The operations from the stored translation to the new one, as their outbox rows.
        var operationRows: [Rows.OperationRow]
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

/// `TranslationChange`s prepared on helper threads as the writer adds them, taken back in order.
/// The writer never waits for a unit no helper has started: it prepares that one itself.
final class TranslationPipeline: Sendable {
    private enum Slot {
        case waiting(TranslationChange)
        /// A helper (or the writer) is preparing it.
        case claimed
        case done(Result<TranslationChange.Prepared?, any Error>)
    }

    private let slots = Mutex<[Slot]>([])
    /// Signalled once per unit finished by a helper; the writer waits on it only for a unit a
    /// helper claimed and has not finished.
    private let finished = DispatchSemaphore(value: 0)
    private let helpers: DispatchQueue?

    /// `parallel` false: every unit is prepared by the writer, when taken (small transactions,
    /// where handing work over costs more than it saves).
    init(parallel: Bool) {
        helpers = parallel ? DispatchQueue.global(qos: .userInitiated) : nil
    }

    /// Adds the next unit; a helper starts on it when one is free.
    func add(_ change: TranslationChange) {
        let index = slots.withLock { slots in
            slots.append(.waiting(change))
            return slots.count - 1
        }
        helpers?.async { [self] in
            guard let change = claim(index) else { return }
            let result = Result { try change.prepared() }
            slots.withLock { $0[index] = .done(result) }
            finished.signal()
        }
    }

    /// Unit `index`'s `Prepared` (nil: unchanged); its error, if preparing it failed.
    func take(_ index: Int) throws -> TranslationChange.Prepared? {
        if let change = claim(index) { return try change.prepared() }
        while true {
            let result: Result<TranslationChange.Prepared?, any Error>? = slots.withLock { slots in
                if case .done(let result) = slots[index] { return result }
                return nil
            }
            if let result { return try result.get() }
            // Some helper finished a unit: perhaps this one.
            finished.wait()
        }
    }

    private func claim(_ index: Int) -> TranslationChange? {
        slots.withLock { slots in
            guard case .waiting(let change) = slots[index] else { return nil }
            slots[index] = .claimed
            return change
        }
    }
}
