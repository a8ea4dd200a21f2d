import Foundation
import Model

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
        /// The operations from the stored translation to the new one, encoded for the outbox.
        var operationRows: [Rows.OperationRow]
        /// Why the stored translation could not be read, when it could not: the operations are
        /// then the creates of the new translation, and the row is written anew.
        var unreadableStored: String? = nil
    }

    func outcome(_ translator: Translator) throws -> Outcome {
        let lookup = PrefetchedLookup(inputs)
        let new = translator.translate(key, lookup: lookup, pods: { lookup.pod($0) }).objects
        guard !lookup.missed else { return .incomplete }
        return try Self.outcome(storedJSON: storedJSON, new: new)
    }

    /// Compares `new` with the stored translation; the rows when they differ.
    ///
    /// The stored objects the new translation drops are read without their bodies (only their
    /// keys and references count, for the order of the deletes), and their delete ops' rows are
    /// copied from the stored bytes. Should a row lack its object's bytes even so, the unit is
    /// prepared again with every stored object read in full.
    static func outcome(storedJSON: Data?, new: [MidoNetObject]) throws -> Outcome {
        let encoded = StoredJSON.encodeWithRanges(new)
        let stored = storedJSON.map { Array($0) }
        if let stored, stored.sameBytes(as: encoded.bytes) { return .unchanged }
        var bodiesOfDropped = false
        while true {
            var known = KnownObjectJSON()
            known.add(new, encoded.bytes, encoded.ranges)
            var old: [MidoNetObject] = []
            if let stored {
                let read: (objects: [MidoNetObject], ranges: [Range<Int>]?)
                do {
                    read = try StoredJSON.decodeObjectsWithRanges(stored, reusing: new, encoded: encoded, bodiesOfDropped: bodiesOfDropped)
                } catch let error as StoreError where error.code == .corruptRecord {
                    // A damaged row (a disk, a hand edit): what MidoNet holds for the unit is not
                    // known, so the unit is created afresh (creates of what exists resolve to
                    // "already exists"), and what the old row held and the new one does not is
                    // left to drift repair, which can read the unit again. Failing instead failed
                    // every batch with a change of the unit, for good.
                    let rows = Plan.operations(from: [], to: new).map { Rows.OperationRow($0, objectJSON: known.json(for: $0.object)) }
                    return .changed(Prepared(
                        isEmpty: new.isEmpty, translationJSON: new.isEmpty ? Data() : Data(encoded.bytes), operationRows: rows,
                        unreadableStored: error.reason))
                }
                old = read.objects
                if let ranges = read.ranges { known.add(old, stored, ranges) }
            }
            guard old != new else { return .unchanged }
            var rows: [Rows.OperationRow] = []
            var complete = true
            for operation in Plan.operations(from: old, to: new) {
                let json = known.json(for: operation.object)
                if json == nil, !bodiesOfDropped, operation.object.body.isNull {
                    complete = false
                    break
                }
                rows.append(Rows.OperationRow(operation, objectJSON: json))
            }
            if complete {
                return .changed(Prepared(isEmpty: new.isEmpty, translationJSON: new.isEmpty ? Data() : Data(encoded.bytes), operationRows: rows))
            }
            bodiesOfDropped = true
        }
    }
}

/// The JSON already written for a unit's objects (the new translation's, the stored one's), so
/// that an op's row copies its object's bytes instead of writing them again: most of a plan's
/// objects are one of those unchanged (a created rule whose position the plan moved is not).
struct KnownObjectJSON {
    private var entries: [UUIDKey: [(object: MidoNetObject, json: ArraySlice<UInt8>)]] = [:]

    mutating func add(_ objects: [MidoNetObject], _ bytes: [UInt8], _ ranges: [Range<Int>]) {
        for (object, range) in zip(objects, ranges) {
            entries[UUIDKey(object.id), default: []].append((object, bytes[range]))
        }
    }

    /// The JSON of an object equal to `object`, if one was added.
    func json(for object: MidoNetObject) -> ArraySlice<UInt8>? {
        entries[UUIDKey(object.id)]?.first { $0.object == object }?.json
    }
}
