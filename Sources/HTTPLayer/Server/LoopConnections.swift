import Logging
import Synchronization

/// The connections and listener of one server on one loop; touched only on that loop's thread.
final class LoopConnections: @unchecked Sendable {
    // Reason: created on the server's thread, then used only on `loop` (via loop.execute).
    let loop: EventLoop
    private var connections: [ObjectIdentifier: ServerConnection] = [:]
    var acceptor: Acceptor?

    init(loop: EventLoop) { self.loop = loop }

    func add(_ connection: ServerConnection) { connections[ObjectIdentifier(connection)] = connection }

    func remove(_ connection: ServerConnection) { connections[ObjectIdentifier(connection)] = nil }

    var all: [ServerConnection] { Array(connections.values) }

    /// Closes the listener and lets go of the acceptor: it points back at this registry, and
    /// the cycle would otherwise keep the loop (and its 64 KiB scratch) alive after shutdown.
    func closeAcceptor() {
        acceptor?.close()
        acceptor = nil
    }

    var count: Int { connections.count }
}

/// Accepts connections from one listening socket onto its loop.
final class Acceptor: LoopRegistrant {
    private let socket: Socket
    private let registry: LoopConnections
    private let context: ServerContext

    init(socket: Socket, registry: LoopConnections, context: ServerContext) throws(HTTPLayerError) {
        self.socket = socket
        self.registry = registry
        self.context = context
        try registry.loop.register(socket.fd, interest: .read, self)
    }

    func handleEvents(_ events: UInt32) {
        // Bounded batch so a connect storm cannot starve existing connections.
        for _ in 0..<64 {
            switch socket.accept() {
            case .accepted(let client, let remote):
                do {
                    _ = try ServerConnection(socket: client, remoteAddress: remote, loop: registry.loop,
                                             context: context, registry: registry)
                } catch {
                    context.logger.warning("could not set up a connection", metadata: ["error": "\(error)"])
                }
            case .none:
                return
            case .failed(let code):
                // Out of descriptors or memory: the pending connection stays queued, and a
                // level-triggered listener would spin. Stop listening for a moment.
                context.logger.warning("accept failed; pausing", metadata: ["error": "\(HTTPLayerError.system(.ioFailed, "accept", code))"])
                registry.loop.setInterest(socket.fd, [])
                pausedUntil = .now + Self.pauseAfterFailure
                return
            }
        }
    }

    /// How long accepting pauses after accept(2) fails (EMFILE, ENFILE, ENOBUFS).
    static let pauseAfterFailure: Duration = .milliseconds(200)
    private var pausedUntil: MonotonicTime?

    func tick(now: MonotonicTime) {
        guard let until = pausedUntil, now >= until, socket.isOpen else { return }
        pausedUntil = nil
        registry.loop.setInterest(socket.fd, .read)
    }

    /// Stops accepting: closes the listening socket.
    func close() {
        guard socket.isOpen else { return }
        registry.loop.deregister(socket.fd)
        socket.close()
    }
}
