import Foundation
import HTTPLayer
import Logging
import Model
import Store
import Synchronization

/// The cluster state `/validate` reads, kept up to date off the request path whenever the Store's
/// change revision moves (an audit batch committed, the applier refreshed the snapshot). Requests
/// read the last published state: no request does I/O.
///
/// Built in full at the start, when the snapshot or a Node changed, or when the Store may have
/// forgotten deletes since the last look; otherwise only the Services written since are read and
/// applied to a copy of the published state. Rebuilding read and decoded every Service at each
/// change: 0.13 s with 5,000 Services, up to five times a second under audit load, growing with
/// the cluster, although most audit batches change only Endpoints (which the state does not hold).
final class ValidationStateCache: Sendable {
    private let store: Store
    private let logger: Logger
    private let published = Mutex<Published>(Published(state: ClusterState(), revision: -1))
    private let running = Atomic<Bool>(false)
    /// Where the published state stands in the Store; nil until the first build. Held for the
    /// whole of a refresh, which it also serialises.
    private let position = Mutex<Position?>(nil)

    struct Position {
        /// The objects' change revision the state includes every change through.
        var objects: Int64
        var snapshot: Int64
    }

    /// Refreshes that built the state in full, and those that applied changed Services only, and
    /// how long the last one took (`/metrics`).
    let fullBuilds = Atomic<Int>(0)
    let incrementalUpdates = Atomic<Int>(0)
    let lastRefreshNanoseconds = Atomic<Int>(0)

    init(store: Store, logger: Logger) {
        self.store = store
        self.logger = logger
    }

    /// One published state. A class, so that a request takes it with one retain under the lock
    /// (copying `ClusterState` out retained each of its maps, with both loops on the lock).
    final class Published: Sendable {
        let state: ClusterState
        let revision: Int64

        init(state: ClusterState, revision: Int64) {
            self.state = state
            self.revision = revision
        }
    }

    /// The state to validate against, as published last. Pass on its `state` from the returned
    /// object (a `ClusterState` returned by value would be copied, a retain per map).
    var current: Published { published.withLock { $0 } }

    /// Whether the state has been built from the Store at least once.
    var isReady: Bool { published.withLock { $0.revision >= 0 } }

    /// Brings the state up to date when the Store changed; returns whether it did.
    @discardableResult
    func refresh() throws -> Bool {
        let started = MonotonicTime.now
        let refreshed = try update()
        if refreshed { lastRefreshNanoseconds.store(Int(MonotonicTime.now.nanoseconds &- started.nanoseconds), ordering: .relaxed) }
        return refreshed
    }

    private func update() throws -> Bool {
        try position.withLock { position in
            let revision = try store.changeRevision()
            let current = published.withLock { $0 }
            guard revision != current.revision else { return false }
            let snapshotRevision = try store.snapshotRevision()
            if let known = position, known.snapshot == snapshotRevision,
                let changes = try store.objectChanges(of: [.node, .service], since: known.objects),
                !changes.stored.contains(where: { $0.kind == .node }), !changes.deleted.contains(where: { $0.kind == .node })
            {
                var state = current.state
                for object in changes.stored {
                    if case .service(let service) = object {
                        state.setService(key: service.metadata.key, claims: ServiceClaims(service: service))
                    }
                }
                for (_, key) in changes.deleted { state.forgetService(key: key) }
                position = Position(objects: changes.revision, snapshot: snapshotRevision)
                published.withLock { $0 = Published(state: state, revision: revision) }
                incrementalUpdates.add(1, ordering: .relaxed)
                return true
            }
            // Everything changed through this revision is in what is read next (and perhaps more,
            // which the next refresh applies again, to the same effect).
            let objects = revision
            let nodes = try store.objects(of: .node).compactMap { if case .node(let node) = $0 { node } else { nil } }
            let services = try store.objects(of: .service).compactMap { if case .service(let service) = $0 { service } else { nil } }
            let state = ValidationStateBuilder.state(snapshot: try store.snapshot(), nodes: nodes, services: services)
            position = Position(objects: objects, snapshot: snapshotRevision)
            published.withLock { $0 = Published(state: state, revision: revision) }
            fullBuilds.add(1, ordering: .relaxed)
            return true
        }
    }

    /// Refreshes every `interval` seconds on a thread of its own until `stop()`.
    func start(interval: Double = 0.2) {
        running.store(true, ordering: .relaxed)
        let thread = Thread { [self] in
            while running.load(ordering: .relaxed) {
                do {
                    try refresh()
                } catch {
                    logger.error("refreshing the validation state failed", metadata: ["error": "\(error)"])
                }
                Thread.sleep(forTimeInterval: interval)
            }
        }
        thread.name = "validation-state"
        thread.start()
    }

    func stop() { running.store(false, ordering: .relaxed) }
}
