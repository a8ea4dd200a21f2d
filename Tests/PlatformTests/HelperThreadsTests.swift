import Foundation
import Synchronization
import Testing

@testable import Platform

@Suite struct HelperThreadsTests {
    /// First in, first out across the compactions of its storage, with pops between appends.
    @Test func theJobQueueGivesJobsBackInTheOrderTheyCameIn() {
        var queue = HelperThreads.JobQueue()
        let taken = Mutex<[Int]>([])
        var next = 0
        for round in 0..<50 {
            for _ in 0..<(round % 7 == 0 ? 3_000 : 40) {
                let number = next
                queue.append { taken.withLock { $0.append(number) } }
                next += 1
            }
            for _ in 0..<(round % 3 == 0 ? 10 : 2_000) { queue.popFirst()?() }
        }
        while let job = queue.popFirst() { job() }
        #expect(queue.isEmpty)
        #expect(taken.withLock { $0 } == Array(0..<next))
    }

    /// One thread runs thousands of jobs submitted at once, in submission order.
    @Test func oneThreadRunsJobsInSubmissionOrder() {
        let threads = HelperThreads(count: 1, nice: 0)
        let ran = Mutex<[Int]>([])
        let done = DispatchSemaphore(value: 0)
        let count = 5_000
        for number in 0..<count {
            threads.submit {
                let finished = ran.withLock {
                    $0.append(number)
                    return $0.count == count
                }
                if finished { done.signal() }
            }
        }
        #expect(done.wait(timeout: .now() + 60) == .success)
        #expect(ran.withLock { $0 } == Array(0..<count))
    }
}
