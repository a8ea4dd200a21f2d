import Foundation
import HTTPLayer
import Prometheus

/// The applier's Prometheus metrics: ops applied/retried/parked, queue depth, MidoNet latency by
/// method and resource, drift repairs and passes.
final class ApplierMetrics: Sendable {
    let registry = PrometheusCollectorRegistry()
    private let mirrored = TotalsToIncrements()
    private let buckets: [Double] = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10]

    func midonetCall(method: String, resource: String, seconds: Double, status: Int?) {
        registry.makeValueHistogram(
            descriptor: metric("midonet_applier_midonet_request_duration_seconds", "MidoNet API latency by method and resource."),
            labels: [("method", method), ("resource", resource)], buckets: buckets
        ).record(seconds)
        registry.makeCounter(
            descriptor: metric("midonet_applier_midonet_requests_total", "MidoNet API calls by method, resource and status (none: no answer)."),
            labels: [("method", method), ("resource", resource), ("status", status.map(String.init) ?? "none")]
        ).increment()
    }

    func driftRepairs(_ count: Int) {
        registry.makeCounter(descriptor: metric("midonet_applier_drift_repairs_total", "Ops queued by drift repair.")).increment(by: Int64(count))
    }

    /// A drift repair pass ended: how long it took, and whether it failed (MidoNet unreachable,
    /// the store unreadable). A pass's length grows with the cluster: translations are read
    /// twice and MidoNet's collections once.
    /// `unreadableUnits`: units the pass left out because their stored translation could not
    /// be read (nil for a pass that failed).
    func driftPass(seconds: Double, failed: Bool, unreadableUnits: Int?) {
        registry.makeCounter(
            descriptor: metric("midonet_applier_drift_passes_total", "Drift repair passes, by outcome (ok, failed)."),
            labels: [("outcome", failed ? "failed" : "ok")]
        ).increment()
        if !failed {
            registry.makeGauge(descriptor: metric("midonet_applier_drift_pass_seconds", "How long the last drift repair pass that ended well took.")).set(seconds)
        }
        if let unreadableUnits {
            registry.makeGauge(descriptor: metric(
                "midonet_applier_drift_unreadable_units", "Units the last drift pass left out: their stored translation could not be read (deletes held back)."
            )).set(Double(unreadableUnits))
        }
    }

    func render(drain: DrainStatistics, queueDepth: Int?, parked: Int?) -> [UInt8] {
        mirror("midonet_applier_ops_applied_total", drain.applied, "Ops MidoNet confirmed.")
        mirror("midonet_applier_ops_retried_total", drain.retried, "Op attempts that will be retried (missing referent, 5xx, no answer).")
        mirror("midonet_applier_ops_parked_total", drain.parked, "Ops parked because MidoNet rejects them for good.")
        mirror(
            "midonet_applier_outcomes_unrecorded_total", drain.unrecorded,
            "Op outcomes the store refused to record (disk full, I/O error): the ops are applied again, after a backoff.")
        if let queueDepth { registry.makeGauge(descriptor: metric("midonet_applier_queue_depth", "Ops waiting in the outbox.")).set(Double(queueDepth)) }
        if let parked { registry.makeGauge(descriptor: metric("midonet_applier_parked", "Parked ops in the outbox.")).set(Double(parked)) }
        return registry.emitToBuffer()
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
