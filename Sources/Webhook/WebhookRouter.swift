import Foundation
import HTTPLayer
import Logging
import Model
import Store
import Synchronization

/// Routes of `midonet-webhook serve`: `/validate`, `/audit`, `/healthz`, `/readyz`, `/metrics`.
final class WebhookRouter: HTTPHandler {
    struct Limits: Sendable {
        /// 8 MiB: a write body is capped at 3 MiB and a review carries object and oldObject.
        var validateBodyBytes = 8 * 1024 * 1024
        /// 64 MiB: the apiserver's audit truncation is off by default; 400-event batches of
        /// large objects reach tens of MB.
        var auditBodyBytes = 64 * 1024 * 1024
        /// Whether `/audit` requires a verified client certificate (set with `--client-ca-file`).
        var auditRequiresClientCertificate = false
    }

    let limits: Limits
    let validation: ValidationStateCache
    let audit: AuditEndpoint
    let store: Store
    let metrics: WebhookMetrics
    let logger: Logger
    /// Set once the server is listening with its certificate loaded.
    let serving = Atomic<Bool>(false)
    private let serverStatistics = Mutex<(@Sendable () -> ServerStatistics)?>(nil)

    init(limits: Limits, validation: ValidationStateCache, audit: AuditEndpoint, store: Store, metrics: WebhookMetrics, logger: Logger) {
        self.limits = limits
        self.validation = validation
        self.audit = audit
        self.store = store
        self.metrics = metrics
        self.logger = logger
    }

    func attach(statistics: @escaping @Sendable () -> ServerStatistics) {
        serverStatistics.withLock { $0 = statistics }
    }

    func policy(for head: HTTPRequestHead) -> RoutePolicy {
        switch head.path {
        case "/validate": RoutePolicy(maxBodyBytes: limits.validateBodyBytes)
        case "/audit": RoutePolicy(maxBodyBytes: limits.auditBodyBytes, requiresClientCertificate: limits.auditRequiresClientCertificate)
        // Health, readiness and metrics carry no body.
        case "/healthz", "/readyz", "/metrics": RoutePolicy(maxBodyBytes: 0)
        // Small enough to be harmless, large enough to answer "no such route" rather than 413.
        default: RoutePolicy(maxBodyBytes: 64 * 1024)
        }
    }

    func handle(_ request: HTTPRequest, responder: HTTPResponder) {
        // MonotonicTime, not ContinuousClock: no 128-bit `Duration` arithmetic per request.
        let started = MonotonicTime.now
        switch (request.method, request.path) {
        case ("POST", "/validate"):
            let published = validation.current
            let answer = AdmissionEndpoint.answer(request.body, state: published.state)
            if answer.verdict == .denied {
                logger.info("denied", metadata: ["object": "\(answer.object ?? "")", "reason": "\(answer.message ?? "")"])
            } else if answer.verdict == .invalid || answer.verdict == .errored {
                logger.notice("unreadable admission review", metadata: ["reason": "\(answer.message ?? "")", "peer": "\(request.connection.remoteAddress)"])
            }
            responder.respond(.json(status: answer.status, body: answer.body))
            metrics.validated(verdict: answer.verdict, seconds: Double(MonotonicTime.now.nanoseconds &- started.nanoseconds) / 1e9)
        case ("POST", "/audit"):
            audit.handle(request, responder: responder)
        case ("GET", "/healthz"):
            responder.respond(.text("ok\n"))
        case ("GET", "/readyz"):
            let ready = serving.load(ordering: .relaxed) && validation.isReady
            responder.respond(ready ? .text("ok\n") : .text(status: 503, "not ready: \(validation.isReady ? "not serving yet" : "store not read yet")\n"))
        case ("GET", "/metrics"):
            let server = serverStatistics.withLock { $0 }?()
            let body = metrics.render(server: server, store: try? store.statistics(), validation: validation)
            var response = HTTPResponse(status: 200, body: body)
            response.headers.replaceOrAdd(name: "Content-Type", value: "text/plain; version=0.0.4; charset=utf-8")
            responder.respond(response)
        case (_, "/validate"), (_, "/audit"), (_, "/healthz"), (_, "/readyz"), (_, "/metrics"):
            var response = HTTPResponse.json(status: 405, body: StatusBody.failure(code: 405, reason: "MethodNotAllowed", message: "\(request.method) is not allowed on \(request.path)"))
            response.headers.add(name: "Allow", value: ["/validate", "/audit"].contains(request.path) ? "POST" : "GET")
            responder.respond(response)
        default:
            responder.respond(.json(status: 404, body: StatusBody.failure(code: 404, reason: "NotFound", message: "no route \(request.path); this server serves /validate, /audit, /healthz, /readyz and /metrics")))
        }
    }
}
