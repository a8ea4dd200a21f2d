import Testing

@testable import Applier

@Suite struct DriftScheduleTests {
    @Test func stuckOpsBringAPassAfterFiveSecondsOtherwiseTheInterval() {
        let schedule = DriftSchedule(interval: 60)
        #expect(!schedule.isDue(elapsed: 4.9, stuck: true))
        #expect(schedule.isDue(elapsed: 5, stuck: true))
        #expect(!schedule.isDue(elapsed: 59, stuck: false))
        #expect(schedule.isDue(elapsed: 60, stuck: false))
    }

    /// Failed passes double the wait for stuck ops up to the interval; a pass that works
    /// brings it back to 5 s.
    @Test func failedPassesWaitLongerUpToTheInterval() {
        var schedule = DriftSchedule(interval: 60)
        var waits: [Double] = []
        for _ in 0..<6 {
            schedule.failed()
            waits.append(schedule.stuckWait)
        }
        #expect(waits == [10, 20, 40, 60, 60, 60])
        #expect(!schedule.isDue(elapsed: 59, stuck: true))
        schedule.passed()
        #expect(schedule.isDue(elapsed: 5, stuck: true))
    }

    @Test func anIntervalShorterThanFiveSecondsBoundsTheStuckWaitToo() {
        var schedule = DriftSchedule(interval: 2)
        #expect(schedule.isDue(elapsed: 2, stuck: true))
        schedule.failed()
        #expect(schedule.stuckWait == 2)
    }
}
