public import Foundation

/// Runs `body` on a thread of its own and awaits its result.
///
/// Swift Testing runs tests on Swift's cooperative pool, which has as many threads as cores (2
/// here). A test that computes for a minute, or blocks, on one of them stalls every async test
/// waiting for a thread: on a loaded machine a keep-alive test once sat 60 s between two
/// requests, long enough for the server's idle timeout. CPU-heavy tests do their work here and
/// check the result back in the test (`#expect` belongs to the test's own task).
public func onOwnThread<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
    try await withCheckedThrowingContinuation { continuation in
        Thread.detachNewThread { continuation.resume(with: Result { try body() }) }
    }
}
