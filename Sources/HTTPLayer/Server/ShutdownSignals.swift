internal import CShims
internal import Glibc
public import Logging
import Synchronization

/// SIGTERM/SIGINT → `HTTPServer.shutdownGracefully()`.
///
/// The signal handler (C, in CShims) only writes a byte to a pipe; a dedicated thread reads
/// it and shuts the servers down. The handlers are in place when `install` returns, so a
/// signal that arrives right after start-up is not lost. Install once per process; keep the
/// returned value for as long as the handlers should stay.
public final class ShutdownSignals: Sendable {
    private let thread = LoopThread()
    private let cancelled = Atomic<Bool>(false)

    private init() {}

    /// Installs handlers for SIGTERM and SIGINT that shut `servers` down gracefully, in order,
    /// once. The executable's main thread typically calls `server.waitUntilStopped()` and
    /// then exits 0.
    public static func install(for servers: [HTTPServer], logger: Logger) -> ShutdownSignals {
        let signals = ShutdownSignals()
        let fd = CShims_install_shutdown_signals()
        guard fd >= 0 else {
            logger.error("could not install SIGTERM/SIGINT handlers", metadata: ["errno": "\(errno)"])
            return signals
        }
        // Nobody waits for this thread (it ends after a signal or cancel()): detached.
        signals.thread.start(detached: true) {
            var byte: UInt8 = 0
            while true {
                let count = read(fd, &byte, 1)
                if count < 0, errno == EINTR { continue }
                guard count == 1 else { return }
                // 0: a cancel() wake-up (perhaps a stale one from an earlier install).
                if byte == 0 {
                    if signals.cancelled.load(ordering: .acquiring) { return }
                    continue
                }
                logger.info("signal received; shutting down", metadata: ["signal": "\(byte)"])
                for server in servers { server.shutdownGracefully() }
                return
            }
        }
        return signals
    }

    /// Restores the default dispositions and stops waiting for a signal.
    public func cancel() {
        cancelled.store(true, ordering: .releasing)
        CShims_restore_shutdown_signals()
        CShims_wake_shutdown_pipe()
    }
}
