import Foundation

/// Runs `body` on a thread of its own and awaits its result; one such body at a time in the
/// test process.
///
/// Swift Testing runs tests on Swift's cooperative pool, which has as many threads as cores (2
/// here). A test that computes for a minute, or blocks, on one of them stalls every async test
/// waiting for a thread: on a loaded machine a keep-alive test once sat 60 s between two
/// requests, long enough for the server's idle timeout. CPU-heavy tests do their work here and
/// check the result back in the test (`#expect` belongs to the test's own task).
///
/// One at a time (`heavyWork`): with four decoder-parity mutation tests computing at once on 2
/// cores, everything else in the suite got a fraction of a core for over a minute, and tests
/// with time bounds failed (a drain with a 30 s deadline, a client pool's connection count).
public func onOwnThread<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
    try await offThePool {
        heavyWork.wait()
        defer { heavyWork.signal() }
        return try body()
    }
}

/// Admits one `onOwnThread` body at a time (waited on by its own thread, never by the pool).
private let heavyWork = DispatchSemaphore(value: 1)

/// Runs blocking `body` (waiting on child processes, polling with `usleep`) on a thread of its
/// own, so that it holds none of the cooperative pool's threads while it waits. Unlike
/// `onOwnThread`, any number run at once: they wait, they do not compute.
public func offThePool<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
    try await withCheckedThrowingContinuation { continuation in
        Thread.detachNewThread { continuation.resume(with: Result { try body() }) }
    }
}
