import Testing

@testable import HTTPLayer

@Suite struct TotalsToIncrementsTests {
    @Test func eachCallReturnsTheGrowthSinceTheLastOneAndNeverLess() {
        let totals = TotalsToIncrements()
        #expect(totals.increment("a", total: 5) == 5)
        #expect(totals.increment("a", total: 5) == 0)
        #expect(totals.increment("a", total: 12) == 7)
        // Another name is counted on its own.
        #expect(totals.increment("b", total: 3) == 3)
        // A total that went down (its keeper restarted) is no growth, and what it had counted stays.
        #expect(totals.increment("a", total: 2) == 0)
        #expect(totals.increment("a", total: 14) == 2)
    }
}
