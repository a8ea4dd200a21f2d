import Synchronization

/// Bounded connections to one origin. A request takes an idle live connection, or permission
/// to open a new one while fewer than `limit` exist, or waits for one to be released.
final class ConnectionPool: Sendable {
    enum Lease: Sendable {
        case reuse(ClientConnection)
        case create
    }

    private struct State {
        var idle: [ClientConnection] = []
        var open = 0
        var waiters: [CheckedContinuation<Lease, any Error>] = []
        var shutDown = false
    }

    let limit: Int
    private let state = Mutex(State())

    init(limit: Int) { self.limit = max(1, limit) }

    func acquire() async throws -> Lease {
        try await withCheckedThrowingContinuation { continuation in
            let lease: Result<Lease, HTTPLayerError>? = state.withLock { state in
                if state.shutDown { return .failure(HTTPLayerError(.clientShutdown, "the client was shut down")) }
                while let connection = state.idle.popLast() {
                    if connection.isAlive { return .success(.reuse(connection)) }
                    state.open -= 1
                }
                if state.open < limit {
                    state.open += 1
                    return .success(.create)
                }
                state.waiters.append(continuation)
                return nil
            }
            if let lease { continuation.resume(with: lease) }
        }
    }

    /// Returns a connection after an exchange; `reusable` false (or a dead connection) frees its slot.
    func release(_ connection: ClientConnection?, reusable: Bool) {
        let handOff: (CheckedContinuation<Lease, any Error>, Lease)? = state.withLock { state in
            if let connection, reusable, connection.isAlive, !state.shutDown {
                if !state.waiters.isEmpty { return (state.waiters.removeFirst(), .reuse(connection)) }
                state.idle.append(connection)
                return nil
            }
            if !state.waiters.isEmpty { return (state.waiters.removeFirst(), .create) }
            state.open -= 1
            return nil
        }
        if let connection, !reusable || !connection.isAlive { connection.closeSoon() }
        if let (waiter, lease) = handOff { waiter.resume(returning: lease) }
    }

    /// Closes idle connections and fails waiters.
    func shutdown() {
        let (idle, waiters) = state.withLock { state in
            state.shutDown = true
            defer {
                state.idle = []
                state.waiters = []
            }
            return (state.idle, state.waiters)
        }
        for connection in idle { connection.closeSoon() }
        for waiter in waiters { waiter.resume(throwing: HTTPLayerError(.clientShutdown, "the client was shut down")) }
    }
}
