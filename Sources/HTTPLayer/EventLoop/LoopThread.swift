internal import Glibc

/// A dedicated POSIX thread (not a Swift cooperative-pool thread) running one closure.
final class LoopThread: @unchecked Sendable {
    // Reason: `handle` is written once in `start`, before any other thread can call `join`.
    private var handle = pthread_t()
    private var started = false

    /// Starts the thread; `body` runs on it. A detached thread is never joined: the system
    /// reclaims it when `body` returns (a joinable one that nobody joins stays a zombie).
    func start(detached: Bool = false, _ body: @escaping @Sendable () -> Void) {
        let box = Unmanaged.passRetained(ThreadBody(body)).toOpaque()
        let result = pthread_create(&handle, nil, loopThreadEntry, box)
        precondition(result == 0, "pthread_create failed: \(result)")
        if detached {
            pthread_detach(handle)
        } else {
            started = true
        }
    }

    /// Waits for the thread to return. Must not be called from the thread itself.
    func join() {
        guard started else { return }
        started = false
        pthread_join(handle, nil)
    }
}

private final class ThreadBody {
    let run: @Sendable () -> Void
    init(_ run: @escaping @Sendable () -> Void) { self.run = run }
}

private func loopThreadEntry(_ argument: UnsafeMutableRawPointer?) -> UnsafeMutableRawPointer? {
    guard let argument else { preconditionFailure("loop thread started without a body") }
    Unmanaged<ThreadBody>.fromOpaque(argument).takeRetainedValue().run()
    return nil
}
