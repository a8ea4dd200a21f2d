import Synchronization

/// Where a response goes: the connection and stream a request came on.
protocol ResponseTarget: AnyObject, Sendable {
    /// Writes `response` for request `token`. Called on the target's loop thread.
    func deliver(_ response: HTTPResponse, token: Int)
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
        guard responded.compareExchange(expected: false, desired: true, ordering: .acquiringAndReleasing).exchanged else {
            return
        }
        let target = target, token = token
        if target.loop.inLoopThread {
            target.deliver(response, token: token)
        } else {
            target.loop.execute { target.deliver(response, token: token) }
        }
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

    /// Sends `response`. Only the first call counts; later calls are ignored. Any thread.
    public func respond(_ response: HTTPResponse) {
        slot.respond(response)
    }
}
