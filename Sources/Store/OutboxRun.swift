import Foundation

/// One row of `outbox_runs`: consecutive operations of one owner, queued by one transaction for
/// one translation unit (a Service's change queues a dozen). One row per run rather than per op:
/// the ingest writer inserts one row and one index entry where it inserted twelve, and writes a
/// third fewer bytes per audit event.
///
/// The applier still sees operations one by one (`QueuedOperation`): an op's `seq` is its run's
/// seq times `indexLimit` plus its index in the run, so ops keep the order they were queued in.
/// `outbox_progress` holds how far the applier got in a run (and the current op's failed
/// attempts); a parked op moves to `outbox_parked` under its own seq.
enum OutboxRun {
    /// Operations per run at most: the applier reads a run's whole `ops` blob to take one op
    /// from it, so runs stay small (a unit's plan longer than this takes several rows).
    static let maxOperations = 32
    /// The op seq of index `i` in run `r` is `r * indexLimit + i`.
    static let indexLimit: Int64 = 1 << 16

    static func operationSeq(run: Int64, index: Int) -> Int64 { run * indexLimit + Int64(index) }
    static func run(of operationSeq: Int64) -> Int64 { operationSeq / indexLimit }
    static func index(of operationSeq: Int64) -> Int { Int(operationSeq % indexLimit) }

    /// Byte strings, each preceded by its length (4 bytes, little-endian): the `ops` blob (one
    /// operation's JSON each) and the `object_keys` blob (each op's object key, then its host
    /// name or nothing). No byte of the content has to be escaped or avoided.
    static func frame(_ parts: some Sequence<some Collection<UInt8>>) -> Data {
        var data = Data()
        for part in parts {
            let count = UInt32(part.count)
            data.append(contentsOf: [UInt8(count & 0xFF), UInt8(count >> 8 & 0xFF), UInt8(count >> 16 & 0xFF), UInt8(count >> 24)])
            data.append(contentsOf: part)
        }
        return data
    }

    /// The parts of a framed blob from `first` on, `limit` of them at most (earlier ones are
    /// skipped by their lengths). Throws when a length runs past the end: the row is corrupt.
    static func parts(of data: Data, from first: Int = 0, limit: Int = .max) throws -> [Data] {
        var parts: [Data] = []
        var offset = data.startIndex
        var index = 0
        while offset < data.endIndex, parts.count < limit {
            guard data.endIndex - offset >= 4 else { throw StoreError(.corruptRecord, "an outbox run's framing is cut short") }
            let count = Int(data[offset]) | Int(data[offset + 1]) << 8 | Int(data[offset + 2]) << 16 | Int(data[offset + 3]) << 24
            let start = offset + 4
            guard data.endIndex - start >= count else { throw StoreError(.corruptRecord, "an outbox run's part runs past its end") }
            if index >= first { parts.append(data[start..<start + count]) }
            offset = start + count
            index += 1
        }
        return parts
    }
}
