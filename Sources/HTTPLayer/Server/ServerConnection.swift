internal import Glibc
import Logging
import Synchronization

/// One accepted socket, confined to its loop thread: optional TLS handshake, then HTTP/1.1 or
/// HTTP/2 depending on ALPN. Owns the socket, the TLS state and the output buffer.
final class ServerConnection: LoopRegistrant, @unchecked Sendable {
    // Reason: used only on `loop`; other threads reach it through loop.execute.
    let loop: EventLoop
    let context: ServerContext
    private let socket: Socket
    private let tls: TLSStream?
    private(set) var info: ConnectionInfo
    private var handler: (any ServerProtocolHandler)?
    private let registry: LoopConnections
    let acceptedAt: MonotonicTime

    private var output: [UInt8] = []
    private var outputStart = 0
    private var closeWhenFlushed = false
    private(set) var isClosed = false
    private var readingPaused = false
    private var readBlockedOnWrite = false
    private var drainingOutput = false
    /// When the output last shrank (or was empty): a peer that stops reading is dropped after
    /// `idleTimeout` without progress.
    private var lastWriteProgress = MonotonicTime.now
    /// Set while the connection lingers: our side is shut down, the peer's bytes are discarded.
    private var lingerDeadline: MonotonicTime?
    /// Whether bytes were read or written since the last tick (no clock read per request).
    private var hadIOSinceTick = false
    /// Ticks in a row without I/O; at `ticksBeforeReleasingBuffers`, the TLS buffers are freed.
    private var quietTicks = 0

    /// A connection quiet for this many ticks (a second) gives its TLS record buffers (~34 KB)
    /// back to the allocator, for busy connections to reuse: idle keep-alive connections do not
    /// each hold a pair.
    static let ticksBeforeReleasingBuffers = 10

    /// How long a closing connection keeps reading (and discarding) after its last response.
    /// Closing with unread input makes the kernel send RST, which can destroy the response
    /// (a 413, a GOAWAY) before the peer reads it; lingering lets the peer see it.
    static let lingerTime: Duration = .seconds(2)

    /// Largest output kept before the protocol is asked to stop producing (backpressure).
    static let outputHighWater = 256 * 1024

    init(socket: Socket, remoteAddress: String, loop: EventLoop, context: ServerContext,
         registry: LoopConnections) throws(HTTPLayerError) {
        self.socket = socket
        self.loop = loop
        self.context = context
        self.registry = registry
        acceptedAt = .now
        info = ConnectionInfo(remoteAddress: remoteAddress)
        socket.setNoDelay()
        if let reloader = context.tls {
            tls = try TLSStream(context: reloader.current(now: acceptedAt), fd: socket.fd, serverSide: true)
        } else {
            tls = nil
        }
        try loop.register(socket.fd, interest: .read, self)
        registry.add(self)
        context.counters.openConnections.add(1, ordering: .relaxed)
        context.counters.acceptedConnections.add(1, ordering: .relaxed)
        if tls == nil { startProtocol(alpn: nil) }
    }

    // MARK: events

    func handleEvents(_ events: UInt32) {
        guard !isClosed else { return }
        if lingerDeadline != nil {
            discardInput()
            return
        }
        if events & Interest.errorOrHangUp != 0, readingPaused {
            // Reset or fully closed while we were not reading: nothing can be delivered, and
            // level-triggered epoll would report it again on every turn.
            close()
            return
        }
        if let tls, !tls.handshakeComplete {
            continueHandshake(tls)
            return
        }
        if events & Interest.write.rawValue != 0 {
            flush()
            if readBlockedOnWrite { readAvailable() }
        }
        if events & ~Interest.write.rawValue != 0, !readingPaused {
            readAvailable()
        }
    }

    func tick(now: MonotonicTime) {
        guard !isClosed else { return }
        if let lingerDeadline {
            if now >= lingerDeadline { close() }
            return
        }
        if let tls, !tls.handshakeComplete {
            if now >= acceptedAt + context.configuration.headerReadTimeout || context.isShuttingDown { close() }
            return
        }
        if pendingOutputBytes > 0, now >= lastWriteProgress + context.configuration.idleTimeout {
            context.logger.debug("peer stopped reading; closing", metadata: ["peer": "\(info.remoteAddress)"])
            close()
            return
        }
        releaseBuffersWhenQuiet()
        handler?.tick(now: now)
    }

    private func releaseBuffersWhenQuiet() {
        if hadIOSinceTick {
            hadIOSinceTick = false
            quietTicks = 0
            return
        }
        quietTicks += 1
        guard quietTicks == Self.ticksBeforeReleasingBuffers, let tls, pendingOutputBytes == 0, !tls.hasBufferedInput else { return }
        if tls.releaseBuffers() { context.counters.tlsBuffersReleased.add(1, ordering: .relaxed) }
    }

    private func continueHandshake(_ tls: TLSStream) {
        switch tls.handshake() {
        case .done:
            info.tlsVersion = tls.protocolVersion
            info.alpn = tls.alpn
            info.clientCertificate = tls.peerCertificate
            startProtocol(alpn: info.alpn)
            // OpenSSL may already hold application data that arrived with the handshake.
            readAvailable()
        case .wantRead:
            loop.setInterest(socket.fd, .read)
        case .wantWrite:
            loop.setInterest(socket.fd, .write)
        case .closed:
            context.counters.tlsHandshakeErrors.add(1, ordering: .relaxed)
            close()
        case .failed(let error):
            context.counters.tlsHandshakeErrors.add(1, ordering: .relaxed)
            context.logger.debug("TLS handshake failed", metadata: ["peer": "\(info.remoteAddress)", "error": "\(error)"])
            close()
        }
    }

    private func startProtocol(alpn: String?) {
        if alpn == "h2" {
            do {
                handler = try HTTP2ServerHandler(connection: self)
            } catch {
                context.logger.error("HTTP/2 session setup failed", metadata: ["error": "\(error)"])
                close()
            }
        } else {
            handler = HTTP1ServerHandler(connection: self)
        }
    }

    // MARK: reading

    private func readAvailable() {
        readBlockedOnWrite = false
        var reads = 0
        // Bounded per event for fairness; level-triggered epoll calls again if more is waiting.
        while !isClosed, !readingPaused, reads < 16 {
            reads += 1
            switch Transport.read(socket, tls, into: loop.scratch) {
            case .bytes(let count):
                hadIOSinceTick = true
                handler?.receive(UnsafeRawBufferPointer(rebasing: loop.scratch[0..<count]))
            case .wouldBlock:
                reads = Int.max
            case .wantWrite:
                readBlockedOnWrite = true
                reads = Int.max
            case .endOfFile:
                readingPaused = true
                handler?.peerClosed()
                reads = Int.max
            case .failed(let error):
                context.logger.debug("read failed", metadata: ["peer": "\(info.remoteAddress)", "error": "\(error)"])
                close()
            }
        }
        // Stopped by the bound with input already inside OpenSSL (read ahead): epoll will not
        // report it, so come back on the next loop turn.
        if reads == 16, !isClosed, !readingPaused, let tls, tls.hasBufferedInput {
            loop.execute { [self] in if !isClosed, !readingPaused { readAvailable() } }
        }
        updateInterest()
    }

    /// Stops reading (a response is pending, or output backs up).
    func pauseReading() {
        guard !readingPaused else { return }
        readingPaused = true
        updateInterest()
    }

    /// Resumes reading; bytes OpenSSL already buffered are read on the next loop turn.
    func resumeReading() {
        guard readingPaused, !isClosed else { return }
        readingPaused = false
        updateInterest()
        if tls != nil {
            loop.execute { [self] in if !isClosed, !readingPaused { readAvailable() } }
        }
    }

    // MARK: writing

    /// Bytes waiting to be written.
    var pendingOutputBytes: Int { output.count - outputStart }

    func write(_ bytes: [UInt8]) {
        guard !bytes.isEmpty else { return }
        write { $0.append(contentsOf: bytes) }
    }

    /// Lets `produce` append to the output buffer itself (no array of its own to copy), then flushes.
    func write(_ produce: (inout [UInt8]) -> Void) {
        guard !isClosed else { return }
        let before = output.count
        produce(&output)
        if before == outputStart, output.count > before { lastWriteProgress = .now }
        flush()
    }

    /// Appends to the output without writing yet; the caller flushes once after a batch, so
    /// many small HTTP/2 frames become one TLS record and one syscall.
    func enqueue(_ bytes: UnsafeRawBufferPointer) {
        guard !isClosed, !bytes.isEmpty else { return }
        if output.count == outputStart { lastWriteProgress = .now }
        output.append(contentsOf: bytes)
    }

    /// Closes once everything written so far is out.
    func closeAfterFlush() {
        closeWhenFlushed = true
        readingPaused = true
        flush()
    }

    func flush() {
        guard !isClosed else { return }
        while outputStart < output.count {
            let result = output.withUnsafeBytes { all in
                Transport.write(socket, tls, UnsafeRawBufferPointer(rebasing: all[outputStart...]))
            }
            switch result {
            case .bytes(let count):
                hadIOSinceTick = true
                outputStart += count
                lastWriteProgress = .now
            case .wouldBlock, .wantWrite:
                updateInterest()
                return
            case .endOfFile:
                close()
                return
            case .failed(let error):
                context.logger.debug("write failed", metadata: ["peer": "\(info.remoteAddress)", "error": "\(error)"])
                close()
                return
            }
        }
        output.removeAll(keepingCapacity: output.capacity <= 64 * 1024)
        outputStart = 0
        if closeWhenFlushed {
            beginLingeringClose()
            return
        }
        if !drainingOutput {
            drainingOutput = true
            handler?.outputDrained()
            drainingOutput = false
        }
        updateInterest()
    }

    private func updateInterest() {
        guard !isClosed else { return }
        var interest: Interest = []
        if !readingPaused { interest.insert(.read) }
        if outputStart < output.count || readBlockedOnWrite { interest.insert(.write) }
        loop.setInterest(socket.fd, interest)
    }

    // MARK: lifecycle

    func beginGracefulShutdown() {
        guard !isClosed else { return }
        if let tls, !tls.handshakeComplete {
            close()
            return
        }
        handler?.beginGracefulShutdown()
    }

    private func beginLingeringClose() {
        guard lingerDeadline == nil else { return }
        tls?.shutdown()
        // shutdown(2) returns 0 on success; on failure there is nothing to linger for.
        guard Glibc.shutdown(socket.fd, Int32(SHUT_WR)) == 0 else { return close() }
        lingerDeadline = .now + Self.lingerTime
        let handler = handler
        self.handler = nil
        handler?.teardown()
        loop.setInterest(socket.fd, .read)
    }

    private func discardInput() {
        for _ in 0..<16 {
            switch socket.read(into: loop.scratch) {
            case .bytes: continue
            case .wouldBlock: return
            case .endOfFile, .failed: return close()
            }
        }
    }

    /// Resets the connection (TCP RST): nothing buffered is sent, the peer sees a reset.
    func abort() {
        guard !isClosed else { return }
        socket.resetOnClose()
        close()
    }

    func close() {
        guard !isClosed else { return }
        isClosed = true
        loop.deregister(socket.fd)
        socket.close()
        let handler = handler
        self.handler = nil
        handler?.teardown()
        registry.remove(self)
        context.counters.openConnections.add(-1, ordering: .relaxed)
    }
}
