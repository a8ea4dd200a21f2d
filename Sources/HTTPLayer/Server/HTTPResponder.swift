import Synchronization

/// Where a response goes: the connection and stream a request came on.
protocol ResponseTarget: AnyObject, Sendable {
    /// Writes `response` for request `token`. Called on the target's loop thread.
    func deliver(_ response: HTTPResponse, token: Int)
    /// Answers request `token` with a reset (see `HTTPResponder.abort()`). On the loop thread.
    func abort(token: Int)
    var loop: EventLoop { get }
}

/// Carries one request's response back to its connection, from any thread, exactly once.
/// If it is dropped without responding, the request is answered 500 so the connection
/// does not hang.
final class ResponseSlot: Sendable {
    private let target: any ResponseTarget
    private let token: Int
    private let responded = Atomic<Bool>(false)

    init(target: any ResponseTarget, token: Int) {
        self.target = target
        self.token = token
    }

    func respond(_ response: HTTPResponse) {
        guard claim() else { return }
        let target = target, token = token
        // Written out rather than through a closure shared with `abort()`: on /validate's path a
        // closure capturing the response would be allocated for every request.
        if target.loop.inLoopThread {
            target.deliver(response, token: token)
        } else {
            target.loop.execute { target.deliver(response, token: token) }
        }
    }

    func abort() {
        guard claim() else { return }
        let target = target, token = token
        if target.loop.inLoopThread {
            target.abort(token: token)
        } else {
            target.loop.execute { target.abort(token: token) }
        }
    }

    /// Whether this is the request's first answer.
    private func claim() -> Bool {
        responded.compareExchange(expected: false, desired: true, ordering: .acquiringAndReleasing).exchanged
    }

    deinit {
        if !responded.load(ordering: .acquiring) {
            let target = target, token = token
            target.loop.execute {
                target.deliver(.text(status: 500, "the handler did not respond\n"), token: token)
            }
        }
    }
}

/// Answers one request. Copyable and Sendable: pass it to the thread that finishes the work.
public struct HTTPResponder: Sendable {
    let slot: ResponseSlot

    /// Sends `response`. Only the first call counts (of this and `abort()`); later calls are
    /// ignored. Any thread.
    public func respond(_ response: HTTPResponse) {
        slot.respond(response)
    }

    /// Answers with a reset instead of a response: over HTTP/1.1 the connection is reset (TCP
    /// RST; requests the client pipelined behind this one go with it), over HTTP/2 only the
    /// request's stream (RST_STREAM, INTERNAL_ERROR). The client sees a transport failure, not
    /// a status. For fault injection (the MidoNet emulator's `--reset-rate`). Any thread.
    public func abort() {
        slot.abort()
    }
}
