import Foundation
import HTTPLayer
import Logging
import Model
import Store
import Synchronization

/// Everything `midonet-applier` runs: bootstrap, the drainer, the snapshot refresher, drift
/// repair and the metrics listener, until SIGTERM/SIGINT (then in-flight calls finish).
final class ApplierService: Sendable {
    struct Settings: Sendable {
        var concurrency = 32
        var snapshotInterval = 5.0
        var driftInterval = 60.0
        var driftDeletes = true
    }

    let store: Store
    let client: MidoNetClient
    let translator: Translator
    let settings: Settings
    let logger: Logger
    let metrics: ApplierMetrics
    let hosts: HostDirectory
    let drainer: Drainer
    private let snapshotDue = SnapshotFlag()

    init(store: Store, client: MidoNetClient, translator: Translator, settings: Settings, metrics: ApplierMetrics, logger: Logger) {
        self.store = store
        self.client = client
        self.translator = translator
        self.settings = settings
        self.metrics = metrics
        self.logger = logger
        hosts = HostDirectory(transport: client)
        let due = snapshotDue
        drainer = Drainer(
            outbox: store, applier: OperationApplier(transport: client, hosts: hosts), concurrency: settings.concurrency, logger: logger,
            onProgress: { due.raise() })
    }

    /// Queues the global resources (tunnel zone, cluster router, shared chains and rules).
    /// Idempotent: their creates are queued on every start and resolve to "already exists".
    func bootstrap() throws {
        let global = translator.translate(.global, lookup: ClusterObjects())
        // A new or changed global translation queues its own plan; an unchanged one queues
        // nothing, so queue its creates (once, not on top of the plan).
        if try store.setTranslation(global).isEmpty {
            try store.enqueue(Plan.operations(from: [], to: global.objects), owner: OwnerGroup.global, translationKey: .global)
        }
        logger.notice("bootstrap queued", metadata: ["objects": "\(global.objects.count)", "tenant": "\(translator.tenant)"])
    }

    /// Runs until `stop()`.
    func run() async {
        await withTaskGroup(of: Void.self) { group in
            group.addTask { await self.snapshotLoop() }
            group.addTask { await self.driftLoop() }
            // The drainer decides when the service ends (stop(): in-flight calls finish first).
            await drainer.run()
            group.cancelAll()
        }
    }

    func stop() { drainer.stop() }

    /// Refreshes the snapshot every `snapshotInterval` seconds, and soon after ops were applied:
    /// 0.5 s after the last refresh, or four times as long as that refresh took if more. A
    /// refresh lists every Service's rule in `KUBE-SERVICES`, so during a long drain of a big
    /// cluster back-to-back refreshes would take a core of their own (15 % of the applier's CPU
    /// at 1,000 Services); this keeps them under a fifth of the time. The validator does not
    /// wait for them: it counts queued translations as taken already.
    func snapshotLoop() async {
        let refresher = SnapshotRefresher(transport: client, ids: translator.ids, store: store)
        var last = -Double.infinity
        var took = 0.0
        while !Task.isCancelled {
            let now = monotonicSeconds()
            if now - last >= settings.snapshotInterval || (snapshotDue.isRaised && now - last >= max(0.5, 4 * took)) {
                snapshotDue.lower()
                last = now
                do {
                    try await refresher.refresh()
                } catch {
                    logger.warning("snapshot refresh failed", metadata: ["error": "\(error)"])
                }
                took = monotonicSeconds() - now
            }
            try? await Task.sleep(for: .milliseconds(200))
        }
    }

    /// Repairs drift as `DriftSchedule` says: every `driftInterval` seconds, sooner while ops
    /// are stuck, less soon after passes that failed.
    func driftLoop() async {
        // 0 (or less) turns drift repair off, e.g. to test that the outbox alone loses nothing.
        guard settings.driftInterval > 0 else { return }
        let repairer = DriftRepairer(transport: client, hosts: hosts, ids: translator.ids, store: store, logger: logger)
        var schedule = DriftSchedule(interval: settings.driftInterval)
        var last = monotonicSeconds() - settings.driftInterval + min(DriftSchedule.shortestStuckWait, settings.driftInterval)
        while !Task.isCancelled {
            let elapsed = monotonicSeconds() - last
            let stuck = (try? store.queuedOperations(limit: 64).contains { $0.attempts >= 3 }) ?? false
            if schedule.isDue(elapsed: elapsed, stuck: stuck) {
                last = monotonicSeconds()
                do {
                    let pass = try await repairer.repair(allowDeletes: settings.driftDeletes)
                    schedule.passed()
                    let seconds = monotonicSeconds() - last
                    metrics.driftPass(seconds: seconds, failed: false, unreadableUnits: pass.unreadable)
                    logger.info("drift pass", metadata: ["seconds": "\(String(format: "%.2f", seconds))", "units": "\(pass.units)", "ops": "\(pass.queued)", "unreadable": "\(pass.unreadable)"])
                    if pass.queued > 0 {
                        metrics.driftRepairs(pass.queued)
                        logger.notice("drift repaired", metadata: ["ops": "\(pass.queued)", "creates-deferred": "\(pass.createsDeferred)", "stuck-ops": "\(stuck)"])
                    }
                    if pass.createsDeferred {
                        // The creates come in the pass right after the deletes are applied.
                        while !Task.isCancelled, (try? store.queueDepth()).map({ $0 > 0 }) ?? true {
                            try? await Task.sleep(for: .milliseconds(200))
                        }
                        last = -Double.infinity
                    }
                } catch {
                    schedule.failed()
                    metrics.driftPass(seconds: monotonicSeconds() - last, failed: true, unreadableUnits: nil)
                    logger.warning("drift repair failed", metadata: ["error": "\(error)", "next-if-stuck-in": "\(schedule.stuckWait) s"])
                }
            }
            try? await Task.sleep(for: .seconds(1))
        }
    }
}

/// Set when ops were applied, so the snapshot is read again soon.
final class SnapshotFlag: Sendable {
    private let value = Atomic<Bool>(true)
    func raise() { value.store(true, ordering: .relaxed) }
    func lower() { value.store(false, ordering: .relaxed) }
    var isRaised: Bool { value.load(ordering: .relaxed) }
}

/// `/metrics` and `/healthz` of the applier, on plain HTTP.
struct ApplierMetricsRouter: HTTPHandler {
    let service: ApplierService

    func policy(for head: HTTPRequestHead) -> RoutePolicy { RoutePolicy(maxBodyBytes: 0) }

    func handle(_ request: HTTPRequest, responder: HTTPResponder) {
        switch (request.method, request.path) {
        case ("GET", "/healthz"):
            // Healthy when the store answers (one indexed read, whatever the backlog); MidoNet
            // being down is retried, not unhealthy.
            if (try? service.store.changeRevision()) != nil {
                responder.respond(.text("ok\n"))
            } else {
                responder.respond(.text(status: 503, "store unreadable\n"))
            }
        case ("GET", "/metrics"):
            let body = service.metrics.render(
                drain: service.drainer.statistics, queueDepth: try? service.store.queueDepth(), parked: try? service.store.parkedCount())
            var response = HTTPResponse(status: 200, body: body)
            response.headers.replaceOrAdd(name: "Content-Type", value: "text/plain; version=0.0.4; charset=utf-8")
            responder.respond(response)
        default:
            responder.respond(.text(status: 404, "this listener serves /metrics and /healthz\n"))
        }
    }
}
