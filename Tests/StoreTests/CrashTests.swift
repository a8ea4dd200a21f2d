import Foundation
import Glibc
import Model
import Store
import Synchronization
import TestSupport
import Testing

/// The store survives SIGKILL of the writing process at any moment: every batch whose commit
/// was reported is stored exactly once, and no batch is stored in part.
///
/// The child is `midonet-bench store --crash-child` (Sources/Benchmarks/StoreCrashChild.swift),
/// built next to this test bundle by `swift build --build-tests`.
@Suite(.serialized) struct CrashTests {
    /// The child is killed once it has reported at most half of them committed.
    static let batches = 150
    static let batchSize = 25
    /// The ops of one crash Service: its port chain and its jump rule in KUBE-SERVICES.
    static let opsPerService = 2

    static var childExecutable: URL {
        URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath().deletingLastPathComponent().appendingPathComponent("midonet-bench")
    }

    /// Starts the child; its stdout lines are collected until it exits or is killed.
    final class Child: Sendable {
        final class Lines: Sendable {
            let value = Mutex<[String]>([])
            func append(_ line: String) { value.withLock { $0.append(line) } }
            var all: [String] { value.withLock { $0 } }
        }

        let process: SpawnedProcess
        let lines = Lines()
        private let reader = DispatchGroup()

        init(database: String, durability: String) throws {
            let pipe = try SpawnPipe()
            defer { pipe.closeChildEnd() }
            process = try SpawnedProcess(CrashTests.childExecutable.path, [
                "store", "--crash-child", "--db", database, "--batches", "\(CrashTests.batches)", "--batch-size", "\(CrashTests.batchSize)",
                "--submitters", "6", "--durability", durability,
            ], stdout: .descriptor(pipe.childEnd), stderr: .null)
            let handle = pipe.parentEnd
            reader.enter()
            Thread { [lines, reader] in
                var pending = ""
                while true {
                    let data = handle.availableData
                    if data.isEmpty { break }
                    pending += String(decoding: data, as: UTF8.self)
                    while let newline = pending.firstIndex(of: "\n") {
                        let line = String(pending[..<newline])
                        pending = String(pending[pending.index(after: newline)...])
                        lines.append(line)
                    }
                }
                reader.leave()
            }.start()
        }

        func kill() {
            process.signal(SIGKILL)
            process.waitUntilExit()
            reader.wait()
        }

        func wait() {
            process.waitUntilExit()
            reader.wait()
        }

        var committed: Set<Int> {
            Set(lines.all.compactMap { line in line.hasPrefix("committed ") ? Int(line.dropFirst(10)) : nil })
        }
    }

    /// Services of each batch present in the store, and ops queued per Service.
    static func contents(of path: String) throws -> (servicesPerBatch: [Int: Int], opsPerService: [String: Int]) {
        let store = try Store(path: path)
        var perBatch: [Int: Int] = [:]
        for object in try store.objects(of: .service) {
            guard let name = object.metadata?.name else { continue }
            let parts = name.split(separator: "-")
            guard parts.count == 3, let batch = Int(parts[1]) else { continue }
            perBatch[batch, default: 0] += 1
        }
        var ops: [String: Int] = [:]
        for operation in try store.queuedOperations(limit: 1_000_000) { ops[operation.owner, default: 0] += 1 }
        return (perBatch, ops)
    }

    /// What one crash run found: the problems (empty when all is well) and how often it killed.
    struct Findings: Sendable {
        var problems: [String] = []
        var kills = 0
    }

    /// Off the cooperative pool (`offThePool`): the run waits on its children for tens of
    /// seconds, which on one of the pool's 2 threads starved the async tests running beside it.
    @Test(arguments: ["full", "normal"])
    func everyReportedBatchIsStoredExactlyOnceAcrossRepeatedSIGKILL(durability: String) async throws {
        let executable = Self.childExecutable
        try #require(FileManager.default.isExecutableFile(atPath: executable.path), "build midonet-bench first: \(executable.path)")
        let findings = try await offThePool { try Self.crashRun(durability: durability) }
        #expect(findings.problems.isEmpty, "\(findings.problems.prefix(5))")
        #expect(findings.kills > 0, "the child was never killed: make the batches bigger")
    }

    static func crashRun(durability: String) throws -> Findings {
        var findings = Findings()
        func check(_ condition: Bool, _ problem: @autoclosure () -> String) {
            if !condition { findings.problems.append(problem()) }
        }
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("store-crash-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("store.sqlite").path

        var reported: Set<Int> = []
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<6 {
            let child = try Child(database: path, durability: durability)
            // Kill once it has reported a random number of commits, at most half of its batches,
            // so that it always has batches in flight then, however fast it runs. (A random time
            // of 0.15–0.6 s let a child on a quiet machine finish all 150 batches first, ~0.4 s,
            // and in two of three runs nothing was killed.)
            let target = Int.random(in: 1...(Self.batches / 2), using: &generator)
            let deadline = Date().addingTimeInterval(60)
            while Date() < deadline, child.process.isRunning, child.committed.count < target { usleep(1000) }
            if child.process.isRunning {
                child.kill()
                findings.kills += 1
            } else {
                child.wait()
            }
            reported.formUnion(child.committed)

            // After each crash: every reported batch complete, no batch partial, nothing twice.
            let (perBatch, ops) = try Self.contents(of: path)
            for batch in reported { check(perBatch[batch] == Self.batchSize, "batch \(batch) was reported committed") }
            for (batch, count) in perBatch { check(count == Self.batchSize, "batch \(batch) is stored in part: \(count)") }
            for (owner, count) in ops { check(count == Self.opsPerService, "\(owner) has \(count) ops queued") }
        }

        // A last run to the end (retrying everything, as kube-apiserver would) completes the store.
        let last = try Child(database: path, durability: durability)
        last.wait()
        check(last.lines.all.last == "done", "the last run did not finish: \(last.lines.all.suffix(3))")
        check(last.committed == Set(0..<Self.batches), "the last run reported \(last.committed.count) of \(Self.batches) batches")
        let (perBatch, ops) = try Self.contents(of: path)
        check(perBatch.count == Self.batches, "\(perBatch.count) of \(Self.batches) batches stored")
        check(perBatch.values.allSatisfy { $0 == Self.batchSize }, "a batch is stored in part")
        check(ops.count == Self.batches * Self.batchSize, "ops of \(ops.count) Services queued")
        check(ops.values.allSatisfy { $0 == Self.opsPerService }, "a Service has the wrong number of ops queued")
        return findings
    }
}
