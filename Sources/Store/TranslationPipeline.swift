import Dispatch
import Model
import Platform
import Synchronization

/// `TranslationChange`s prepared on helper threads as the writer adds them, taken back in order.
/// The writer never waits for a unit no helper has started: it prepares that one itself.
final class TranslationPipeline: Sendable {
    private enum Slot {
        case waiting(TranslationChange)
        /// A helper (or the writer) is preparing it.
        case claimed
        case done(Result<TranslationChange.Outcome, any Error>)
    }

    private let slots = Mutex<[Slot]>([])
    /// Signalled once per unit finished by a helper; the writer waits on it only for a unit a
    /// helper claimed and has not finished.
    private let finished = DispatchSemaphore(value: 0)
    private let helpers: HelperThreads?
    private let translator: Translator

    /// `parallel` false: every unit is prepared by the writer, when taken (small transactions,
    /// where handing work over costs more than it saves).
    init(translator: Translator, parallel: Bool) {
        self.translator = translator
        helpers = parallel ? HelperThreads.shared : nil
    }

    /// Adds the next unit; a helper starts on it when one is free.
    func add(_ change: TranslationChange) {
        let index = slots.withLock { slots in
            slots.append(.waiting(change))
            return slots.count - 1
        }
        helpers?.submit { [self] in
            guard let change = claim(index) else { return }
            let result = Result { try change.outcome(translator) }
            slots.withLock { $0[index] = .done(result) }
            finished.signal()
        }
    }

    /// Unit `index`'s outcome; its error, if preparing it failed.
    func take(_ index: Int) throws -> TranslationChange.Outcome {
        if let change = claim(index) { return try change.outcome(translator) }
        while true {
            let result: Result<TranslationChange.Outcome, any Error>? = slots.withLock { slots in
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
