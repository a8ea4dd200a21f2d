public import Foundation

/// Runs external peers (curl, openssl, nghttp, python) with a timeout and captures output.
public struct ProcessResult: Sendable {
    public var status: Int32
    public var stdout: String
    public var stderr: String
    public var stdoutBytes: Data
}

public enum ProcessRunner {
    /// Runs `executable` with `arguments`; kills it after `timeout` seconds.
    @discardableResult
    public static func run(_ executable: String, _ arguments: [String], stdin: Data? = nil,
                    timeout: Double = 60, environment: [String: String]? = nil) throws -> ProcessResult {
        let out = try SpawnPipe(), err = try SpawnPipe(), input = try SpawnPipe.forInput()
        let process: SpawnedProcess
        do {
            defer { out.closeChildEnd(); err.closeChildEnd(); input.closeChildEnd() }
            process = try SpawnedProcess(executable, arguments, environment: environment, stdin: .descriptor(input.childEnd),
                                         stdout: .descriptor(out.childEnd), stderr: .descriptor(err.childEnd))
        }
        // Drained by plain blocking reads on threads of their own, not `readabilityHandler`: a
        // dispatch read source whose pipe is closed while its cancellation is still pending
        // crashes libdispatch's manager thread on Linux (`_dispatch_event_loop_drain`, seen here
        // and in swiftlang/swift#87033) once the descriptor number is reused, e.g. by a socket.
        let outData = LockedData(), errData = LockedData()
        let drained = DispatchGroup()
        for (pipe, data) in [(out, outData), (err, errData)] {
            let reader = pipe.parentEnd
            drained.enter()
            Thread.detachNewThread {
                data.append(reader.readDataToEndOfFile())
                drained.leave()
            }
        }
        // A child that exits without reading its input must be an EPIPE here, not the end of
        // the test process.
        signal(SIGPIPE, SIG_IGN)
        if let stdin { try? input.parentEnd.write(contentsOf: stdin) }
        try? input.parentEnd.close()
        if process.waitForExit(timeout: timeout) == nil {
            process.signal(SIGTERM)
        }
        process.waitUntilExit()
        // A grandchild holding the pipes open would block the readers for good: bounded wait.
        _ = drained.wait(timeout: .now() + 5)
        let stdoutData = outData.value
        return ProcessResult(status: process.terminationStatus,
                             stdout: String(decoding: stdoutData, as: UTF8.self),
                             stderr: String(decoding: errData.value, as: UTF8.self),
                             stdoutBytes: stdoutData)
    }

    public static func curl(_ arguments: [String], timeout: Double = 60) throws -> ProcessResult {
        try run("/usr/bin/curl", ["--silent", "--show-error", "--max-time", String(Int(timeout))] + arguments,
                timeout: timeout + 5)
    }

    /// Debian's python3 (which has the `h2` module), running `script` with `arguments`.
    public static func python(_ script: String, _ arguments: [String], timeout: Double = 60) throws -> ProcessResult {
        try run("/usr/bin/python3", ["-c", script] + arguments, timeout: timeout)
    }
}

public final class LockedData: @unchecked Sendable {
    // Reason: every access holds `lock`.
    private let lock = NSLock()
    private var data = Data()
    public init() {}
    public func append(_ more: Data) { lock.lock(); data.append(more); lock.unlock() }
    public var value: Data { lock.lock(); defer { lock.unlock() }; return data }
}
