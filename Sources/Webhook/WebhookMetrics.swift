import Foundation
import HTTPLayer
import Prometheus
import Store
import Synchronization

/// The webhook's Prometheus metrics: requests and latency per route and verdict, audit
/// batches and events, and the server's and store's counters (read at scrape time).
final class WebhookMetrics: Sendable {
    let registry = PrometheusCollectorRegistry()
    private let latencyBuckets: [Double] = [0.000_05, 0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10]
    private let mirrored = TotalsToIncrements()
    /// The `/validate` series, one per verdict, made once: the request path takes no lock and
    /// builds no key (each series is its own atomics). Made up front, the series of every
    /// verdict is exported from the start, at zero.
    /// Indexed by `Verdict.index` (an array, not a dictionary: no hashing per request).
    private let validateSeries: [(counter: Counter, histogram: ValueHistogram)]

    init() {
        var series: [(counter: Counter, histogram: ValueHistogram)] = []
        for verdict in AdmissionEndpoint.Verdict.allCases {
            precondition(verdict.index == series.count, "Verdict.index follows allCases")
            let labels = [("route", "validate"), ("verdict", verdict.rawValue)]
            series.append((
                registry.makeCounter(descriptor: metric("midonet_webhook_requests_total", "Requests by route and verdict."), labels: labels),
                registry.makeValueHistogram(
                    descriptor: metric("midonet_webhook_request_duration_seconds", "Time from a whole request to its answer, by route and verdict."),
                    labels: labels, buckets: latencyBuckets)
            ))
        }
        validateSeries = series
    }

    /// Counts one `/validate` answer and its latency.
    func validated(verdict: AdmissionEndpoint.Verdict, seconds: Double) {
        let series = validateSeries[verdict.index]
        series.counter.increment()
        series.histogram.record(seconds)
    }

    func auditBatch(outcome: String, report: IngestReport? = nil, seconds: Double? = nil) {
        registry.makeCounter(descriptor: metric("midonet_webhook_audit_batches_total", "Audit EventLists by outcome."), labels: [("outcome", outcome)])
            .increment()
        if let seconds {
            registry.makeValueHistogram(
                descriptor: metric("midonet_webhook_audit_commit_seconds", "Time from an audit batch to its durable commit."), buckets: latencyBuckets
            ).record(seconds)
        }
        for (key, count) in report?.events.counts ?? [:] {
            registry.makeCounter(
                descriptor: metric("midonet_webhook_audit_events_total", "Audit events by kind and outcome."),
                labels: [("kind", key.kind), ("outcome", key.outcome.rawValue)]
            ).increment(by: Int64(count))
        }
    }

    /// One resync round (`Resyncer`): rounds by outcome, objects listed, events by kind and
    /// outcome (as for audit events), and how long the round took.
    func resynced(round: Resyncer.Round, seconds: Double) {
        registry.makeCounter(
            descriptor: metric("midonet_webhook_resync_rounds_total", "Resyncs from kube-apiserver's listings, by outcome (complete, incomplete)."),
            labels: [("outcome", round.failures.isEmpty ? "complete" : "incomplete")]
        ).increment()
        registry.makeCounter(descriptor: metric("midonet_webhook_resync_objects_listed_total", "Objects listed by resyncs.")).increment(
            by: Int64(round.listed))
        registry.makeGauge(descriptor: metric("midonet_webhook_resync_last_seconds", "How long the last resync round took.")).set(seconds)
        for (key, count) in round.report.events.counts {
            registry.makeCounter(
                descriptor: metric("midonet_webhook_resync_events_total", "Events made from listings, by kind and outcome (applied: the store changed)."),
                labels: [("kind", key.kind), ("outcome", key.outcome.rawValue)]
            ).increment(by: Int64(count))
        }
    }

    /// Brings the counters that live elsewhere (server, store) up to date, then renders.
    func render(server: ServerStatistics?, store: StoreStatistics?, validation: ValidationStateCache? = nil) -> [UInt8] {
        if let server {
            gauge("midonet_webhook_open_connections", server.openConnections, "Open client connections.")
            gauge("midonet_webhook_http2_streams_open", server.http2StreamsOpen, "Open HTTP/2 streams.")
            mirror("midonet_webhook_connections_accepted_total", server.acceptedConnectionsTotal, "Connections accepted.")
            mirror("midonet_webhook_tls_handshake_errors_total", server.tlsHandshakeErrorsTotal, "TLS handshakes that failed.")
            mirror("midonet_webhook_http1_requests_total", server.http1RequestsTotal, "Requests over HTTP/1.1.")
            mirror("midonet_webhook_http2_requests_total", server.http2RequestsTotal, "Requests over HTTP/2.")
            mirror("midonet_webhook_http2_streams_total", server.http2StreamsTotal, "HTTP/2 streams opened.")
            mirror("midonet_webhook_http2_resets_received_total", server.http2ResetsReceivedTotal, "RST_STREAM frames received.")
            mirror("midonet_webhook_http2_streams_refused_total", server.http2StreamsRefusedTotal, "HTTP/2 streams refused (limits, rapid reset).")
            mirror("midonet_webhook_http2_goaway_for_abuse_total", server.http2GoawayForAbuseTotal, "Connections closed with GOAWAY for abuse (floods).")
            mirror("midonet_webhook_protocol_errors_total", server.protocolErrors4xxTotal, "Requests refused by the HTTP layer with a 4xx.")
        }
        if let store {
            gauge("midonet_webhook_outbox_depth", store.queueDepth, "MidoNet operations waiting in the outbox (not parked).")
            gauge("midonet_webhook_outbox_parked", store.parkedOperations, "MidoNet operations parked: MidoNet rejected them for good.")
            registry.makeGauge(
                descriptor: metric(
                    "midonet_webhook_outbox_oldest_age_seconds", "How long the oldest MidoNet operation still waiting has waited (0: none waits).")
            ).set(store.oldestQueuedAt.map { max(0, Date().timeIntervalSince($0)) } ?? 0)
            mirror("midonet_webhook_operations_queued_total", store.operationsQueued, "MidoNet operations this process queued.")
            gauge("midonet_webhook_object_cache_entries", store.objectCacheEntries, "Kubernetes objects the audit writer holds decoded.")
            gauge("midonet_webhook_object_cache_limit", store.objectCacheLimit, "Most objects it holds (--object-cache-entries).")
            mirror(
                "midonet_webhook_object_cache_dropped_total", store.objectCacheDropped,
                "Objects it dropped at the limit (read back from the store when needed again).")
        }
        if let validation {
            mirror(
                "midonet_webhook_validation_state_full_builds_total", validation.fullBuilds.load(ordering: .relaxed),
                "Validation state builds from every stored Node and Service (start, a Node or the snapshot changed).")
            mirror(
                "midonet_webhook_validation_state_incremental_updates_total", validation.incrementalUpdates.load(ordering: .relaxed),
                "Validation state updates that applied only the Services written since the last one.")
            registry.makeGauge(descriptor: metric("midonet_webhook_validation_state_refresh_seconds", "How long the last validation state refresh took."))
                .set(Double(validation.lastRefreshNanoseconds.load(ordering: .relaxed)) / 1e9)
        }
        return registry.emitToBuffer()
    }

    private func gauge(_ name: String, _ value: Int, _ help: String) {
        registry.makeGauge(descriptor: metric(name, help)).set(Double(value))
    }

    /// A counter that mirrors a total kept elsewhere: increments by what it grew since last time.
    private func mirror(_ name: String, _ total: Int, _ help: String) {
        registry.makeCounter(descriptor: metric(name, help)).increment(by: Int64(mirrored.increment(name, total: total)))
    }
}

/// A metric named in full by `name` (no namespace, subsystem or unit to add), with its help text.
private func metric(_ name: String, _ help: String) -> MetricNameDescriptor {
    MetricNameDescriptor(metricName: name, unitName: "", helpText: help)
}
