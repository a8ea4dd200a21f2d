internal import Glibc
import Synchronization

/// One client connection on one event loop: non-blocking connect, optional TLS, then HTTP/1.1
/// exchanges one at a time. Confined to its loop thread except for `isAlive`.
final class ClientConnection: LoopRegistrant, @unchecked Sendable {
    // Reason: all state except the atomic `alive` is touched only on `loop` (via loop.execute).

    private enum Phase { case connecting, handshaking, idle, busy, closed }

    private struct Exchange {
        var continuation: CheckedContinuation<ExchangeOutcome, Never>
        var reader: HTTP1ResponseReader
    }

    let loop: EventLoop
    private let socket: Socket
    private var tls: TLSStream?
    private let configuration: HTTPClientConfiguration
    private var phase = Phase.connecting
    private var deadline: MonotonicTime?
    private var connectContinuation: CheckedContinuation<ClientConnection, any Error>?
    private var exchange: Exchange?
    private var output: [UInt8] = []
    private var outputStart = 0
    private var lastUsed = MonotonicTime.now
    private let alive = Atomic<Bool>(true)

    /// False once closed (by either side, or after an idle timeout); safe from any thread.
    var isAlive: Bool { alive.load(ordering: .acquiring) }

    private init(socket: Socket, loop: EventLoop, configuration: HTTPClientConfiguration) {
        self.socket = socket
        self.loop = loop
        self.configuration = configuration
    }

    /// Connects to `address` (and runs the TLS handshake for https) on `loop`.
    static func open(address: SocketAddressBox, url: ClientURL, tlsContext: TLSContext?, loop: EventLoop,
                     configuration: HTTPClientConfiguration) async throws -> ClientConnection {
        try await withCheckedThrowingContinuation { continuation in
            loop.execute {
                do throws(HTTPLayerError) {
                    let socket = try SocketAddress.makeSocket(for: address.storage)
                    let connection = ClientConnection(socket: socket, loop: loop, configuration: configuration)
                    if let tlsContext {
                        connection.tls = try TLSStream(context: tlsContext, fd: socket.fd, serverSide: false, serverName: url.host)
                    }
                    connection.connectContinuation = continuation
                    try connection.beginConnect(address.storage)
                } catch {
                    continuation.resume(throwing: error)
                }
            }
        }
    }

    private func beginConnect(_ storage: sockaddr_storage) throws(HTTPLayerError) {
        var target = storage
        let length = SocketAddress.length(of: storage)
        let result = withUnsafePointer(to: &target) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(socket.fd, $0, length) }
        }
        if result != 0, errno != EINPROGRESS {
            throw .system(.connectFailed, "connect \(SocketAddress.describe(storage))", errno)
        }
        socket.setNoDelay()
        deadline = .now + configuration.connectTimeout
        try loop.register(socket.fd, interest: .write, self)
    }

    /// Sends one request (already serialized) and waits for its response.
    func exchange(_ bytes: [UInt8], method: String, timeout: Duration) async -> ExchangeOutcome {
        await withCheckedContinuation { continuation in
            loop.execute { [self] in
                guard phase == .idle else {
                    continuation.resume(returning: .notSent(HTTPLayerError(.connectionClosed, phase == .closed ? "connection was closed while idle" : "connection is not idle")))
                    return
                }
                phase = .busy
                deadline = .now + timeout
                exchange = Exchange(continuation: continuation,
                                    reader: HTTP1ResponseReader(method: method, maxBodyBytes: configuration.maxResponseBytes))
                output = bytes
                outputStart = 0
                flush()
                if phase == .busy { readResponse() }
            }
        }
    }

    // MARK: events

    func handleEvents(_ events: UInt32) {
        switch phase {
        case .connecting:
            let error = socket.pendingError()
            guard error == 0 else {
                failConnect(.system(.connectFailed, "connect", error))
                return
            }
            if tls != nil {
                phase = .handshaking
                continueHandshake()
            } else {
                connected()
            }
        case .handshaking:
            continueHandshake()
        case .idle:
            // TLS 1.3 session tickets arrive after the handshake and are consumed here; any
            // application byte or EOF on an idle connection means the server closed it.
            switch read(into: loop.scratch) {
            case .wouldBlock, .wantWrite: return
            default: close()
            }
        case .busy:
            if events & Interest.write.rawValue != 0 { flush() }
            if phase == .busy, events & ~Interest.write.rawValue != 0 { readResponse() }
        case .closed:
            break
        }
    }

    func tick(now: MonotonicTime) {
        switch phase {
        case .connecting, .handshaking:
            if let deadline, now >= deadline { failConnect(HTTPLayerError(.connectTimeout, "connect timed out")) }
        case .busy:
            if let deadline, now >= deadline {
                finish(.failed(HTTPLayerError(.requestTimeout, "no complete response in time"), nothingReceived: false))
                close()
            }
        case .idle:
            if now >= lastUsed + configuration.idleTimeout { close() }
        case .closed:
            break
        }
    }

    private func continueHandshake() {
        guard let tls else { return }
        switch tls.handshake() {
        case .done: connected()
        case .wantRead: loop.setInterest(socket.fd, .read)
        case .wantWrite: loop.setInterest(socket.fd, .write)
        case .closed: failConnect(HTTPLayerError(.tlsHandshakeFailed, "server closed during the TLS handshake"))
        case .failed(let error): failConnect(error)
        }
    }

    private func connected() {
        phase = .idle
        deadline = nil
        lastUsed = .now
        loop.setInterest(socket.fd, .read)
        let continuation = connectContinuation
        connectContinuation = nil
        continuation?.resume(returning: self)
    }

    private func failConnect(_ error: HTTPLayerError) {
        let continuation = connectContinuation
        connectContinuation = nil
        close()
        continuation?.resume(throwing: error)
    }

    // MARK: exchange

    private func flush() {
        while outputStart < output.count {
            let result = output.withUnsafeBytes { all in write(UnsafeRawBufferPointer(rebasing: all[outputStart...])) }
            switch result {
            case .bytes(let count):
                outputStart += count
            case .wouldBlock, .wantWrite:
                loop.setInterest(socket.fd, [.read, .write])
                return
            case .endOfFile, .failed:
                let received = exchange?.reader.hasReceivedBytes ?? false
                finish(.failed(HTTPLayerError(.connectionClosed, "connection closed while sending"), nothingReceived: !received))
                close()
                return
            }
        }
        output = []
        outputStart = 0
        loop.setInterest(socket.fd, .read)
    }

    private func write(_ bytes: UnsafeRawBufferPointer) -> TransportResult {
        Transport.write(socket, tls, bytes)
    }

    private func read(into buffer: UnsafeMutableRawBufferPointer) -> TransportResult {
        Transport.read(socket, tls, into: buffer)
    }

    private func readResponse() {
        for _ in 0..<64 {
            guard phase == .busy, var current = exchange else { return }
            switch read(into: loop.scratch) {
            case .bytes(let count):
                // `current` alone holds the response read so far while it grows: with `exchange`
                // holding it too, every read copied all of it (a 24 MB listing: 1,500 reads).
                exchange = nil
                let progress = Result { () throws(HTTPParseError) in
                    try current.reader.receive(UnsafeRawBufferPointer(rebasing: loop.scratch[0..<count]))
                }
                exchange = current
                switch progress {
                case .success(.needMore):
                    continue
                case .success(.complete(let response, let reusable)):
                    complete(.response(response, reusable: reusable))
                case .failure(let error):
                    let code: HTTPLayerError.Code = error.status == 413 ? .responseTooLarge : .invalidResponse
                    finish(.failed(HTTPLayerError(code, "\(error.code): \(error.reason)"), nothingReceived: false))
                    close()
                }
                return
            case .wouldBlock:
                return
            case .wantWrite:
                // TLS must write before it can read: wait for writability, then read again.
                loop.setInterest(socket.fd, [.read, .write])
                return
            case .endOfFile:
                if let response = current.reader.endOfStream() {
                    exchange = current
                    complete(.response(response, reusable: false))
                } else {
                    finish(.failed(HTTPLayerError(.connectionClosed, "server closed the connection before the response ended"),
                                   nothingReceived: !current.reader.hasReceivedBytes))
                    close()
                }
                return
            case .failed(let error):
                finish(.failed(error, nothingReceived: !current.reader.hasReceivedBytes))
                close()
                return
            }
        }
        // Stopped by the bound with input already inside OpenSSL (read ahead), which epoll will
        // not report: continue on the next loop turn.
        if phase == .busy, let tls, tls.hasBufferedInput {
            loop.execute { [self] in readResponse() }
        }
    }

    private func complete(_ outcome: ExchangeOutcome) {
        guard case .response(_, let reusable) = outcome else { return finish(outcome) }
        phase = .idle
        deadline = nil
        lastUsed = .now
        if !reusable { close() }
        finish(outcome)
    }

    private func finish(_ outcome: ExchangeOutcome) {
        let current = exchange
        exchange = nil
        if phase == .busy { phase = .idle }
        current?.continuation.resume(returning: outcome)
    }

    func close() {
        guard phase != .closed else { return }
        if phase == .busy { phase = .idle }
        alive.store(false, ordering: .releasing)
        let pendingExchange = exchange
        exchange = nil
        phase = .closed
        loop.deregister(socket.fd)
        socket.close()
        pendingExchange?.continuation.resume(returning: .failed(HTTPLayerError(.connectionClosed, "connection closed"),
                                                                nothingReceived: !(pendingExchange?.reader.hasReceivedBytes ?? false)))
    }

    /// Closes from any thread.
    func closeSoon() {
        loop.execute { [self] in close() }
    }
}
