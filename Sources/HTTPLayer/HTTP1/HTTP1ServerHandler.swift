import Logging
import Synchronization

/// HTTP/1.1 on one server connection: parses requests one at a time (pipelined requests wait
/// in the buffer until the previous response is written), applies the route's limits before
/// reading a body, and writes responses in order.
final class HTTP1ServerHandler: ServerProtocolHandler, ResponseTarget, @unchecked Sendable {
    // Reason: every method runs on `loop`; ResponseSlot hops onto it before calling `deliver`.

    private enum State {
        case head(HTTP1HeadScanner)
        case body(HTTPRequestHead, keepAlive: Bool, HTTP1BodyDecoder)
        case awaitingResponse(token: Int, keepAlive: Bool, isHead: Bool, http10: Bool)
        case closing
    }

    /// Pipelined bytes buffered while a response is pending before reading pauses.
    static let maxBufferedWhileWaiting = 64 * 1024

    let loop: EventLoop
    private weak var connection: ServerConnection?
    private let context: ServerContext
    private var state: State
    private var inbound: [UInt8] = []
    private var inboundStart = 0
    private var nextToken = 0
    private var processing = false
    /// When the current request's first byte (or, for the first request, the connection) arrived.
    private var headStartedAt: MonotonicTime?
    private var lastActivity: MonotonicTime
    private var dateCache = (second: 0, text: "")
    /// The lines of this connection's previous request head, parsed (`HTTP1HeadMemo`).
    private var headMemo = HTTP1HeadMemo(remembering: true)
    private var peerHasClosed = false
    /// Reading stopped because responses are not being read by the peer (pipelining backpressure).
    private var pausedForOutput = false

    init(connection: ServerConnection) {
        self.connection = connection
        loop = connection.loop
        context = connection.context
        state = .head(Self.newScanner(connection.context.configuration))
        headStartedAt = connection.acceptedAt
        lastActivity = .now
    }

    private static func newScanner(_ configuration: ServerConfiguration) -> HTTP1HeadScanner {
        HTTP1HeadScanner(maxHeaderBytes: configuration.maxHeaderBytes, maxHeaderCount: configuration.maxHeaderCount)
    }

    private var buffered: Int { inbound.count - inboundStart }

    // MARK: ServerProtocolHandler

    func receive(_ bytes: UnsafeRawBufferPointer) {
        inbound.append(contentsOf: bytes)
        lastActivity = .now
        process()
    }

    func outputDrained() {
        guard pausedForOutput, let connection else { return }
        pausedForOutput = false
        connection.resumeReading()
        process()
    }

    func peerClosed() {
        peerHasClosed = true
        switch state {
        case .awaitingResponse:
            // A half-closed client may still read the response; close after writing it.
            break
        default:
            connection?.close()
        }
    }

    func tick(now: MonotonicTime) {
        let configuration = context.configuration
        switch state {
        case .head:
            if let started = headStartedAt {
                // Slowloris: the head must be complete within headerReadTimeout of its start.
                if now >= started + configuration.headerReadTimeout { connection?.close() }
            } else if now >= lastActivity + configuration.idleTimeout || context.isShuttingDown {
                connection?.close()
            }
        case .body:
            if now >= lastActivity + configuration.idleTimeout { connection?.close() }
        case .awaitingResponse, .closing:
            break
        }
    }

    func beginGracefulShutdown() {
        if case .head = state, buffered == 0 { connection?.close() }
    }

    func teardown() {
        state = .closing
        inbound = []
    }

    // MARK: parsing

    private func process() {
        guard !processing else { return }
        processing = true
        defer { processing = false }
        while let connection, !connection.isClosed {
            switch state {
            case .head(var scanner):
                if connection.pendingOutputBytes > ServerConnection.outputHighWater {
                    // The peer pipelines faster than it reads: stop parsing and reading until
                    // the responses so far are written.
                    pausedForOutput = true
                    connection.pauseReading()
                    compact()
                    return
                }
                if !scanner.hasStarted { skipLeadingEmptyLines() }
                if buffered == 0 {
                    compact()
                    return
                }
                if headStartedAt == nil { headStartedAt = .now }
                let scanned = inbound.withUnsafeBytes { all in
                    Result { () throws(HTTPParseError) in
                        try scanner.scan(UnsafeRawBufferPointer(rebasing: all[inboundStart...]))
                    }
                }
                guard case .success(let found) = scanned else {
                    if case .failure(let error) = scanned { refuse(error) }
                    return
                }
                state = .head(scanner)
                guard let length = found else {
                    compact()
                    return
                }
                startRequest(headLength: length, connection: connection)
            case .body(let head, let keepAlive, var decoder):
                // The decoder's body buffer must be referenced only by `decoder` while it grows:
                // with `state` still holding it, every append would copy the body (copy on write).
                state = .closing
                let fed = inbound.withUnsafeBytes { all in
                    Result { () throws(HTTPParseError) in
                        try decoder.feed(UnsafeRawBufferPointer(rebasing: all[inboundStart...]))
                    }
                }
                switch fed {
                case .success(let consumed):
                    inboundStart += consumed
                case .failure(let error):
                    refuse(error)
                    return
                }
                guard decoder.isComplete else {
                    state = .body(head, keepAlive: keepAlive, decoder)
                    compact()
                    return
                }
                dispatch(HTTPRequest(head: head, body: decoder.takeBody()), keepAlive: keepAlive)
            case .awaitingResponse:
                if buffered > Self.maxBufferedWhileWaiting { connection.pauseReading() }
                compact()
                return
            case .closing:
                return
            }
        }
    }

    private func skipLeadingEmptyLines() {
        // RFC 9112 §2.2: ignore at least one empty line before a request line.
        while buffered >= 2, inbound[inboundStart] == HTTPBytes.cr, inbound[inboundStart + 1] == HTTPBytes.lf {
            inboundStart += 2
        }
    }

    private func compact() {
        if inboundStart == inbound.count {
            // Idle keep-alive connections should cost little memory: drop large buffers.
            inbound.removeAll(keepingCapacity: inbound.capacity <= 16 * 1024)
            inboundStart = 0
        } else if inboundStart > 64 * 1024 {
            inbound.removeFirst(inboundStart)
            inboundStart = 0
        }
    }

    private func startRequest(headLength: Int, connection: ServerConnection) {
        let result = inbound.withUnsafeBytes { all in
            Result { () throws(HTTPParseError) in
                try HTTP1RequestHeadParser.parse(UnsafeRawBufferPointer(rebasing: all[inboundStart..<(inboundStart + headLength)]), memo: &headMemo)
            }
        }
        let parsed: ParsedRequestHead
        switch result {
        case .success(let value):
            parsed = value
        case .failure(let error):
            refuse(error)
            return
        }
        inboundStart += headLength
        headStartedAt = nil
        context.counters.http1Requests.add(1, ordering: .relaxed)
        let head = HTTPRequestHead(method: parsed.method, target: parsed.target, headers: parsed.headers,
                                   httpVersion: parsed.version, connection: connection.info)
        let policy = context.handler.policy(for: head)
        if let refusal = RouteAccess.refusal(policy, head) {
            context.counters.protocolErrors4xx.add(1, ordering: .relaxed)
            // The body (if any) is unread, so the connection cannot carry another request.
            let keepAlive = parsed.keepAlive && parsed.framing == .none
            nextToken += 1
            state = .awaitingResponse(token: nextToken, keepAlive: keepAlive, isHead: parsed.method == "HEAD",
                                      http10: parsed.version == .http1_0)
            deliver(refusal, token: nextToken)
            return
        }
        let decoder: HTTP1BodyDecoder
        do {
            decoder = try HTTP1BodyDecoder(framing: parsed.framing, maxBytes: policy.maxBodyBytes)
        } catch {
            // 413 before reading the body: the declared length is over the route's limit.
            refuse(error)
            return
        }
        if parsed.expectsContinue, parsed.framing != .none {
            connection.write(HTTP1Serializer.continueResponse)
        }
        state = .body(head, keepAlive: parsed.keepAlive, decoder)
    }

    private func dispatch(_ request: HTTPRequest, keepAlive: Bool) {
        nextToken += 1
        state = .awaitingResponse(token: nextToken, keepAlive: keepAlive, isHead: request.method == "HEAD",
                                  http10: request.httpVersion == .http1_0)
        let responder = HTTPResponder(slot: ResponseSlot(target: self, token: nextToken))
        context.handler.handle(request, responder: responder)
    }

    /// Answers a request the parser refused and closes: after an error the framing of whatever
    /// follows cannot be trusted.
    private func refuse(_ error: HTTPParseError) {
        if error.status < 500 { context.counters.protocolErrors4xx.add(1, ordering: .relaxed) }
        context.logger.debug("refused HTTP/1.1 request", metadata: ["code": "\(error.code)", "reason": "\(error.reason)"])
        state = .closing
        let response = HTTPResponse.text(status: error.status, error.reason + "\n")
        let date = HTTPDate.now(cache: &dateCache)
        connection?.write(HTTP1Serializer.response(response, keepAlive: false, includeBody: true, date: date))
        connection?.closeAfterFlush()
    }

    // MARK: ResponseTarget

    func deliver(_ response: HTTPResponse, token: Int) {
        guard case .awaitingResponse(let expected, let keepAlive, let isHead, let http10) = state, expected == token,
              let connection, !connection.isClosed else { return }
        let keep = keepAlive && !context.isShuttingDown && !peerHasClosed
        let date = HTTPDate.now(cache: &dateCache)
        connection.write { output in
            HTTP1Serializer.append(response, keepAlive: keep, includeBody: !isHead, date: date, announceKeepAlive: http10, to: &output)
        }
        guard keep else {
            state = .closing
            connection.closeAfterFlush()
            return
        }
        state = .head(Self.newScanner(context.configuration))
        lastActivity = .now
        connection.resumeReading()
        process()
    }

    func abort(token: Int) {
        guard case .awaitingResponse(let expected, _, _, _) = state, expected == token, let connection else { return }
        state = .closing
        connection.abort()
    }
}
