import Foundation
import Glibc
import Synchronization
import TestSupport
import Testing

@Suite struct SpawnedProcessTests {
    @Test func anExitStatusAndAKillingSignalAreReported() throws {
        let exited = try SpawnedProcess("/bin/sh", ["-c", "exit 3"])
        #expect(exited.waitUntilExit() == .exited(3))
        #expect(exited.terminationStatus == 3)
        #expect(!exited.wasSignalled)

        let killed = try SpawnedProcess("/bin/sleep", ["30"])
        #expect(killed.isRunning)
        #expect(killed.terminationStatus == -1)
        killed.signal(SIGKILL)
        #expect(killed.waitUntilExit() == .signalled(SIGKILL))
        #expect(killed.wasSignalled)
        #expect(!killed.isRunning)
    }

    @Test func theChildGetsNoneOfTheParentsDescriptorsButItsStreams() throws {
        // A descriptor without close-on-exec, as sockets and Foundation's pipes are: the child
        // must not hold it, or a reader would wait for EOF until every later child exits.
        var fds: [Int32] = [0, 0]
        try #require(pipe(&fds) == 0)
        defer { close(fds[0]); close(fds[1]) }
        // dash's `[` is a builtin, so /proc/self is the shell itself.
        let leaked = try ProcessRunner.run("/bin/sh", ["-c", "[ -e /proc/self/fd/\(fds[1]) ] && echo open || echo closed"])
        #expect(leaked.stdout == "closed\n")


        // The same pipe given as stdout reaches the child as fd 1.
        let writer = try SpawnedProcess("/bin/echo", ["through the pipe"], stdout: .descriptor(fds[1]))
        #expect(writer.waitUntilExit() == .exited(0))
        var buffer = [UInt8](repeating: 0, count: 64)
        let count = read(fds[0], &buffer, buffer.count)
        #expect(String(decoding: buffer.prefix(max(count, 0)), as: UTF8.self) == "through the pipe\n")
    }

    @Test func aPipesReaderSeesEOFWhenItsChildExitsWhileOthersRun() throws {
        let long = try SpawnedProcess("/bin/sleep", ["30"])
        defer { long.signal(SIGKILL); long.waitUntilExit() }
        let started = Date()
        let result = try ProcessRunner.run("/bin/echo", ["hello"], timeout: 20)
        #expect(result.stdout == "hello\n")
        #expect(Date().timeIntervalSince(started) < 15)
    }

    @Test func theChildStartsWithNoSignalIgnoredOrBlocked() throws {
        signal(SIGPIPE, SIG_IGN)
        let status = try ProcessRunner.run("/bin/grep", ["-E", "^Sig(Ign|Blk)", "/proc/self/status"])
        var masks: [String: UInt64] = [:]
        for line in status.stdout.split(separator: "\n") {
            let parts = line.split(separator: "\t")
            if parts.count == 2, let mask = UInt64(parts[1], radix: 16) { masks[String(parts[0])] = mask }
        }
        #expect(masks["SigBlk:"] == 0)
        // Signals 1–31 only: glibc's posix_spawn ignores its own two (32 and 33) in the child.
        #expect(masks["SigIgn:"].map { $0 & 0x7fff_ffff } == 0, "\(status.stdout)")
    }

    @Test func theEnvironmentIsTheGivenOneOrElseOurs() throws {
        let given = try ProcessRunner.run("/usr/bin/env", [], environment: ["ONLY": "this"])
        #expect(given.stdout == "ONLY=this\n")
        let inherited = try ProcessRunner.run("/usr/bin/env", [])
        let path = try #require(ProcessInfo.processInfo.environment["PATH"])
        #expect(inherited.stdout.split(separator: "\n").contains("PATH=\(path)"[...]))
    }

    @Test func aMissingExecutableIsAnErrorNamingIt() {
        #expect(throws: ProcessHandleError.self) { try SpawnedProcess("/nonexistent/tool", []) }
        do {
            _ = try SpawnedProcess("/nonexistent/tool", [])
        } catch {
            #expect("\(error)".contains("/nonexistent/tool"))
        }
    }

    @Test func manyThreadsWaitingAndAskingAllSeeTheOneStatus() async throws {
        let child = try SpawnedProcess("/bin/sh", ["-c", "sleep 0.3; exit 7"])
        let seen = Mutex<[SpawnedProcess.Termination]>([])
        let group = DispatchGroup()
        for index in 0..<8 {
            group.enter()
            Thread.detachNewThread {
                let ended: SpawnedProcess.Termination
                if index.isMultiple(of: 2) {
                    ended = child.waitUntilExit()
                } else {
                    while child.isRunning { usleep(1000) }
                    ended = child.waitUntilExit()
                }
                seen.withLock { $0.append(ended) }
                group.leave()
            }
        }
        let finished = try await offThePool { group.wait(timeout: .now() + 20) == .success }
        #expect(finished)
        #expect(seen.withLock { $0 } == Array(repeating: .exited(7), count: 8))
    }
}
