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

    private let work = Mutex<[@Sendable () -> Void]>([])
    private let available = DispatchSemaphore(value: 0)

    init(count: Int, nice: Int32) {
        for index in 0..<count {
            let thread = Thread { [self] in
                // 0: the calling thread (Linux keeps a nice value per thread, not per process).
                _ = setpriority(__priority_which_t(PRIO_PROCESS.rawValue), 0, nice)
                while true {
                    available.wait()
                    let next = work.withLock { $0.isEmpty ? nil : $0.removeFirst() }
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
