internal import CShims
internal import Glibc
import Synchronization

/// Receives the readiness events of one file descriptor on its loop thread.
protocol LoopRegistrant: AnyObject {
    /// Called on the loop thread with the EPOLL* bits that fired.
    func handleEvents(_ events: UInt32)
    /// Called on the loop thread about every `EventLoop.tickInterval`: deadlines live here.
    func tick(now: MonotonicTime)
}

/// Readiness interest, in the kernel's EPOLL* bits.
struct Interest: OptionSet, Sendable {
    let rawValue: UInt32
    static let read = Interest(rawValue: CShims_EPOLLIN())
    static let write = Interest(rawValue: CShims_EPOLLOUT())

    /// EPOLLERR | EPOLLHUP: always reported, whatever the interest.
    static let errorOrHangUp: UInt32 = CShims_EPOLLERR() | CShims_EPOLLHUP()

    /// The bits given to epoll: EPOLLRDHUP only with read interest, or a half-closed peer
    /// would wake a level-triggered loop forever while reading is paused.
    var epollBits: UInt32 { contains(.read) ? rawValue | CShims_EPOLLRDHUP() : rawValue }
}

/// One epoll set run by one dedicated thread. Registrations and everything registered are
/// confined to that thread; other threads reach it only through `execute(_:)`.
final class EventLoop: @unchecked Sendable {
    // Reason: `registrants` and `interests` are touched only on the loop thread (checked by
    // `assertInLoop`); `pending` is a Mutex and the wake-up is an eventfd.

    /// How often `tick(now:)` runs: the resolution of every timeout in this layer.
    static let tickInterval: Duration = .milliseconds(100)
    /// Bytes read per `read(2)`/`SSL_read` into the loop's scratch buffer.
    static let scratchSize = 64 * 1024

    let index: Int
    private let epollFD: Int32
    private let wakeFD: Int32
    private let pending = Mutex<[@Sendable () -> Void]>([])
    private let stopRequested = Atomic<Bool>(false)
    private let threadID = Atomic<UInt>(0)
    private var registrants: [Int32: any LoopRegistrant] = [:]
    private var interests: [Int32: Interest] = [:]
    private let thread = LoopThread()
    /// Read buffer shared by everything on this loop (one thread, one read at a time).
    let scratch: UnsafeMutableRawBufferPointer

    init(index: Int) throws(HTTPLayerError) {
        self.index = index
        let epollFD = CShims_epoll_create()
        guard epollFD >= 0 else { throw .system(.eventLoopFailed, "epoll_create1", errno) }
        let wakeFD = CShims_eventfd()
        guard wakeFD >= 0 else {
            let code = errno
            close(epollFD)
            throw .system(.eventLoopFailed, "eventfd", code)
        }
        guard CShims_epoll_ctl(epollFD, 0, wakeFD, CShims_EPOLLIN()) == 0 else {
            let code = errno
            close(epollFD)
            close(wakeFD)
            throw .system(.eventLoopFailed, "epoll_ctl(eventfd)", code)
        }
        self.epollFD = epollFD
        self.wakeFD = wakeFD
        self.scratch = .allocate(byteCount: Self.scratchSize, alignment: 16)
    }

    deinit {
        close(epollFD)
        close(wakeFD)
        scratch.deallocate()
    }

    /// True on this loop's thread.
    var inLoopThread: Bool { threadID.load(ordering: .acquiring) == UInt(bitPattern: Int(bitPattern: pthread_self())) }

    func assertInLoop() {
        assert(inLoopThread, "touched event loop \(index) state off its thread")
    }

    /// Starts the loop's thread.
    func start(name: String) {
        thread.start { [self] in run() }
    }

    /// Asks the loop to return after its current iteration and waits for its thread.
    func stopAndJoin() {
        stopRequested.store(true, ordering: .releasing)
        wake()
        if !inLoopThread { thread.join() }
    }

    /// Runs `task` on the loop thread, soon. Safe from any thread.
    func execute(_ task: @escaping @Sendable () -> Void) {
        let wasEmpty = pending.withLock { tasks in
            tasks.append(task)
            return tasks.count == 1
        }
        if wasEmpty { wake() }
    }

    private func wake() {
        var one: UInt64 = 1
        _ = withUnsafeBytes(of: &one) { write(wakeFD, $0.baseAddress, 8) }
    }

    func register(_ fd: Int32, interest: Interest, _ registrant: any LoopRegistrant) throws(HTTPLayerError) {
        assertInLoop()
        guard CShims_epoll_ctl(epollFD, 0, fd, interest.epollBits) == 0 else {
            throw .system(.eventLoopFailed, "epoll_ctl(add)", errno)
        }
        registrants[fd] = registrant
        interests[fd] = interest
    }

    /// Changes the interest of a registered descriptor when it differs from the current one.
    func setInterest(_ fd: Int32, _ interest: Interest) {
        assertInLoop()
        guard let current = interests[fd], current != interest else { return }
        if CShims_epoll_ctl(epollFD, 1, fd, interest.epollBits) == 0 {
            interests[fd] = interest
        }
    }

    func deregister(_ fd: Int32) {
        assertInLoop()
        guard registrants.removeValue(forKey: fd) != nil else { return }
        interests[fd] = nil
        _ = CShims_epoll_ctl(epollFD, 2, fd, 0)
    }

    /// Number of registered descriptors (connections plus listeners).
    var registrationCount: Int { registrants.count }

    private func run() {
        threadID.store(UInt(bitPattern: Int(bitPattern: pthread_self())), ordering: .releasing)
        var fds = [Int32](repeating: 0, count: 256)
        var events = [UInt32](repeating: 0, count: 256)
        let tickMs = Int32(Self.tickInterval.nanosecondsClamped / 1_000_000)
        var nextTick = MonotonicTime.now + Self.tickInterval
        while !stopRequested.load(ordering: .acquiring) {
            let count = fds.withUnsafeMutableBufferPointer { fdBuffer in
                events.withUnsafeMutableBufferPointer { eventBuffer in
                    CShims_epoll_wait(epollFD, fdBuffer.baseAddress, eventBuffer.baseAddress, 256, tickMs)
                }
            }
            if count > 0 {
                for i in 0..<Int(count) {
                    if fds[i] == wakeFD {
                        drainWakeFD()
                    } else if let registrant = registrants[fds[i]] {
                        registrant.handleEvents(events[i])
                    }
                }
            }
            runPendingTasks()
            let now = MonotonicTime.now
            if now >= nextTick {
                nextTick = now + Self.tickInterval
                for registrant in Array(registrants.values) { registrant.tick(now: now) }
            }
        }
        runPendingTasks()
    }

    private func drainWakeFD() {
        var value: UInt64 = 0
        _ = withUnsafeMutableBytes(of: &value) { read(wakeFD, $0.baseAddress, 8) }
    }

    private func runPendingTasks() {
        // Tasks may enqueue more tasks; those run on the next iteration (after the next wake-up).
        let tasks = pending.withLock { tasks in
            let taken = tasks
            tasks.removeAll(keepingCapacity: true)
            return taken
        }
        for task in tasks { task() }
    }
}
