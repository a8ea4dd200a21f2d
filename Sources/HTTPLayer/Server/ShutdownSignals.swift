internal import Dispatch
internal import Glibc
public import Logging

/// SIGTERM/SIGINT → `HTTPServer.shutdownGracefully()`. Keep the returned value alive for as
/// long as the handlers should stay installed (typically the life of the process).
public final class ShutdownSignals {
    private let sources: [any DispatchSourceSignal]

    private init(sources: [any DispatchSourceSignal]) { self.sources = sources }

    /// Installs handlers for SIGTERM and SIGINT that shut `servers` down gracefully, in order,
    /// once. The executable's main thread typically calls `server.waitUntilStopped()` and
    /// then exits 0.
    public static func install(for servers: [HTTPServer], logger: Logger) -> ShutdownSignals {
        let queue = DispatchQueue(label: "shutdown-signals")
        var sources: [any DispatchSourceSignal] = []
        for number in [SIGTERM, SIGINT] {
            // The default disposition would kill the process before the source sees the signal.
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: queue)
            source.setEventHandler {
                logger.info("signal received; shutting down", metadata: ["signal": "\(number)"])
                for server in servers { server.shutdownGracefully() }
            }
            source.resume()
            sources.append(source)
        }
        return ShutdownSignals(sources: sources)
    }

    /// Removes the handlers (the signals' default dispositions come back).
    public func cancel() {
        for source in sources { source.cancel() }
        signal(SIGTERM, SIG_DFL)
        signal(SIGINT, SIG_DFL)
    }
}
