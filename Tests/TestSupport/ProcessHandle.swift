public import Foundation
import Glibc
import Synchronization

/// One of our executables (`midonet-emulator`, `midonet-applier`, …) running as a real child
/// process: its output is collected line by line (stdout and stderr, also copied to a log file
/// for post-mortems), it can be signalled, and it is killed with SIGKILL when the handle goes
/// away, so a failing test never leaves a process behind.
public final class ProcessHandle: @unchecked Sendable {
    // Reason: `process` is Sendable; output goes through `output`'s lock.
    public let name: String
    public let process: SpawnedProcess
    /// Where stdout and stderr are copied as they arrive.
    public let logFile: URL
    private let output = OutputBuffer()
    private let readers = DispatchGroup()

    /// Output lines so far, the unfinished last line of each stream, and the log file.
    private final class OutputBuffer: Sendable {
        struct State {
            var lines: [String] = []
            var partial: [String: String] = [:]
            var log: FileHandle?
        }
        let state = Mutex(State())
        func withLock<T>(_ body: (inout State) -> T) -> T { state.withLock { body(&$0) } }
    }

    /// The folder our executables are built into: beside the test bundle
    /// (`.build/<triple>/debug`), which `swift build --build-tests` fills.
    public static var productsDirectory: URL {
        URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath().deletingLastPathComponent()
    }

    /// The path of a built executable product.
    public static func executable(_ product: String) -> URL {
        productsDirectory.appendingPathComponent(product)
    }

    /// Starts `product` (a built executable) with `arguments`; `environment` adds to (or, for
    /// keys given, replaces) this process's environment. `logDirectory` receives `<name>.log`.
    public init(_ product: String, _ arguments: [String], environment: [String: String] = [:], logDirectory: URL, name: String? = nil) throws {
        let executable = Self.executable(product)
        guard FileManager.default.isExecutableFile(atPath: executable.path) else {
            throw ProcessHandleError("\(executable.path) is not built: run `swiftb build --build-tests` first")
        }
        self.name = name ?? product
        logFile = logDirectory.appendingPathComponent("\(self.name)-\(UUID().uuidString.prefix(8)).log")
        _ = FileManager.default.createFile(atPath: logFile.path, contents: nil)
        let log = try FileHandle(forWritingTo: logFile)
        output.withLock { $0.log = log }
        let out = try SpawnPipe(), err = try SpawnPipe()
        defer { out.closeChildEnd(); err.closeChildEnd() }
        process = try SpawnedProcess(
            executable.path, arguments, environment: ProcessInfo.processInfo.environment.merging(environment) { _, new in new },
            stdin: .null, stdout: .descriptor(out.childEnd), stderr: .descriptor(err.childEnd))
        ChildReaper.track(process.pid)
        collect(out.parentEnd, stream: "stdout")
        collect(err.parentEnd, stream: "stderr")
    }

    deinit {
        process.signal(SIGKILL)
        process.waitUntilExit()
        ChildReaper.forget(process.pid)
        readers.wait()
        output.withLock { try? $0.log?.close() }
    }

    /// Reads one pipe on a thread of its own until EOF (the child exited, or was killed).
    private func collect(_ handle: FileHandle, stream: String) {
        readers.enter()
        let output = self.output
        let readers = self.readers
        Thread {
            while true {
                let data = handle.availableData
                if data.isEmpty { break }
                output.withLock { state in
                    try? state.log?.write(contentsOf: data)
                    var text = state.partial[stream, default: ""] + String(decoding: data, as: UTF8.self)
                    while let newline = text.firstIndex(of: "\n") {
                        state.lines.append(String(text[..<newline]))
                        text = String(text[text.index(after: newline)...])
                    }
                    state.partial[stream] = text
                }
            }
            readers.leave()
        }.start()
    }

    /// Every complete output line so far (stdout and stderr interleaved as they arrived).
    public var lines: [String] { output.withLock { $0.lines } }

    /// The last `count` lines, for failure messages.
    public func tail(_ count: Int = 40) -> String {
        lines.suffix(count).joined(separator: "\n")
    }

    public var isRunning: Bool { process.isRunning }
    public var pid: Int32 { process.pid }

    /// Waits until some output line gives a non-nil `match`, and returns it. Throws when the
    /// process exits first or `timeout` passes.
    public func waitForLine<T>(timeout: Double = 60, _ match: (String) -> T?) throws -> T {
        let deadline = Date().addingTimeInterval(timeout)
        var checked = 0
        while true {
            let all = lines
            for line in all[checked...] {
                if let found = match(line) { return found }
            }
            checked = all.count
            if !process.isRunning, lines.count == checked {
                throw ProcessHandleError("\(name) exited (\(process.terminationStatus)) before the expected output:\n\(tail())")
            }
            if Date() > deadline { throw ProcessHandleError("\(name): expected output did not come in \(timeout) s:\n\(tail())") }
            usleep(20_000)
        }
    }

    /// Sends `signal` (SIGTERM, SIGKILL, …).
    public func signal(_ signal: Int32) {
        process.signal(signal)
    }

    /// SIGKILL and wait: the process gets no chance to finish anything.
    public func kill() {
        signal(SIGKILL)
        process.waitUntilExit()
    }

    /// Waits up to `timeout` seconds for the process to exit; its status, or nil if it still runs.
    @discardableResult
    public func waitForExit(timeout: Double = 60) -> Int32? {
        process.waitForExit(timeout: timeout) == nil ? nil : process.terminationStatus
    }

    /// Whether the process ended by a signal rather than by exiting.
    public var wasSignalled: Bool { process.wasSignalled }
}

/// A process did not start, exited early, or did not say what was expected.
public struct ProcessHandleError: Error, CustomStringConvertible {
    public var description: String
    public init(_ description: String) { self.description = description }
}

/// A fresh temporary folder, removed (with everything in it) when the value goes away.
public final class TemporaryDirectory: Sendable {
    public let url: URL

    public init(prefix: String) throws {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("\(prefix)-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    public func path(_ name: String) -> String { url.appendingPathComponent(name).path }

    deinit { try? FileManager.default.removeItem(at: url) }
}
