import Synchronization

/// A fixed set of event loops, one thread each; hands loops out round-robin.
final class EventLoopGroup: Sendable {
    let loops: [EventLoop]
    private let nextIndex = Atomic<Int>(0)

    init(count: Int, name: String) throws(HTTPLayerError) {
        var loops: [EventLoop] = []
        for index in 0..<max(1, count) { loops.append(try EventLoop(index: index)) }
        self.loops = loops
        for loop in loops { loop.start(name: "\(name)-\(loop.index)") }
    }

    /// The next loop, round-robin.
    func next() -> EventLoop {
        let index = nextIndex.wrappingAdd(1, ordering: .relaxed).oldValue
        return loops[(index & Int.max) % loops.count]
    }

    func stopAndJoin() {
        for loop in loops { loop.stopAndJoin() }
    }
}
