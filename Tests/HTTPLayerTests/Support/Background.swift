import Foundation

/// Runs a blocking closure on its own thread; `wait` returns its result.
final class Background<Value: Sendable>: @unchecked Sendable {
    // Reason: `value` is written once by the worker before `done` is signalled, read after.
    private var value: Value?
    private let done = DispatchSemaphore(value: 0)

    init(_ work: @escaping @Sendable () -> Value) {
        let thread = Thread { [self] in
            value = work()
            done.signal()
        }
        thread.start()
    }

    /// The result, or nil if the work did not finish within `timeout` seconds.
    func wait(timeout: Double = 120) -> Value? {
        guard done.wait(timeout: .now() + timeout) == .success else { return nil }
        done.signal()
        return value
    }
}

/// Polls `condition` every 10 ms for up to `timeout` seconds.
func eventually(timeout: Double = 30, _ condition: () -> Bool) -> Bool {
    let deadline = Date().addingTimeInterval(timeout)
    while Date() < deadline {
        if condition() { return true }
        usleep(10_000)
    }
    return condition()
}
