import Foundation
import HTTPLayer
import Logging
import Model
import Platform
import Store
import Synchronization

/// `POST /audit`: kube-apiserver's audit webhook backend. A batch is answered 200 only after
/// its translations and ops are committed (durable against kill -9); concurrent batches share
/// commits through the `GroupCommitter`.
///
/// A batch is read on a helper thread (`HelperThreads`, below the event loops' priority), not on
/// the event loop that received it: reading 400 events (~1.7 MB, ~1.6 ms) there held up every
/// admission call on that loop's connections meanwhile.
final class AuditEndpoint: Sendable {
    let committer: GroupCommitter
    let logger: Logger
    let metrics: WebhookMetrics
    /// Kinds for which the "audit level must be RequestResponse" warning was already logged.
    private let warned = Mutex<Set<String>>([])

    init(committer: GroupCommitter, logger: Logger, metrics: WebhookMetrics) {
        self.committer = committer
        self.logger = logger
        self.metrics = metrics
    }

    func handle(_ request: HTTPRequest, responder: HTTPResponder) {
        let body = request.body
        let timeout = request.queryItem("timeout")
        HelperThreads.shared.submit { [self] in ingest(body, timeout: timeout, responder: responder) }
    }

    private func ingest(_ body: [UInt8], timeout: String?, responder: HTTPResponder) {
        let list: AuditEventList
        do {
            list = try AuditEventList.decode(body)
        } catch {
            metrics.auditBatch(outcome: "invalid")
            responder.respond(.json(status: 400, body: StatusBody.failure(code: 400, reason: "BadRequest", message: "not an audit.k8s.io/v1 EventList: \(error)")))
            return
        }
        // kube-apiserver adds ?timeout=30s: answer before its client gives up. A batch committed
        // after that is not lost: the retry is recognised by its audit IDs.
        let deadline = Deadline(query: timeout)
        let answered = Atomic<Bool>(false)
        let started = ContinuousClock.now
        committer.submit(list) { [self] result in
            guard answered.compareExchange(expected: false, desired: true, ordering: .relaxed).exchanged else { return }
            switch result {
            case .success(let report):
                metrics.auditBatch(outcome: "committed", report: report, seconds: (ContinuousClock.now - started).seconds)
                logWarnings(report)
                responder.respond(.json(status: 200, #"{"committed":true}"#))
            case .failure(let error):
                metrics.auditBatch(outcome: "failed")
                logger.error("audit batch not committed", metadata: ["error": "\(error)", "events": "\(list.items.count)"])
                responder.respond(.json(status: 503, body: StatusBody.failure(code: 503, reason: "ServiceUnavailable", message: "the batch was not stored: \(error)")))
            }
        }
        if let wait = deadline?.remaining {
            DispatchQueue.global().asyncAfter(deadline: .now() + wait) { [self] in
                guard answered.compareExchange(expected: false, desired: true, ordering: .relaxed).exchanged else { return }
                metrics.auditBatch(outcome: "timeout")
                responder.respond(.json(status: 503, body: StatusBody.failure(code: 503, reason: "Timeout", message: "the batch was not committed within the request's timeout")))
            }
        }
    }

    func logWarnings(_ report: IngestReport) {
        for warning in report.warnings {
            let first = warned.withLock { $0.insert(warning).inserted }
            if first { logger.warning("\(warning)") }
        }
    }
}

/// `?timeout=` as kube-apiserver writes it (a Go duration such as `30s`, `1m30s`, `500ms`),
/// less a margin so that our answer arrives before the caller's client gives up.
struct Deadline {
    var seconds: Double

    init?(query: String?) {
        guard let query, let parsed = Self.parseGoDuration(query), parsed > 0 else { return nil }
        seconds = parsed
    }

    /// Time to wait for a commit: the timeout less 10 % (at least 0.1 s left to answer).
    var remaining: Double { max(0.1, seconds * 0.9) }

    static func parseGoDuration(_ text: String) -> Double? {
        let units: [(String, Double)] = [("ms", 0.001), ("us", 0.000_001), ("µs", 0.000_001), ("ns", 1e-9), ("h", 3600), ("m", 60), ("s", 1)]
        var rest = Substring(text)
        var total = 0.0
        guard !rest.isEmpty else { return nil }
        while !rest.isEmpty {
            let number = rest.prefix { $0.isNumber || $0 == "." }
            guard !number.isEmpty, let value = Double(number) else { return nil }
            rest = rest.dropFirst(number.count)
            guard let (unit, factor) = units.first(where: { rest.hasPrefix($0.0) }) else { return nil }
            rest = rest.dropFirst(unit.count)
            total += value * factor
        }
        return total
    }
}

extension Duration {
    var seconds: Double {
        let (s, attoseconds) = components
        return Double(s) + Double(attoseconds) / 1e18
    }
}
