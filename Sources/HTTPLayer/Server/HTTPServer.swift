internal import Dispatch
internal import Glibc
public import Logging
import Synchronization

/// An HTTP/1.1 and HTTP/2 (over TLS with ALPN) server on one epoll event loop per core.
///
/// `start()` binds one SO_REUSEPORT listener per loop; each accepted connection goes to the loop
/// with the fewest connections and stays there. Handlers run on the loop thread and may respond
/// later from any thread.
public final class HTTPServer: Sendable {
    private enum State {
        case idle
        case starting
        case running(EventLoopGroup, [LoopConnections], port: Int)
        case stopping
        case stopped
    }

    private let context: ServerContext
    private let state = Mutex<State>(.idle)
    private let stopped = DispatchSemaphore(value: 0)

    /// Validates the configuration and loads the TLS certificate; nothing is bound yet.
    public init(configuration: ServerConfiguration, handler: any HTTPHandler, logger: Logger) throws {
        context = try ServerContext(configuration: configuration, handler: handler, logger: logger)
    }

    /// Binds the listeners and starts the loops. Throws `bind_failed` if the address is taken.
    public func start() throws {
        // SSL_write on a socket the peer closed raises SIGPIPE; the error value is enough.
        signal(SIGPIPE, SIG_IGN)
        try state.withLock { (state) throws(HTTPLayerError) in
            guard case .idle = state else { throw HTTPLayerError(.serverNotRunning, "start() called twice") }
            state = .starting
        }
        do {
            try bindAndRun()
        } catch {
            state.withLock { $0 = .stopped }
            stopped.signal()
            throw error
        }
    }

    private func bindAndRun() throws {
        let configuration = context.configuration
        let loopCount = max(1, configuration.loops)
        let sockets = try ListeningSocket.bind(host: configuration.host, port: configuration.port, count: loopCount)
        let port = sockets.first?.localPort() ?? configuration.port
        let group = try EventLoopGroup(count: loopCount, name: "http")
        let registries = group.loops.map { LoopConnections(loop: $0) }
        let setupErrors = Mutex<[HTTPLayerError]>([])
        let ready = DispatchSemaphore(value: 0)
        for (registry, socket) in zip(registries, sockets) {
            let transfer = SocketTransfer(socket)
            let context = context
            registry.loop.execute {
                do throws(HTTPLayerError) {
                    registry.acceptor = try Acceptor(socket: transfer.socket, registry: registry, peers: registries, context: context)
                } catch {
                    setupErrors.withLock { $0.append(error) }
                }
                ready.signal()
            }
        }
        for _ in registries { ready.wait() }
        if let error = setupErrors.withLock({ $0.first }) {
            let closed = DispatchSemaphore(value: 0)
            for registry in registries {
                registry.loop.execute {
                    registry.closeAcceptor()
                    closed.signal()
                }
            }
            for _ in registries { closed.wait() }
            group.stopAndJoin()
            throw error
        }
        state.withLock { $0 = .running(group, registries, port: port) }
        context.logger.info("listening", metadata: [
            "address": "\(configuration.host):\(port)", "tls": "\(configuration.tls != nil)", "loops": "\(loopCount)",
        ])
    }

    /// The bound port (useful with port 0); 0 before `start()`.
    public var boundPort: Int {
        state.withLock { state in
            if case .running(_, _, let port) = state { return port }
            return 0
        }
    }

    /// The loops' registries while running; tests check that they are freed after shutdown.
    var runningRegistries: [LoopConnections] {
        state.withLock { state in
            if case .running(_, let registries, _) = state { return registries }
            return []
        }
    }

    /// A snapshot of the counters.
    public var statistics: ServerStatistics { context.counters.snapshot }

    /// Stops accepting, lets in-flight requests finish (up to `shutdownGrace`), sends GOAWAY on
    /// HTTP/2 connections, closes everything and stops the loops. Blocks until done. Safe to call
    /// more than once and from any thread except a loop thread.
    public func shutdownGracefully() {
        enum Action { case shutDown(EventLoopGroup, [LoopConnections]), markStopped, wait }
        let action: Action = state.withLock { state in
            switch state {
            case .running(let group, let registries, _):
                state = .stopping
                return .shutDown(group, registries)
            case .idle:
                state = .stopped
                return .markStopped
            case .starting, .stopping, .stopped:
                return .wait
            }
        }
        let group: EventLoopGroup, registries: [LoopConnections]
        switch action {
        case .shutDown(let runningGroup, let runningRegistries):
            group = runningGroup
            registries = runningRegistries
        case .markStopped:
            stopped.signal()
            return
        case .wait:
            waitUntilStopped()
            return
        }
        context.shuttingDown.store(true, ordering: .relaxed)
        for registry in registries {
            registry.loop.execute {
                registry.closeAcceptor()
                for connection in registry.all { connection.beginGracefulShutdown() }
            }
        }
        let deadline = MonotonicTime.now + context.configuration.shutdownGrace
        while context.counters.openConnections.load(ordering: .relaxed) > 0, MonotonicTime.now < deadline {
            usleep(10_000)
        }
        let remaining = context.counters.openConnections.load(ordering: .relaxed)
        if remaining > 0 {
            context.logger.warning("shutdown grace elapsed; closing connections", metadata: ["open": "\(remaining)"])
        }
        let closed = DispatchSemaphore(value: 0)
        for registry in registries {
            registry.loop.execute {
                for connection in registry.all { connection.close() }
                closed.signal()
            }
        }
        for _ in registries { closed.wait() }
        group.stopAndJoin()
        state.withLock { $0 = .stopped }
        context.logger.info("stopped")
        stopped.signal()
    }

    /// Blocks until the server has stopped (after `shutdownGracefully`, perhaps from a signal).
    public func waitUntilStopped() {
        stopped.wait()
        // Let every other waiter through too.
        stopped.signal()
    }
}

/// Moves a listening socket to its loop thread once; nothing else touches it meanwhile.
private struct SocketTransfer: @unchecked Sendable {
    // Reason: handed from the starting thread to exactly one loop thread, then used only there.
    let socket: Socket
    init(_ socket: Socket) { self.socket = socket }
}
