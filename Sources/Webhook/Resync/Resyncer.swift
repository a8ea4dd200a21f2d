import Foundation
import Logging
import Model
import Store
import Synchronization

/// Brings the store in line with what kube-apiserver holds, for what audit events cannot: events
/// kube-apiserver dropped (it gives up on a batch after ~80 s of retries) and objects older than
/// the audit backend. Every so often it lists each kind and feeds the sink's own path
/// (`GroupCommitter`) with events made from the listing:
///
/// - each listed object as an update at its resourceVersion (audit ID `resync/UID/RV`: the same
///   state listed again is a duplicate, an older one stale, as for any audit event);
/// - each live object the store holds and the listing lacks as a delete at the listing's
///   resourceVersion, which removes it only if the store's state is older than the listing (an
///   object created since is kept; `VersionOrder.deleteApplies`).
///
/// Nodes first, then Pods, Services, Endpoints and EndpointSlices: dependents after what they
/// depend on. A kind whose listing fails is left as it is until the next round.
final class Resyncer: Sendable {
    let lister: KubernetesLister
    let committer: GroupCommitter
    let store: Store
    let logger: Logger
    let metrics: WebhookMetrics
    private let running = Atomic<Bool>(false)

    static let order: [ObjectKind] = [.node, .pod, .service, .endpoints, .endpointSlice]

    init(lister: KubernetesLister, committer: GroupCommitter, store: Store, logger: Logger, metrics: WebhookMetrics) {
        self.lister = lister
        self.committer = committer
        self.store = store
        self.logger = logger
        self.metrics = metrics
    }

    /// What one round did: objects listed, deletes offered, the events' outcomes by kind, and
    /// the kinds whose listing failed.
    struct Round: Sendable {
        var listed = 0
        var deletesOffered = 0
        var report = IngestReport()
        var failures: [String] = []
    }

    func resyncOnce() async -> Round {
        var round = Round()
        for kind in Self.order {
            do {
                let listing = try await lister.list(kind)
                let events = try events(for: kind, listing: listing)
                round.listed += listing.items.count
                round.deletesOffered += events.deletes
                for start in stride(from: 0, to: events.all.count, by: 400) {
                    let report = try await submit(Array(events.all[start..<min(start + 400, events.all.count)]))
                    round.report.events.add(report.events)
                    round.report.operationsQueued += report.operationsQueued
                }
            } catch {
                round.failures.append("\(kind.resource): \(error)")
            }
        }
        return round
    }

    /// The events a listing of `kind` makes, updates first.
    func events(for kind: ObjectKind, listing: KubernetesLister.Listing) throws -> (all: [AuditEvent], deletes: Int) {
        var events: [AuditEvent] = []
        var listed = Set<String>()
        for object in listing.items {
            guard let metadata = object.metadata, let name = metadata.name, !name.isEmpty else { continue }
            let key = metadata.key
            listed.insert(key)
            var reference = ObjectReference(resource: kind.resource, namespace: metadata.namespace, name: name, resourceVersion: metadata.resourceVersion)
            reference.uid = metadata.uid
            reference.apiGroup = kind.group
            events.append(
                AuditEvent(
                    auditID: "resync/\(metadata.uid ?? key)/\(metadata.resourceVersion ?? "")", verb: "update", objectRef: reference,
                    responseObject: [object]))
        }
        // Deletes only against a listing whose resourceVersion orders them (an etcd revision):
        // without one, an object created after the listing could not be told from one deleted.
        guard let listVersion = listing.resourceVersion, UInt64(listVersion) != nil else { return (events, 0) }
        var deletes = 0
        for stored in try store.liveObjectVersions(of: kind) where !listed.contains(stored.key) {
            let (namespace, name) = stored.namespaceAndName
            var reference = ObjectReference(resource: kind.resource, namespace: namespace, name: name, resourceVersion: listVersion)
            reference.uid = stored.uid
            reference.apiGroup = kind.group
            events.append(AuditEvent(auditID: "resync-delete/\(kind.resource)/\(stored.key)/\(listVersion)", verb: "delete", objectRef: reference, responseObject: []))
            deletes += 1
        }
        return (events, deletes)
    }

    private func submit(_ events: [AuditEvent]) async throws -> IngestReport {
        try await withCheckedThrowingContinuation { continuation in
            committer.submit(events) { continuation.resume(with: $0) }
        }
    }

    /// A round now, then one `interval` after each round ends, until `stop()`.
    func start(interval: Duration) {
        running.store(true, ordering: .relaxed)
        Task.detached { [self] in
            while running.load(ordering: .relaxed) {
                let started = ContinuousClock.now
                let round = await resyncOnce()
                let seconds = (ContinuousClock.now - started).seconds
                metrics.resynced(round: round, seconds: seconds)
                let metadata: Logger.Metadata = [
                    "listed": "\(round.listed)", "applied": "\(round.report.events[.applied])",
                    "deletes-offered": "\(round.deletesOffered)", "ops-queued": "\(round.report.operationsQueued)",
                    "seconds": "\(String(format: "%.2f", seconds))",
                ]
                if round.failures.isEmpty {
                    logger.info("resync done", metadata: metadata)
                } else {
                    logger.error("resync incomplete", metadata: metadata.merging(["failures": "\(round.failures.joined(separator: "; "))"]) { $1 })
                }
                var slept = Duration.zero
                while running.load(ordering: .relaxed), slept < interval {
                    try? await Task.sleep(for: .milliseconds(200))
                    slept += .milliseconds(200)
                }
            }
        }
    }

    func stop() { running.store(false, ordering: .relaxed) }
}
