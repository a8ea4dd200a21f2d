import ArgumentParser
import Foundation
import Histogram
import Model
import Store
import Synchronization

/// `midonet-bench store`: sustained durable ingest of 400-event audit batches through the
/// group committer, with several concurrent submitters (the `/audit` handlers), without HTTP.
/// `--crash-child` instead runs the child process of the store's SIGKILL test.
struct StoreBenchmark: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "store",
        abstract: "Durable audit ingest: events/s and batch latency (p50/p99) through the group committer.")

    enum Mode: String, ExpressibleByArgument, CaseIterable {
        /// Events decoded before the clock starts: the store alone.
        case prebuilt
        /// Each submitter decodes its EventList (`AuditEventList.decode`) inside the measurement.
        case decode
        case both
    }

    enum DurabilityOption: String, ExpressibleByArgument {
        /// `synchronous = FULL`: survives power loss.
        case full
        /// `synchronous = NORMAL`: survives kill -9 only.
        case normal

        var durability: Store.Durability { self == .full ? .powerLoss : .processCrash }
    }

    @Option(help: "Database file (default: a new file in a temporary directory, removed afterwards).")
    var db: String?
    @Option(help: "Services in the cluster (each with an Endpoints object).")
    var services = 5000
    @Option(help: "Ready endpoints per Endpoints object.")
    var endpoints = 3
    @Option(help: "Batches to ingest in all (the first ones create the Services and Endpoints, the rest update them).")
    var batches = 200
    @Option(help: "Events per batch (kube-apiserver's --audit-webhook-batch-max-size is 400).")
    var batchSize = 400
    @Option(help: "Concurrent submitters (in-flight batches).")
    var submitters = 8
    @Option(help: "full (power loss) or normal (kill -9 only).")
    var durability = DurabilityOption.full
    @Option(help: "prebuilt, decode or both.")
    var mode = Mode.both
    @Option(help: "Kubernetes objects the writer keeps decoded at most (the webhook's --object-cache-entries).")
    var objectCacheEntries = Store.Configuration.defaultCacheLimit

    @Flag(help: "Run as the child of the SIGKILL test: ingest --batches crash batches into --db, print \"committed <n>\" after each commit.")
    var crashChild = false
    @Option(help: "Only write the batches' EventList JSON to this directory (batch-00000.json, …) for scripts/bench-audit.sh, and exit.")
    var writeBatches: String?

    func run() throws {
        if crashChild {
            guard let db else { throw ValidationError("--crash-child needs --db") }
            try StoreCrashChild(path: db, batches: batches, batchSize: batchSize, submitters: submitters, durability: durability.durability).run()
            return
        }
        let workload = StoreWorkload(services: services, endpointsPerService: endpoints, batchSize: batchSize, runID: "run-\(UUID().uuidString.prefix(8))")
        print("generating \(batches) batches of \(batchSize) events (\(services) Services with Endpoints, \(endpoints) endpoints each)…")
        let bodies = (0..<batches).map { workload.batchJSON($0) }
        if let writeBatches {
            try FileManager.default.createDirectory(atPath: writeBatches, withIntermediateDirectories: true)
            for (index, body) in bodies.enumerated() {
                let name = "batch-" + String(index).leftPadded(to: 5) + ".json"
                try Data(body).write(to: URL(fileURLWithPath: writeBatches).appendingPathComponent(name))
            }
            print("wrote \(bodies.count) batches to \(writeBatches) (the first \(workload.createBatches) create, the rest update)")
            return
        }
        let megabytes = Double(bodies.reduce(0) { $0 + $1.count }) / 1_048_576
        print(String(format: "%.0f MiB of EventList JSON, %.1f KiB per event on average", megabytes, megabytes * 1024 / Double(batches * batchSize)))
        let modes: [Mode] = mode == .both ? [.prebuilt, .decode] : [mode]
        var rows: [Row] = []
        for mode in modes {
            rows += try measure(mode: mode, bodies: bodies, workload: workload)
        }
        Row.printTable(rows)
    }

    struct Row {
        var mode: String
        var phase: String
        var batches: Int
        var events: Int
        var seconds: Double
        var p50: Double
        var p99: Double
        var max: Double
        var groups: Int
        var applied: Int
        var stale: Int
        var operations: Int
        /// CPU time of the whole process during the phase (writer, submitters, bookkeeping).
        var cpuSeconds: Double
        /// Bytes the process wrote during the phase (WAL frames and checkpoints; nil: unknown).
        var writtenBytes: Int?

        static func printTable(_ rows: [Row]) {
            let header = ["mode", "phase", "batches", "events", "seconds", "events/s", "p50 ms", "p99 ms", "max ms", "batches/fsync", "CPU µs/event", "KiB written/event", "applied", "stale", "ops queued"]
            let lines = rows.map { row in
                [
                    row.mode, row.phase, "\(row.batches)", "\(row.events)", String(format: "%.2f", row.seconds),
                    String(format: "%.0f", Double(row.events) / row.seconds), String(format: "%.1f", row.p50), String(format: "%.1f", row.p99),
                    String(format: "%.1f", row.max), String(format: "%.1f", Double(row.batches) / Double(Swift.max(row.groups, 1))),
                    String(format: "%.0f", row.cpuSeconds * 1e6 / Double(row.events)),
                    row.writtenBytes.map { String(format: "%.1f", Double($0) / 1024 / Double(row.events)) } ?? "?",
                    "\(row.applied)", "\(row.stale)", "\(row.operations)",
                ]
            }
            let widths = header.indices.map { column in ([header] + lines).map { $0[column].count }.max() ?? 0 }
            func format(_ cells: [String]) -> String {
                zip(cells, widths).map { $0.padding(toLength: $1, withPad: " ", startingAt: 0) }.joined(separator: "  ")
            }
            print(format(header))
            print(format(widths.map { String(repeating: "-", count: $0) }))
            for line in lines { print(format(line)) }
        }
    }

    func measure(mode: Mode, bodies: [[UInt8]], workload: StoreWorkload) throws -> [Row] {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("midonet-bench-store-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = db.map { "\($0).\(mode.rawValue)" } ?? directory.appendingPathComponent("store.sqlite").path
        let store = try Store(path: path, configuration: Store.Configuration(durability: durability.durability, cacheLimit: objectCacheEntries))
        let committer = GroupCommitter(store: store)
        defer { committer.shutdown() }
        let prebuilt: [AuditEventList] = mode == .prebuilt ? try bodies.map { try AuditEventList.decode($0) } : []
        let phases = [("create", 0..<min(workload.createBatches, bodies.count)), ("update", min(workload.createBatches, bodies.count)..<bodies.count)]
        var rows: [Row] = []
        for (phase, range) in phases where !range.isEmpty {
            let groupsBefore = committer.statistics.groups
            let fallbacksBefore = committer.statistics.fallbacks
            let cpuBefore = processCPUSeconds()
            let writtenBefore = processWrittenBytes()
            let result = try run(range, committer: committer) { index in
                mode == .prebuilt ? prebuilt[index] : try AuditEventList.decode(bodies[index])
            }
            let ms = { (percentile: Double) in Double(result.latency.valueAtPercentile(percentile)) / 1000 }
            let fallbacks = committer.statistics.fallbacks - fallbacksBefore
            if fallbacks > 0 {
                // A group whose transaction failed is ingested again batch by batch: its batches
                // commit apart, so their operations can differ from a run without the failure.
                FileHandle.standardError.write(Data("\(mode.rawValue) \(phase): \(fallbacks) group(s) failed and were retried batch by batch\n".utf8))
            }
            rows.append(
                Row(
                    mode: mode.rawValue, phase: phase, batches: range.count, events: range.count * workload.batchSize, seconds: result.seconds,
                    p50: ms(50), p99: ms(99), max: Double(result.latency.max) / 1000, groups: committer.statistics.groups - groupsBefore,
                    applied: result.events[.applied], stale: result.events[.stale], operations: result.operations,
                    cpuSeconds: processCPUSeconds() - cpuBefore,
                    writtenBytes: processWrittenBytes().flatMap { after in writtenBefore.map { after - $0 } }))
        }
        let statistics = try store.statistics()
        print(
            "\(mode.rawValue): object cache \(statistics.objectCacheEntries) entries (limit \(statistics.objectCacheLimit)), "
                + "\(statistics.objectCacheDropped) dropped")
        return rows
    }

    /// User + system CPU time of this process so far: unlike events/s, not inflated when other
    /// work on the machine takes the cores.
    func processCPUSeconds() -> Double {
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        let seconds = { (t: timeval) in Double(t.tv_sec) + Double(t.tv_usec) / 1e6 }
        return seconds(usage.ru_utime) + seconds(usage.ru_stime)
    }

    /// Bytes this process has passed to write calls so far (`wchar` of /proc/self/io): the WAL's
    /// frames as each commit writes them and the checkpoints' copies into the database file.
    func processWrittenBytes() -> Int? {
        guard let text = try? String(contentsOfFile: "/proc/self/io", encoding: .utf8) else { return nil }
        for line in text.split(separator: "\n") where line.hasPrefix("wchar:") {
            return Int(line.dropFirst("wchar:".count).trimmingCharacters(in: .whitespaces))
        }
        return nil
    }

    struct RunResult {
        var seconds: Double
        var latency: Histogram<UInt64>
        var events: EventCounts
        var operations: Int
    }

    /// Ingests `range` with `submitters` threads, each with one batch in flight at a time.
    func run(_ range: Range<Int>, committer: GroupCommitter, list: @escaping @Sendable (Int) throws -> AuditEventList) throws -> RunResult {
        let next = Atomic<Int>(range.lowerBound)
        let collected = Mutex((latency: Histogram<UInt64>(highestTrackableValue: 60_000_000, numberOfSignificantValueDigits: .three), events: EventCounts(), operations: 0, error: String?.none))
        let finished = DispatchGroup()
        let clock = ContinuousClock()
        let started = clock.now
        for _ in 0..<submitters {
            finished.enter()
            let thread = Thread {
                defer { finished.leave() }
                let done = DispatchSemaphore(value: 0)
                while true {
                    let index = next.wrappingAdd(1, ordering: .relaxed).oldValue
                    guard index < range.upperBound else { return }
                    let submitted = clock.now
                    let outcome = Mutex<Result<IngestReport, any Error>?>(nil)
                    do {
                        committer.submit(try list(index)) { result in
                            outcome.withLock { $0 = result }
                            done.signal()
                        }
                        done.wait()
                    } catch {
                        outcome.withLock { $0 = .failure(error) }
                    }
                    let elapsed = submitted.duration(to: clock.now)
                    let micros = UInt64(elapsed.components.seconds) * 1_000_000 + UInt64(elapsed.components.attoseconds / 1_000_000_000_000)
                    let result = outcome.withLock { $0 }
                    collected.withLock { collected in
                        switch result {
                        case .success(let report)?:
                            _ = collected.latency.record(micros)
                            collected.events.add(report.events)
                            collected.operations += report.operationsQueued
                        case .failure(let error)?:
                            collected.error = collected.error ?? "batch \(index): \(error)"
                        case nil:
                            break
                        }
                    }
                }
            }
            thread.start()
        }
        finished.wait()
        let elapsed = started.duration(to: clock.now)
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        let result = collected.withLock { $0 }
        if let error = result.error { throw ValidationError("ingest failed: \(error)") }
        return RunResult(seconds: seconds, latency: result.latency, events: result.events, operations: result.operations)
    }
}
