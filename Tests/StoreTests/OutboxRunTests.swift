import Foundation
import Testing

@testable import Store

/// `OutboxRun`: the framing of a run's ops and keys, and the seq numbers of its ops.
@Suite struct OutboxRunTests {
    @Test func framedPartsReadBackFromAnyIndex() throws {
        let parts: [[UInt8]] = [Array("{\"create\":1}".utf8), [], Array("a\nb\t\u{0}c".utf8), [UInt8](repeating: 0xFF, count: 70_000)]
        let framed = OutboxRun.frame(parts)
        #expect(try OutboxRun.parts(of: framed).map(Array.init) == parts)
        #expect(try OutboxRun.parts(of: framed, from: 2).map(Array.init) == Array(parts[2...]))
        #expect(try OutboxRun.parts(of: framed, from: 1, limit: 1).map(Array.init) == [parts[1]])
        #expect(try OutboxRun.parts(of: framed, from: 4).isEmpty)
        #expect(try OutboxRun.parts(of: Data()).isEmpty)
        // From a slice that does not start at index 0, as a row's bytes may come.
        let sliced = (Data([9, 9]) + framed).dropFirst(2)
        #expect(try OutboxRun.parts(of: sliced, from: 3).map(Array.init) == [parts[3]])
    }

    @Test(arguments: [1, 3, 5, 12])
    func aBlobCutShortIsACorruptRecord(length: Int) {
        let framed = OutboxRun.frame([Array("{\"create\":1}".utf8)])
        #expect(throws: StoreError.self) { try OutboxRun.parts(of: framed.prefix(length)) }
    }

    @Test func operationSeqsKeepTheOrderOfRunsThenIndexes() {
        let seqs = [(7, 0), (7, 1), (7, 31), (8, 0), (1_000_000_000, 65_535)].map { OutboxRun.operationSeq(run: Int64($0.0), index: $0.1) }
        #expect(seqs == seqs.sorted())
        #expect(seqs.map(OutboxRun.run(of:)) == [7, 7, 7, 8, 1_000_000_000])
        #expect(seqs.map(OutboxRun.index(of:)) == [0, 1, 31, 0, 65_535])
        #expect(Int64(OutboxRun.maxOperations) < OutboxRun.indexLimit)
    }
}
