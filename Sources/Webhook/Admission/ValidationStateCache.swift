import Foundation
import Logging
import Model
import Store
import Synchronization

/// The cluster state `/validate` reads, rebuilt off the request path whenever the Store's change
/// revision moves (an audit batch committed, the applier refreshed the snapshot). Requests read
/// the last published state: no request does I/O.
final class ValidationStateCache: Sendable {
    private let store: Store
    private let logger: Logger
    private let published = Mutex<Published>(Published(state: ClusterState(), revision: -1))
    private let running = Atomic<Bool>(false)

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

    /// Rebuilds when the Store changed; returns whether it did.
    @discardableResult
    func refresh() throws -> Bool {
        let revision = try store.changeRevision()
        guard revision != published.withLock({ $0.revision }) else { return false }
        let nodes = try store.objects(of: .node).compactMap { if case .node(let node) = $0 { node } else { nil } }
        let services = try store.objects(of: .service).compactMap { if case .service(let service) = $0 { service } else { nil } }
        let state = ValidationStateBuilder.state(snapshot: try store.snapshot(), nodes: nodes, services: services)
        published.withLock { $0 = Published(state: state, revision: revision) }
        return true
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
