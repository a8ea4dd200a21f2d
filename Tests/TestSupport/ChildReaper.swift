public import Foundation
import Synchronization

/// Kills, when the test process exits, the children still running then. A child kept for a
/// whole suite (a `static let`) is never released, so its `deinit` never kills it: without this
/// every `swift test` left a `midonet-webhook serve` behind.
public enum ChildReaper {
    private static let running = Mutex<Set<pid_t>>([])
    private static let installed = Atomic<Bool>(false)

    /// Remembers `pid` until `forget`; installs the exit handler on first use.
    public static func track(_ pid: pid_t) {
        running.withLock { _ = $0.insert(pid) }
        if installed.compareExchange(expected: false, desired: true, ordering: .acquiringAndReleasing).exchanged {
            atexit { ChildReaper.killAll() }
        }
    }

    public static func forget(_ pid: pid_t) {
        running.withLock { _ = $0.remove(pid) }
    }

    static func killAll() {
        for pid in running.withLock({ $0 }) { kill(pid, SIGKILL) }
    }
}
