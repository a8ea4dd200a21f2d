import Foundation
import Glibc
import HTTPLayer
import TestSupport

/// `midonet-emulator` as a real process on 127.0.0.1 (a port the OS picks, unless `listen`
/// names one: an emulator restarted "at the same address").
final class EmulatorProcess: Sendable {
    let handle: ProcessHandle
    /// `http://127.0.0.1:PORT/midonet-api`, as the emulator printed it.
    let url: String
    let port: Int

    init(in directory: TemporaryDirectory, hosts: [(name: String, id: UUID)], options: [String] = [], listen: String = "127.0.0.1:0") throws {
        let arguments = ["--listen", listen, "--loops", "1"] + hosts.flatMap { ["--host", "\($0.name)=\($0.id.uuidString.lowercased())"] } + options
        handle = try ProcessHandle("midonet-emulator", arguments, logDirectory: directory.url, name: "emulator")
        url = try handle.waitForLine { line -> String? in
            guard let range = line.range(of: "listening on ") else { return nil }
            return String(line[range.upperBound...]).trimmingCharacters(in: .whitespaces)
        }
        guard let portText = url.split(separator: ":").last?.split(separator: "/").first, let port = Int(portText) else {
            throw ProcessHandleError("no port in \(url)")
        }
        self.port = port
    }

    /// SIGKILL: MidoNet gone, with everything it held.
    func kill() { handle.kill() }
}

/// `midonet-applier` as a real process against an emulator, with its metrics listener on a port
/// the OS picks. Drift repair is off (one pass an hour) unless a test asks for it, so that what
/// converges is the drain's doing.
final class ApplierProcess: Sendable {
    let handle: ProcessHandle
    let metricsPort: Int

    init(
        in directory: TemporaryDirectory, store: String, api: String, concurrency: Int? = nil, driftInterval: Double = 3600,
        options: [String] = [], environment: [String: String] = [:]
    ) throws {
        var arguments = [
            "--store", store, "--midonet-api", api, "--metrics-listen", "127.0.0.1:0", "--drift-interval", "\(driftInterval)",
            "--snapshot-interval", "1",
        ]
        if let concurrency { arguments += ["--concurrency", "\(concurrency)"] }
        handle = try ProcessHandle("midonet-applier", arguments + options, environment: environment, logDirectory: directory.url, name: "applier")
        metricsPort = try handle.waitForLine { line -> Int? in
            guard let range = line.range(of: "metrics=127.0.0.1:") else { return nil }
            return Int(line[range.upperBound...].prefix { $0.isNumber })
        }
    }

    func kill() { handle.kill() }

    /// Ops drift repair queued (its log lines): none when the drain alone got MidoNet right.
    var driftRepairs: [String] { handle.lines.filter { $0.contains("drift repair") && !$0.contains("drift repair failed") } }

    /// The applier's `/metrics` text.
    func metrics() async throws -> String {
        let client = try HTTPClient()
        defer { client.shutdown() }
        let response = try await client.execute(ClientRequest(url: "http://127.0.0.1:\(metricsPort)/metrics"))
        return response.text
    }

    /// The sum of one Prometheus counter over the series whose label text contains every string of `labels`.
    func counter(_ name: String, labels: [String] = []) async throws -> Double {
        try await metrics().split(separator: "\n").reduce(0.0) { sum, line in
            guard line.hasPrefix(name), !line.hasPrefix("#"), labels.allSatisfy({ line.contains($0) }),
                let value = line.split(separator: " ").last.flatMap({ Double($0) })
            else { return sum }
            return sum + value
        }
    }
}

/// Polls `condition` until it returns nil (done) or `timeout` passes; then fails with the last
/// thing it said was wrong. The machine is shared and noisy: timeouts are generous, nothing is timed.
///
/// With `progress` (true when the work advanced since the last poll), `timeout` counts from the
/// last progress instead, up to `limit` seconds in all.
func eventually(
    _ what: String, timeout: Double = 60, every interval: Double = 0.25, limit: Double? = nil,
    progress: (() throws -> Bool)? = nil, _ condition: () async throws -> String?
) async throws {
    let start = Date()
    let end = start.addingTimeInterval(limit ?? timeout)
    var deadline = start.addingTimeInterval(timeout)
    var last = "never checked"
    while true {
        do {
            guard let problem = try await condition() else { return }
            last = problem
            if let progress, try progress() { deadline = min(end, Date().addingTimeInterval(timeout)) }
        } catch {
            last = "\(error)"
        }
        if Date() > deadline {
            let waited = Int(Date().timeIntervalSince(start))
            let stalled = progress == nil ? "" : " (no progress in the last \(Int(timeout)) s)"
            throw ProcessHandleError("\(what) did not happen in \(waited) s\(stalled); last: \(last)")
        }
        try await Task.sleep(for: .milliseconds(Int(interval * 1000)))
    }
}
