internal import CShims
public import Foundation
import Glibc
import Synchronization

/// A child process started with `posix_spawn`, for the tests' peers and our own executables.
///
/// Not `Foundation.Process`: in Swift 6.3.1 its `run()` reads past a buffer while it lists
/// `/proc/self/fd` to close the parent's descriptors in the child
/// (`findMaximumOpenFromProcSelfFD`, fixed upstream in swift-corelibs-foundation#5472), and with
/// a thousand sockets open in the test process that crashed `swift test` with SIGSEGV in
/// `memcpy` about once in ten runs. Here glibc's `posix_spawn_file_actions_addclosefrom_np`
/// (through CShims) closes everything above stderr in the child, which is what Process meant to do.
///
/// The child is reaped by whoever first sees it exit (`isRunning`, `waitUntilExit`), from any
/// thread; its status is kept.
public final class SpawnedProcess: Sendable {
    /// Where one of the child's standard streams goes.
    public enum Stream: Sendable {
        /// The test process's own (stdin, stdout or stderr).
        case inherit
        /// `/dev/null`.
        case null
        /// This descriptor, which stays the caller's: the child gets a copy.
        case descriptor(Int32)
    }

    /// How the child ended.
    public enum Termination: Sendable, Equatable {
        case exited(Int32)
        case signalled(Int32)
    }

    public let pid: Int32
    private let termination = Mutex<Termination?>(nil)

    /// Starts `executable` (a path, not looked up in PATH) with `arguments`; `environment` nil
    /// passes this process's own.
    public init(_ executable: String, _ arguments: [String], environment: [String: String]? = nil,
                stdin: Stream = .null, stdout: Stream = .inherit, stderr: Stream = .inherit) throws {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        for (stream, target) in [(stdin, STDIN_FILENO), (stdout, STDOUT_FILENO), (stderr, STDERR_FILENO)] {
            switch stream {
            case .inherit: break
            case .null: posix_spawn_file_actions_addopen(&actions, target, "/dev/null", target == STDIN_FILENO ? O_RDONLY : O_WRONLY, 0)
            // dup2 onto itself clears FD_CLOEXEC in glibc's posix_spawn (2.29 and later).
            case .descriptor(let fd): posix_spawn_file_actions_adddup2(&actions, fd, target)
            }
        }
        // After the dup2s: every other descriptor of the test process (sockets, other children's
        // pipes) closed in the child, so a pipe's reader sees EOF when its own child exits.
        CShims_spawn_file_actions_addclosefrom(&actions, STDERR_FILENO + 1)

        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        // A clean signal state: nothing blocked, and every signal at its default (our server and
        // client ignore SIGPIPE in the test process, which a child would otherwise inherit).
        var none = sigset_t(), all = sigset_t()
        sigemptyset(&none)
        sigfillset(&all)
        posix_spawnattr_setsigmask(&attributes, &none)
        posix_spawnattr_setsigdefault(&attributes, &all)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))

        let argv = CStringArray([executable] + arguments)
        let envp = environment.map { CStringArray($0.map { "\($0.key)=\($0.value)" }) }
        var child: pid_t = 0
        let result = argv.withPointers { argv in
            if let envp {
                return envp.withPointers { posix_spawn(&child, executable, &actions, &attributes, argv, $0) }
            }
            return posix_spawn(&child, executable, &actions, &attributes, argv, environ)
        }
        guard result == 0 else {
            throw ProcessHandleError("cannot start \(executable): \(String(cString: strerror(result)))")
        }
        pid = child
    }

    /// Whether the child has not exited yet (reaping it if it has).
    public var isRunning: Bool { reap(blocking: false) == nil }

    /// Blocks until the child exits; how it ended.
    @discardableResult
    public func waitUntilExit() -> Termination {
        while true {
            if let ended = reap(blocking: true) { return ended }
        }
    }

    /// The exit status, or the signal's number if a signal ended it (as Foundation's Process);
    /// -1 while it runs.
    public var terminationStatus: Int32 {
        switch reap(blocking: false) {
        case .exited(let status), .signalled(let status): status
        case nil: -1
        }
    }

    /// Whether a signal ended the child.
    public var wasSignalled: Bool {
        if case .signalled = reap(blocking: false) { return true }
        return false
    }

    /// Sends `signal` unless the child is already reaped (its pid could belong to another by then).
    public func signal(_ signal: Int32) {
        termination.withLock { ended in
            if ended == nil { _ = kill(pid, signal) }
        }
    }

    /// Polls for the exit, at most `timeout` seconds; how it ended, or nil if it still runs.
    public func waitForExit(timeout: Double) -> Termination? {
        let deadline = Date().addingTimeInterval(timeout)
        while true {
            if let ended = reap(blocking: false) { return ended }
            if Date() > deadline { return nil }
            usleep(10_000)
        }
    }

    /// The child's status if it has exited. Blocking waits with `WNOWAIT` outside the lock, so
    /// that a thread waiting for the exit does not hold up one that only asks; the reaping
    /// `waitpid` itself is under the lock, so the child is reaped once.
    private func reap(blocking: Bool) -> Termination? {
        if blocking, termination.withLock({ $0 }) == nil {
            var info = siginfo_t()
            while waitid(P_PID, id_t(pid), &info, WEXITED | WNOWAIT) == -1, errno == EINTR {}
        }
        return termination.withLock { ended in
            if let ended { return ended }
            var status: Int32 = 0
            var reaped: pid_t
            repeat { reaped = waitpid(pid, &status, WNOHANG) } while reaped == -1 && errno == EINTR
            if reaped == pid {
                // WIFEXITED / WEXITSTATUS / WTERMSIG, which are macros Swift does not import.
                ended = status & 0x7f == 0 ? .exited((status >> 8) & 0xff) : .signalled(status & 0x7f)
            } else if reaped == -1 {
                // ECHILD: not our child any more; nothing more will be known about it.
                ended = .exited(-1)
            }
            return ended
        }
    }
}

/// A pipe whose two ends are closed on exec (`pipe2(O_CLOEXEC)`), so children get only the end
/// they are given as a stream.
public struct SpawnPipe: Sendable {
    /// The end the test reads (or, for a child's stdin, the end it writes).
    public let parentEnd: FileHandle
    /// The end handed to the child; close it (`closeChildEnd`) once the child is started, or
    /// the reader never sees EOF.
    public let childEnd: Int32

    /// A pipe the child writes (its stdout or stderr): the test reads `parentEnd`.
    public init() throws {
        let (read, write) = try Self.descriptors()
        self.init(parent: read, child: write)
    }

    /// A pipe the child reads (its stdin): the test writes `parentEnd`.
    public static func forInput() throws -> SpawnPipe {
        let (read, write) = try descriptors()
        return SpawnPipe(parent: write, child: read)
    }

    private static func descriptors() throws -> (read: Int32, write: Int32) {
        var fds: [Int32] = [0, 0]
        guard CShims_pipe_cloexec(&fds) == 0 else {
            throw ProcessHandleError("pipe2: \(String(cString: strerror(errno)))")
        }
        return (fds[0], fds[1])
    }

    private init(parent: Int32, child: Int32) {
        parentEnd = FileHandle(fileDescriptor: parent, closeOnDealloc: true)
        childEnd = child
    }

    public func closeChildEnd() { close(childEnd) }
}

/// NUL-terminated copies of strings, with the NULL-terminated array of pointers `execve` takes.
private final class CStringArray {
    private var pointers: [UnsafeMutablePointer<CChar>?]

    init(_ strings: [String]) {
        pointers = strings.map { strdup($0) } + [nil]
    }

    func withPointers<T>(_ body: (UnsafePointer<UnsafeMutablePointer<CChar>?>) -> T) -> T {
        pointers.withUnsafeBufferPointer { buffer in
            guard let base = buffer.baseAddress else { preconditionFailure("the array holds at least its terminating nil") }
            return body(base)
        }
    }

    deinit { for pointer in pointers { free(pointer) } }
}
