import Testing

@testable import Applier

@Suite struct RetryPolicyTests {
    @Test(arguments: [(1, 0.25), (2, 0.5), (3, 1.0), (4, 2.0), (5, 4.0), (6, 8.0), (7, 16.0), (8, 30.0), (50, 30.0)])
    func delaysDoubleUpToTheCap(attempt: Int, base: Double) {
        let policy = RetryPolicy()
        #expect(abs(policy.delay(afterFailedAttempt: attempt, random: 0.5) - base) < 1e-9)
        #expect(abs(policy.delay(afterFailedAttempt: attempt, random: 0) - base * 0.75) < 1e-9)
        #expect(policy.delay(afterFailedAttempt: attempt, random: 0.999_999) < base * 1.25)
    }
}
