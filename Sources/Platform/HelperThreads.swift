import Foundation
internal import Glibc
import Synchronization

/// The threads that do work which must not hold up an event loop or the store's writer: the
/// writer's pure work (`TranslationPipeline`) and the decoding of audit batches. One per
/// processor the process may use (`ProcessorBudget`: affinity and CPU quota, not the node's
/// cores), at a lower scheduling priority (nice 10). Under heavy audit traffic the ingest may
/// take every core the webhook's event loops and the writer leave idle, but those, the loops
/// answering kube-apiserver's admission calls above all, come first whenever they have work.
/// (One thread fewer than the cores cost a fifth of the ingest throughput on 2 cores: while the
/// writer waits for a unit, a core stood idle.)
public final class HelperThreads: Sendable {
    public static let shared = HelperThreads(count: ProcessorBudget.process.count, nice: 10)

    private let work = Mutex(JobQueue())
    private let available = DispatchSemaphore(value: 0)

    /// First in, first out, in O(1) per job: an ingest transaction queues thousands of units at
    /// once, and `Array.removeFirst` moved every job behind the one taken.
    struct JobQueue {
        private var jobs: [(@Sendable () -> Void)?] = []
        private var head = 0

        var isEmpty: Bool { head == jobs.count }

        mutating func append(_ job: @escaping @Sendable () -> Void) { jobs.append(job) }

        mutating func popFirst() -> (@Sendable () -> Void)? {
            guard head < jobs.count else { return nil }
            let job = jobs[head]
            jobs[head] = nil
            head += 1
            // Taken jobs are dropped once they are half of the storage: amortised O(1).
            if head == jobs.count {
                jobs.removeAll(keepingCapacity: true)
                head = 0
            } else if head >= 1024, head * 2 >= jobs.count {
                jobs.removeFirst(head)
                head = 0
            }
            return job
        }
    }

    init(count: Int, nice: Int32) {
        for index in 0..<count {
            let thread = Thread { [self] in
                // 0: the calling thread (Linux keeps a nice value per thread, not per process).
                _ = setpriority(__priority_which_t(PRIO_PROCESS.rawValue), 0, nice)
                while true {
                    available.wait()
                    let next = work.withLock { $0.popFirst() }
                    next?()
                }
            }
            thread.name = "helper-\(index)"
            thread.start()
        }
    }

    /// Runs `job` on one of the threads, in submission order as threads free up.
    public func submit(_ job: @escaping @Sendable () -> Void) {
        work.withLock { $0.append(job) }
        available.signal()
    }
}
