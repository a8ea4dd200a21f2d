internal import CShims
internal import Glibc

/// Result of one non-blocking read or write.
enum IOResult {
    case bytes(Int)
    case wouldBlock
    case endOfFile
    case failed(HTTPLayerError)
}

/// Owns one socket descriptor; closes it in `deinit` (or earlier through `close()`).
final class Socket {
    private(set) var fd: Int32

    init(fd: Int32) { self.fd = fd }

    deinit { close() }

    func close() {
        guard fd >= 0 else { return }
        _ = Glibc.close(fd)
        fd = -1
    }

    var isOpen: Bool { fd >= 0 }

    func read(into buffer: UnsafeMutableRawBufferPointer) -> IOResult {
        while true {
            let n = Glibc.read(fd, buffer.baseAddress, buffer.count)
            if n > 0 { return .bytes(n) }
            if n == 0 { return .endOfFile }
            let code = errno
            if code == EINTR { continue }
            if code == EAGAIN || code == EWOULDBLOCK { return .wouldBlock }
            return .failed(.system(.ioFailed, "read", code))
        }
    }

    func write(_ bytes: UnsafeRawBufferPointer) -> IOResult {
        while true {
            // MSG_NOSIGNAL: a peer that went away is an error value, not SIGPIPE.
            let n = send(fd, bytes.baseAddress, bytes.count, Int32(MSG_NOSIGNAL))
            if n >= 0 { return .bytes(n) }
            let code = errno
            if code == EINTR { continue }
            if code == EAGAIN || code == EWOULDBLOCK { return .wouldBlock }
            if code == EPIPE || code == ECONNRESET { return .endOfFile }
            return .failed(.system(.ioFailed, "send", code))
        }
    }

    /// Makes `close()` reset the connection (RST, SO_LINGER 0) instead of ending it with FIN.
    func resetOnClose() {
        var linger = Glibc.linger(l_onoff: 1, l_linger: 0)
        _ = setsockopt(fd, SOL_SOCKET, SO_LINGER, &linger, socklen_t(MemoryLayout<Glibc.linger>.size))
    }

    func setNoDelay() {
        var one: Int32 = 1
        _ = setsockopt(fd, Int32(IPPROTO_TCP), TCP_NODELAY, &one, socklen_t(MemoryLayout<Int32>.size))
    }

    /// The pending error of a non-blocking connect (SO_ERROR); 0 when it succeeded.
    func pendingError() -> Int32 {
        var value: Int32 = 0
        var length = socklen_t(MemoryLayout<Int32>.size)
        if getsockopt(fd, SOL_SOCKET, SO_ERROR, &value, &length) != 0 { return errno }
        return value
    }

    /// Outcome of one non-blocking accept.
    enum AcceptResult {
        case accepted(Socket, remoteAddress: String)
        /// No connection is waiting.
        case none
        /// accept failed with this errno (EMFILE and the like).
        case failed(Int32)
    }

    /// Accepts one pending connection without blocking.
    func accept() -> AcceptResult {
        var storage = sockaddr_storage()
        var length = UInt32(MemoryLayout<sockaddr_storage>.size)
        while true {
            let client = CShims_accept_nonblocking(fd, &storage, &length)
            if client >= 0 {
                return .accepted(Socket(fd: client), remoteAddress: SocketAddress.describe(storage))
            }
            let code = errno
            if code == EINTR || code == ECONNABORTED { continue }
            if code == EAGAIN || code == EWOULDBLOCK { return .none }
            return .failed(code)
        }
    }

    /// The local port after bind (for port 0).
    func localPort() -> Int {
        var storage = sockaddr_storage()
        var length = socklen_t(MemoryLayout<sockaddr_storage>.size)
        let ok = withUnsafeMutablePointer(to: &storage) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) == 0 }
        }
        return ok ? SocketAddress.port(of: storage) : 0
    }
}
