import Dispatch
import Foundation
import HTTPLayer
import Logging

/// The emulator on our HTTP layer: turns HTTP requests into core requests, runs the core off the
/// event-loop thread, and applies the answer's delay (`--latency-ms`) and resets.
struct EmulatorHTTPHandler: HTTPHandler {
    let emulator: Emulator
    /// `http` or `https`, for the absolute URIs in answers.
    let scheme: String
    /// `host:port` used for URIs when a request has no Host header (HTTP/2 sends `:authority`).
    let defaultAuthority: String
    let latency: Duration
    /// Seconds since 1970, for token expiry (tests substitute their own clock).
    let clock: @Sendable () -> Double

    /// 16 MiB: far above any MidoNet object; a list answer is not bounded by this.
    func policy(for head: HTTPRequestHead) -> RoutePolicy {
        RoutePolicy(maxBodyBytes: 16 * 1024 * 1024)
    }

    func handle(_ request: HTTPRequest, responder: HTTPResponder) {
        var headers = EmulatorHeaders(request.headers.fields.map { (name: $0.name, value: $0.value) })
        if headers["Host"] == nil { headers.add("Host", defaultAuthority) }
        let coreRequest = EmulatorRequest(
            method: request.method, path: request.path, query: request.query, headers: headers, body: request.body,
            scheme: scheme, time: clock())
        let emulator = emulator, latency = latency
        // A list of 100,000 rules takes a while to render: keep it off the loop thread.
        DispatchQueue.global().async {
            let response = emulator.handle(coreRequest)
            let deliver: @Sendable () -> Void = {
                switch response.action {
                case .answer: responder.respond(Self.httpResponse(response))
                case .reset: ConnectionReset.perform(responder)
                }
            }
            if latency > .zero {
                let nanoseconds = Int(latency.components.seconds) * 1_000_000_000 + Int(latency.components.attoseconds / 1_000_000_000)
                DispatchQueue.global().asyncAfter(deadline: .now() + .nanoseconds(nanoseconds), execute: deliver)
            } else {
                deliver()
            }
        }
    }

    static func httpResponse(_ response: EmulatorResponse) -> HTTPResponse {
        HTTPResponse(status: response.status, headers: HTTPHeaders(response.headers.fields.map { ($0.name, $0.value) }), body: response.body)
    }
}

/// How a `--reset-rate` reset reaches the client: the connection is reset (TCP RST) without an
/// answer, as when MidoNet's API server or a proxy before it goes away mid-request.
enum ConnectionReset {
    static func perform(_ responder: HTTPResponder) {
        responder.abort()
    }
}

/// The running emulator: an `HTTPServer` around an `Emulator`.
final class EmulatorServer: Sendable {
    let emulator: Emulator
    let server: HTTPServer

    /// `host` and `port` to listen on (port 0 picks one); TLS when certificate files are given.
    init(emulator: Emulator, host: String, port: Int, tls: TLSConfiguration? = nil, loops: Int = 2, logger: Logger,
         clock: @escaping @Sendable () -> Double = { Date().timeIntervalSince1970 }) throws {
        self.emulator = emulator
        let authority = host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)"
        let handler = EmulatorHTTPHandler(
            emulator: emulator, scheme: tls == nil ? "http" : "https", defaultAuthority: authority,
            latency: .milliseconds(emulator.configuration.faults.latencyMilliseconds), clock: clock)
        let configuration = ServerConfiguration(host: host, port: port, tls: tls.map { tls in
            // MidoNet clients speak HTTP/1.1.
            var tls = tls
            tls.alpn = ["http/1.1"]
            return tls
        }, loops: loops)
        server = try HTTPServer(configuration: configuration, handler: handler, logger: logger)
    }

    func start() throws { try server.start() }

    var boundPort: Int { server.boundPort }

    func shutdown() { server.shutdownGracefully() }
}
