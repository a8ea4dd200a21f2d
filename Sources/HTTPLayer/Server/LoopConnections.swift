import Logging
import Synchronization

/// The connections and listener of one server on one loop; touched only on that loop's thread.
final class LoopConnections: @unchecked Sendable {
    // Reason: created on the server's thread, then used only on `loop` (via loop.execute).
    let loop: EventLoop
    private var connections: [ObjectIdentifier: ServerConnection] = [:]
    var acceptor: Acceptor?
    /// Connections open on this loop or on their way to it, readable from any thread: an
    /// acceptor gives each new connection to the loop with the fewest (see `Acceptor`).
    let load = Atomic<Int>(0)

    init(loop: EventLoop) { self.loop = loop }

    func add(_ connection: ServerConnection) { connections[ObjectIdentifier(connection)] = connection }

    func remove(_ connection: ServerConnection) {
        if connections.removeValue(forKey: ObjectIdentifier(connection)) != nil { load.subtract(1, ordering: .relaxed) }
    }

    var all: [ServerConnection] { Array(connections.values) }

    /// Closes the listener and lets go of the acceptor: it points back at this registry, and
    /// the cycle would otherwise keep the loop (and its 64 KiB scratch) alive after shutdown.
    func closeAcceptor() {
        acceptor?.close()
        acceptor = nil
    }

    var count: Int { connections.count }
}

/// Accepts connections from one listening socket and gives each to the loop that has the fewest
/// (its own on a tie). The kernel spreads connections over the SO_REUSEPORT listeners by a hash
/// of their addresses: 16 connections often split 10 to 6, and the busier loop then sets the
/// pace while a core idles. Connections live long (kube-apiserver keeps them), so they are
/// balanced once, when accepted.
final class Acceptor: LoopRegistrant {
    private let socket: Socket
    private let registry: LoopConnections
    /// Every loop's registry, this one's included.
    private let peers: [LoopConnections]
    private let context: ServerContext

    init(socket: Socket, registry: LoopConnections, peers: [LoopConnections], context: ServerContext) throws(HTTPLayerError) {
        self.socket = socket
        self.registry = registry
        self.peers = peers
        self.context = context
        try registry.loop.register(socket.fd, interest: .read, self)
    }

    /// The registry a new connection goes to: the least loaded, this loop's on a tie (no hand-off).
    private func leastLoaded() -> LoopConnections {
        var chosen = registry
        var fewest = registry.load.load(ordering: .relaxed)
        for peer in peers where peer !== registry {
            let load = peer.load.load(ordering: .relaxed)
            if load < fewest {
                chosen = peer
                fewest = load
            }
        }
        return chosen
    }

    /// Sets up an accepted connection on `target`'s loop thread.
    private static func setUp(_ client: Socket, remote: String, on target: LoopConnections, context: ServerContext) {
        do {
            _ = try ServerConnection(socket: client, remoteAddress: remote, loop: target.loop, context: context, registry: target)
        } catch {
            target.load.subtract(1, ordering: .relaxed)
            context.logger.warning("could not set up a connection", metadata: ["error": "\(error)"])
        }
    }

    func handleEvents(_ events: UInt32) {
        // Bounded batch so a connect storm cannot starve existing connections.
        for _ in 0..<64 {
            switch socket.accept() {
            case .accepted(let client, let remote):
                // While shutting down, kept here: the other loop may be closing already.
                let target = context.isShuttingDown ? registry : leastLoaded()
                target.load.add(1, ordering: .relaxed)
                if target === registry {
                    Self.setUp(client, remote: remote, on: target, context: context)
                } else {
                    let transfer = AcceptedSocket(client)
                    let context = context
                    target.loop.execute { Self.setUp(transfer.socket, remote: remote, on: target, context: context) }
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

/// An accepted socket on its way to the loop that will own it; nothing touches it meanwhile.
private struct AcceptedSocket: @unchecked Sendable {
    // Reason: handed from the accepting loop to exactly one other loop thread, then used only there.
    let socket: Socket
    init(_ socket: Socket) { self.socket = socket }
}
