public import Foundation

/// One of our executables (`.build/debug/NAME`) running in the background for a test, its
/// output in a file; stopped (SIGKILL unless stopped before) when released.
public final class ChildProcess: Sendable {
    public let process: SpawnedProcess
    public let logFile: String

    /// Starts `.build/debug/<name>` with `arguments`, through `launcher` when given (a command
    /// that execs the rest of its arguments, such as `taskset -c 0`: the pid stays the child's).
    public init(_ name: String, _ arguments: [String], environment: [String: String]? = nil, launcher: [String] = []) throws {
        let binary = Fixtures.repositoryRoot.appendingPathComponent(".build/debug/\(name)").path
        logFile = NSTemporaryDirectory() + "\(name)-\(UUID().uuidString).log"
        _ = FileManager.default.createFile(atPath: logFile, contents: nil)
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: logFile))
        let command = launcher.first.map { ($0, Array(launcher.dropFirst()) + [binary] + arguments) } ?? (binary, arguments)
        process = try SpawnedProcess(command.0, command.1, environment: environment, stdin: .null,
                                     stdout: .descriptor(handle.fileDescriptor), stderr: .descriptor(handle.fileDescriptor))
        try handle.close()
        ChildReaper.track(process.pid)
    }

    deinit {
        process.signal(SIGKILL)
        process.waitUntilExit()
        ChildReaper.forget(process.pid)
    }

    /// What the process wrote so far.
    ///
    /// Read to EOF through a handle, not `String(contentsOfFile:)`: that sizes its buffer from
    /// `stat` and, under LeakSanitizer, leaked it when the child wrote more meanwhile.
    public var output: String {
        guard let handle = FileHandle(forReadingAtPath: logFile) else { return "" }
        defer { try? handle.close() }
        return String(decoding: (try? handle.readToEnd()) ?? Data(), as: UTF8.self)
    }

    /// Sends `signal` and waits up to `timeout` seconds for the exit; returns the exit status.
    @discardableResult
    public func stop(signal: Int32 = SIGTERM, timeout: Double = 30) -> Int32? {
        process.signal(signal)
        return process.waitForExit(timeout: timeout) == nil ? nil : process.terminationStatus
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
