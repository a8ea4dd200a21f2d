import Dispatch
import Foundation
import Model
import Synchronization

/// One unit to translate again inside an ingest transaction, with the objects its translation
/// reads (fetched by the writer, `IngestSession.inputs(of:)`) and its stored translation's JSON.
///
/// What follows needs no database: translating, reading the stored translation, comparing,
/// planning the operations between them and encoding the rows. That was 60 % of the writer's
/// time; it now runs on other cores (`TranslationPipeline`) while the writer reads the next units'
/// inputs and writes the rows of those done.
struct TranslationChange: Sendable {
    let key: TranslationKey
    /// The stored translation's JSON, as read from its row (nil: no row).
    let storedJSON: Data?
    let inputs: TranslationInputs

    /// What came of a unit.
    enum Outcome: Sendable {
        /// The new translation is the stored one: nothing to write.
        case unchanged
        case changed(Prepared)
        /// The translation read an object `inputs` does not hold: the writer translates it
        /// through its session instead (`IngestSession.inputs(of:)` fetches what the translator
        /// reads today; this keeps a translator that reads more correct, only slower).
        case incomplete
    }

    /// A changed unit's rows.
    struct Prepared: Sendable {
        /// The unit has no objects any more: it is torn down (and its row deleted).
        var isEmpty: Bool
        /// The new translation's JSON (empty when `isEmpty`).
        var translationJSON: Data
        /// The operations from the stored translation to the new one, as their outbox rows.
        var operationRows: [Rows.OperationRow]
    }

    func outcome(_ translator: Translator) throws -> Outcome {
        let lookup = PrefetchedLookup(inputs)
        let new = translator.translate(key, lookup: lookup, pods: { lookup.pod($0) }).objects
        guard !lookup.missed else { return .incomplete }
        return try Self.outcome(storedJSON: storedJSON, new: new)
    }

    /// Compares `new` with the stored translation; the rows when they differ.
    static func outcome(storedJSON: Data?, new: [MidoNetObject]) throws -> Outcome {
        let old = try storedJSON.map { try StoredJSON.decodeObjects(Array($0)) } ?? []
        guard old != new else { return .unchanged }
        return .changed(Prepared(
            isEmpty: new.isEmpty, translationJSON: new.isEmpty ? Data() : Data(StoredJSON.encode(new)),
            operationRows: Plan.operations(from: old, to: new).map(Rows.OperationRow.init)))
    }
}

/// The Kubernetes objects one unit's translation reads, by what the translator asks for; a
/// key's entry holds nil when the object is known to be absent.
struct TranslationInputs: Sendable {
    var services: [String: Service?] = [:]
    var nodes: [String: Node?] = [:]
    var pods: [String: Pod?] = [:]
    var endpoints: [String: Endpoints?] = [:]
    var slices: [String: [EndpointSlice]] = [:]

    init() {}

    /// What `Translator.translate(key, …)` reads, from `lookup` and `pods`. Kept in step with
    /// the translator by `TranslationChangeTests` (a unit it does not cover is translated by the
    /// writer: correct, but not in parallel).
    init(of key: TranslationKey, lookup: some ClusterLookup, pods: (String) -> Pod?) {
        switch key {
        case .global:
            break
        case .node(let name):
            nodes[name] = .some(lookup.node(name))
        case .pod(let podKey):
            let pod = pods(podKey)
            self.pods[podKey] = .some(pod)
            if let nodeName = pod?.spec?.nodeName, !nodeName.isEmpty { nodes[nodeName] = .some(lookup.node(nodeName)) }
        case .service(let serviceKey):
            services[serviceKey] = .some(lookup.service(serviceKey))
        case .serviceEndpoints(let serviceKey):
            services[serviceKey] = .some(lookup.service(serviceKey))
            endpoints[serviceKey] = .some(lookup.endpoints(serviceKey))
            slices[serviceKey] = lookup.endpointSlices(ofService: serviceKey)
        }
    }
}

/// `TranslationInputs` as a `ClusterLookup`; notes a question they cannot answer.
final class PrefetchedLookup: ClusterLookup {
    let inputs: TranslationInputs
    private(set) var missed = false

    init(_ inputs: TranslationInputs) { self.inputs = inputs }

    private func answer<T>(_ entry: T??) -> T? {
        guard let entry else {
            missed = true
            return nil
        }
        return entry
    }

    func service(_ key: String) -> Service? { answer(inputs.services[key]) }
    func node(_ name: String) -> Node? { answer(inputs.nodes[name]) }
    func endpoints(_ key: String) -> Endpoints? { answer(inputs.endpoints[key]) }
    func pod(_ key: String) -> Pod? { answer(inputs.pods[key]) }
    func endpointSlices(ofService key: String) -> [EndpointSlice] {
        guard let slices = inputs.slices[key] else {
            missed = true
            return []
        }
        return slices
    }
}

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
