import Logging
import Synchronization

/// What every connection of one server shares: immutable settings, the handler, counters.
final class ServerContext: Sendable {
    let configuration: ServerConfiguration
    let handler: any HTTPHandler
    let counters = ServerCounters()
    let logger: Logger
    let tls: TLSContextReloader?
    /// Set once shutdown begins: keep-alive ends, h2 sends GOAWAY.
    let shuttingDown = Atomic<Bool>(false)

    init(configuration: ServerConfiguration, handler: any HTTPHandler, logger: Logger) throws(HTTPLayerError) {
        self.configuration = configuration
        self.handler = handler
        self.logger = logger
        tls = try configuration.tls.map { (tls) throws(HTTPLayerError) in
            try TLSContextReloader(configuration: tls, logger: logger)
        }
    }

    var isShuttingDown: Bool { shuttingDown.load(ordering: .relaxed) }
}

/// A protocol spoken over an established server connection (HTTP/1.1 or HTTP/2).
protocol ServerProtocolHandler: AnyObject {
    /// Bytes received from the peer (already decrypted).
    func receive(_ bytes: UnsafeRawBufferPointer)
    /// The connection's output buffer was written out: a chance to produce more.
    func outputDrained()
    /// The peer closed its side.
    func peerClosed()
    /// About every 100 ms: timeouts.
    func tick(now: MonotonicTime)
    /// Shutdown began: finish what is in flight, accept nothing new.
    func beginGracefulShutdown()
    /// The connection is closing: drop references and C state.
    func teardown()
}

/// Request checks that come from the RoutePolicy rather than the wire.
enum RouteAccess {
    /// The status refusing `head` under `policy`, or nil when the request may proceed:
    /// 401 without a client certificate, 403 with one that did not verify.
    static func refusal(_ policy: RoutePolicy, _ head: HTTPRequestHead) -> HTTPResponse? {
        guard policy.requiresClientCertificate else { return nil }
        guard let certificate = head.connection.clientCertificate else {
            return .text(status: 401, "a client certificate is required\n")
        }
        return certificate.verified ? nil : .text(status: 403, "the client certificate is not trusted\n")
    }
}
