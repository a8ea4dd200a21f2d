import Foundation
import Glibc
import Model
import Store
import Synchronization
import Testing

/// The store survives SIGKILL of the writing process at any moment: every batch whose commit
/// was reported is stored exactly once, and no batch is stored in part.
///
/// The child is `midonet-bench store --crash-child` (Sources/Benchmarks/StoreCrashChild.swift),
/// built next to this test bundle by `swift build --build-tests`.
@Suite(.serialized) struct CrashTests {
    static let batches = 60
    static let batchSize = 25
    /// The ops of one crash Service: its port chain and its jump rule in KUBE-SERVICES.
    static let opsPerService = 2

    static var childExecutable: URL {
        URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath().deletingLastPathComponent().appendingPathComponent("midonet-bench")
    }

    /// Starts the child; its stdout lines are collected until it exits or is killed.
    final class Child: @unchecked Sendable {  // `process` is only touched by the test's thread.
        final class Lines: Sendable {
            let value = Mutex<[String]>([])
            func append(_ line: String) { value.withLock { $0.append(line) } }
            var all: [String] { value.withLock { $0 } }
        }

        let process = Process()
        let lines = Lines()
        private let reader = DispatchGroup()

        init(database: String, durability: String) throws {
            process.executableURL = CrashTests.childExecutable
            process.arguments = [
                "store", "--crash-child", "--db", database, "--batches", "\(CrashTests.batches)", "--batch-size", "\(CrashTests.batchSize)",
                "--submitters", "6", "--durability", durability,
            ]
            let pipe = Pipe()
            process.standardOutput = pipe
            process.standardError = FileHandle.nullDevice
            try process.run()
            let handle = pipe.fileHandleForReading
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
            Glibc.kill(process.processIdentifier, SIGKILL)
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

    @Test(arguments: ["full", "normal"])
    func everyReportedBatchIsStoredExactlyOnceAcrossRepeatedSIGKILL(durability: String) throws {
        let executable = Self.childExecutable
        try #require(FileManager.default.isExecutableFile(atPath: executable.path), "build midonet-bench first: \(executable.path)")
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("store-crash-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("store.sqlite").path

        var reported: Set<Int> = []
        var kills = 0
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<6 {
            let child = try Child(database: path, durability: durability)
            // Kill at a random moment, but only once it has got somewhere (or finished).
            let deadline = Date().addingTimeInterval(Double.random(in: 0.15...0.6, using: &generator))
            while Date() < deadline, child.process.isRunning { usleep(5000) }
            if child.process.isRunning {
                child.kill()
                kills += 1
            } else {
                child.wait()
            }
            reported.formUnion(child.committed)

            // After each crash: every reported batch complete, no batch partial, nothing twice.
            let (perBatch, ops) = try Self.contents(of: path)
            for batch in reported { #expect(perBatch[batch] == Self.batchSize, "batch \(batch) was reported committed") }
            for (batch, count) in perBatch { #expect(count == Self.batchSize, "batch \(batch) is stored in part: \(count)") }
            for (owner, count) in ops { #expect(count == Self.opsPerService, "\(owner) has \(count) ops queued") }
        }
        #expect(kills > 0, "the child was never killed: make the batches bigger")

        // A last run to the end (retrying everything, as kube-apiserver would) completes the store.
        let last = try Child(database: path, durability: durability)
        last.wait()
        #expect(last.lines.all.last == "done")
        #expect(last.committed == Set(0..<Self.batches))
        let (perBatch, ops) = try Self.contents(of: path)
        #expect(perBatch.count == Self.batches)
        #expect(perBatch.values.allSatisfy { $0 == Self.batchSize })
        #expect(ops.count == Self.batches * Self.batchSize)
        #expect(ops.values.allSatisfy { $0 == Self.opsPerService })
    }
}
