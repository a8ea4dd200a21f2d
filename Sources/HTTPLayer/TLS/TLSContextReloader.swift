internal import Glibc
import Logging
import Synchronization

/// Holds the current server TLSContext and rebuilds it when the certificate, key or client-CA
/// files change. Checked on accept, at most once per `reloadInterval`; a failed rebuild (say,
/// the certificate was replaced but the key not yet) keeps the previous context and retries.
/// Existing connections keep the context they were accepted with.
final class TLSContextReloader: Sendable {
    private struct FileStamp: Equatable {
        var device: UInt64
        var inode: UInt64
        var size: Int64
        var modifiedSeconds: Int
        var modifiedNanoseconds: Int
    }

    private struct State {
        var context: TLSContext
        var stamps: [FileStamp?]
        var lastCheck: MonotonicTime
    }

    let configuration: TLSConfiguration
    private let logger: Logger
    private let state: Mutex<State>
    /// Successful reloads, for tests and logs.
    let reloads = Atomic<Int>(0)

    init(configuration: TLSConfiguration, logger: Logger) throws(HTTPLayerError) {
        self.configuration = configuration
        self.logger = logger
        let context = try TLSContext.server(configuration)
        state = Mutex(State(context: context, stamps: Self.stamps(configuration), lastCheck: .now))
    }

    /// The context for a new connection, after rebuilding it if the files changed.
    func current(now: MonotonicTime = .now) -> TLSContext {
        let (context, changed) = state.withLock { state -> (TLSContext, [FileStamp?]?) in
            guard now >= state.lastCheck + configuration.reloadInterval else { return (state.context, nil) }
            state.lastCheck = now
            let stamps = Self.stamps(configuration)
            return (state.context, stamps == state.stamps ? nil : stamps)
        }
        guard let changed else { return context }
        do {
            let fresh = try TLSContext.server(configuration)
            state.withLock {
                $0.context = fresh
                $0.stamps = changed
            }
            reloads.add(1, ordering: .relaxed)
            logger.info("reloaded TLS certificate", metadata: ["certificate": "\(configuration.certificateFile)"])
            return fresh
        } catch {
            logger.warning("TLS reload failed; keeping the previous certificate", metadata: ["error": "\(error)"])
            return context
        }
    }

    private static func stamps(_ configuration: TLSConfiguration) -> [FileStamp?] {
        [configuration.certificateFile, configuration.privateKeyFile, configuration.clientCAFile].map { path in
            guard let path else { return nil }
            var info = stat()
            guard stat(path, &info) == 0 else { return nil }
            return FileStamp(device: UInt64(info.st_dev), inode: UInt64(info.st_ino), size: Int64(info.st_size),
                             modifiedSeconds: Int(info.st_mtim.tv_sec), modifiedNanoseconds: Int(info.st_mtim.tv_nsec))
        }
    }
}
