public import Foundation

/// One of our executables (`.build/debug/NAME`) running in the background for a test, its
/// output in a file; stopped (SIGKILL unless stopped before) when released.
public final class ChildProcess: @unchecked Sendable {
    // Reason: `process` is only started in init and signalled afterwards; Process is thread-safe for that.
    public let process: Process
    public let logFile: String

    /// Starts `.build/debug/<name>` with `arguments`, through `launcher` when given (a command
    /// that execs the rest of its arguments, such as `taskset -c 0`: the pid stays the child's).
    public init(_ name: String, _ arguments: [String], environment: [String: String]? = nil, launcher: [String] = []) throws {
        let binary = Fixtures.repositoryRoot.appendingPathComponent(".build/debug/\(name)").path
        logFile = NSTemporaryDirectory() + "\(name)-\(UUID().uuidString).log"
        _ = FileManager.default.createFile(atPath: logFile, contents: nil)
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: logFile))
        process = Process()
        if let command = launcher.first {
            process.executableURL = URL(fileURLWithPath: command)
            process.arguments = launcher.dropFirst() + [binary] + arguments
        } else {
            process.executableURL = URL(fileURLWithPath: binary)
            process.arguments = arguments
        }
        if let environment { process.environment = environment }
        process.standardOutput = handle
        process.standardError = handle
        try process.run()
        ChildReaper.track(process.processIdentifier)
    }

    deinit {
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
        process.waitUntilExit()
        ChildReaper.forget(process.processIdentifier)
    }

    /// What the process wrote so far.
    public var output: String { (try? String(contentsOfFile: logFile, encoding: .utf8)) ?? "" }

    /// Sends `signal` and waits up to `timeout` seconds for the exit; returns the exit status.
    @discardableResult
    public func stop(signal: Int32 = SIGTERM, timeout: Double = 30) -> Int32? {
        kill(process.processIdentifier, signal)
        let deadline = Date().addingTimeInterval(timeout)
        while process.isRunning && Date() < deadline { usleep(20_000) }
        return process.isRunning ? nil : process.terminationStatus
    }

    /// Polls `condition` every 50 ms for up to `timeout` seconds.
    public static func eventually(timeout: Double = 30, _ condition: () throws -> Bool) rethrows -> Bool {
        let deadline = Date().addingTimeInterval(timeout)
        repeat {
            if try condition() { return true }
            usleep(50_000)
        } while Date() < deadline
        return false
    }

    /// The port the process reports in its `serving` log line (`listen=HOST:PORT`), for a
    /// server started with `--listen 127.0.0.1:0`; nil if it does not report one in `timeout`.
    ///
    /// Tests let the kernel pick the port rather than probing for a free one: our listeners use
    /// SO_REUSEPORT, so a port found free and then taken by another test's server in the
    /// meantime would be shared silently, each server getting some of the other's connections.
    public func listeningPort(timeout: Double = 60) -> Int? {
        var port: Int?
        _ = Self.eventually(timeout: timeout) {
            port = Self.reportedPort(in: output)
            return port != nil || !process.isRunning
        }
        return port
    }

    static func reportedPort(in output: String) -> Int? {
        for line in output.split(separator: "\n") where line.contains(" serving") {
            guard let range = line.range(of: "listen=") else { continue }
            let address = line[range.upperBound...].prefix { $0 != " " }
            if let portText = address.split(separator: ":").last, let port = Int(portText), port > 0 { return port }
        }
        return nil
    }
}
