import Model
import Testing

@Suite struct SplitMix64Tests {
    @Test func matchesTheReferenceSequence() {
        // First outputs of SplitMix64 seeded with 1234567 (the reference C implementation).
        var generator = SplitMix64(seed: 1_234_567)
        #expect(generator.next() == 6_457_827_717_110_365_317)
        #expect(generator.next() == 3_203_168_211_198_807_973)
    }

    @Test func unitDrawsStayBelowOne() {
        var generator = SplitMix64(seed: 7)
        #expect((0..<1000).allSatisfy { _ in (0.0..<1.0).contains(generator.nextUnit()) })
    }
}
