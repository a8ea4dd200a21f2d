internal import CNghttp2
import Logging
import Synchronization

/// HTTP/2 on one server connection, driven by an nghttp2 server session through
/// `nghttp2_session_mem_recv` / `nghttp2_session_mem_send`. Owns the session and frees it in
/// deinit. Confined to the connection's loop thread.
final class HTTP2ServerHandler: ServerProtocolHandler, ResponseTarget, @unchecked Sendable {
    // Reason: every method runs on `loop`; ResponseSlot hops onto it before calling `deliver`.

    let loop: EventLoop
    private weak var connection: ServerConnection?
    private let context: ServerContext
    private var session: OpaquePointer?
    private var streams: [Int32: HTTP2Stream] = [:]
    private var nextToken = 0
    private var sending = false
    /// True while nghttp2_session_mem_recv runs: frames are sent after it returns, not from
    /// inside its callbacks.
    private var receiving = false
    private var goawaySubmitted = false
    private var abuseCounted = false
    private var receivedFrame = false
    private var lastActivity: MonotonicTime
    private let acceptedAt: MonotonicTime

    init(connection: ServerConnection) throws(HTTPLayerError) {
        self.connection = connection
        loop = connection.loop
        context = connection.context
        acceptedAt = connection.acceptedAt
        lastActivity = .now
        let session = try HTTP2SessionFactory.makeServerSession(userData: Unmanaged.passUnretained(self).toOpaque())
        self.session = session
        let configuration = context.configuration
        // HPACK counts 32 bytes of overhead per field (RFC 9113 §6.5.2).
        try HTTP2SessionFactory.submitSettings(
            session, maxConcurrentStreams: configuration.http2MaxConcurrentStreams,
            maxHeaderListSize: configuration.maxHeaderBytes + 32 * configuration.maxHeaderCount)
        sendPending()
    }

    deinit {
        if let session { nghttp2_session_del(session) }
    }

    // MARK: ServerProtocolHandler

    func receive(_ bytes: UnsafeRawBufferPointer) {
        guard let session, let base = bytes.baseAddress else { return }
        lastActivity = .now
        receiving = true
        let result = nghttp2_session_mem_recv(session, base.assumingMemoryBound(to: UInt8.self), bytes.count)
        receiving = false
        if result < 0 {
            let code = Int32(result)
            if code == NGHTTP2_ERR_FLOODED.rawValue || code == NGHTTP2_ERR_BAD_CLIENT_MAGIC.rawValue {
                countAbuse()
            }
            context.logger.debug("HTTP/2 session failed", metadata: [
                "peer": "\(connection?.info.remoteAddress ?? "")",
                "error": "\(String(cString: nghttp2_strerror(code)))",
            ])
            // The session is unusable after a fatal error: flush any GOAWAY it queued, then close.
            _ = nghttp2_session_terminate_session(session, NGHTTP2_PROTOCOL_ERROR.rawValue)
            sendPending()
            connection?.closeAfterFlush()
            return
        }
        sendPending()
    }

    func outputDrained() { sendPending() }

    func peerClosed() { connection?.close() }

    func tick(now: MonotonicTime) {
        let configuration = context.configuration
        if !receivedFrame, now >= acceptedAt + configuration.headerReadTimeout {
            connection?.close()
        } else if now >= lastActivity + configuration.idleTimeout,
                  streams.values.allSatisfy({ !$0.requestComplete }) {
            // Idle, or only streams whose requests stopped arriving (slow-body clients);
            // streams waiting for a handler's response are left alone.
            submitGoaway()
            connection?.closeAfterFlush()
        }
    }

    func beginGracefulShutdown() {
        submitGoaway()
        if streams.isEmpty { connection?.closeAfterFlush() }
    }

    func teardown() {
        context.counters.http2StreamsOpen.add(-streams.count, ordering: .relaxed)
        streams.removeAll()
    }

    private func submitGoaway() {
        guard let session, !goawaySubmitted else { return }
        goawaySubmitted = true
        let last = nghttp2_session_get_last_proc_stream_id(session)
        _ = nghttp2_submit_goaway(session, UInt8(NGHTTP2_FLAG_NONE.rawValue), last, NGHTTP2_NO_ERROR.rawValue, nil, 0)
        sendPending()
    }

    /// Moves frames nghttp2 has queued into the connection's output, up to the high-water mark.
    private func sendPending() {
        guard let session, !sending, !receiving, let connection, !connection.isClosed else { return }
        sending = true
        defer { sending = false }
        // Produce frames up to the high-water mark, write them in one go, and repeat while the
        // socket keeps taking everything; otherwise the writable event resumes us through
        // outputDrained().
        while true {
            var produced = false
            while connection.pendingOutputBytes < ServerConnection.outputHighWater {
                var data: UnsafePointer<UInt8>?
                let count = nghttp2_session_mem_send(session, &data)
                if count < 0 {
                    context.logger.debug("nghttp2_session_mem_send failed", metadata: ["error": "\(count)"])
                    connection.close()
                    return
                }
                guard count > 0, let data else { break }
                // Valid until the next mem_send call; enqueue copies.
                connection.enqueue(UnsafeRawBufferPointer(start: data, count: count))
                produced = true
            }
            connection.flush()
            if connection.isClosed { return }
            if !produced || connection.pendingOutputBytes > 0 { break }
        }
        if nghttp2_session_want_read(session) == 0, nghttp2_session_want_write(session) == 0 {
            connection.closeAfterFlush()
        } else if goawaySubmitted, streams.isEmpty, connection.pendingOutputBytes == 0 {
            connection.closeAfterFlush()
        }
    }

    // MARK: nghttp2 callbacks (called from HTTP2Callbacks.swift, on the loop thread)

    func frameReceived() { receivedFrame = true }

    func beginStream(_ id: Int32) {
        streams[id] = HTTP2Stream(id: id)
        context.counters.http2StreamsOpen.add(1, ordering: .relaxed)
        context.counters.http2Streams.add(1, ordering: .relaxed)
    }

    /// Stores one header field. Past the header limits the rest of the block is dropped and the
    /// stream answered 431 once the block ends (as HTTP/1.1 does), not reset. Returns false to
    /// reset the stream (never, at present; the callback keeps the option).
    func receiveHeader(streamID: Int32, name: UnsafeBufferPointer<UInt8>, value: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let stream = streams[streamID], stream.head == nil, !stream.headersTooLarge else { return true }
        let configuration = context.configuration
        stream.headerBytes += name.count + value.count
        guard stream.headerBytes <= configuration.maxHeaderBytes, stream.headers.count < configuration.maxHeaderCount else {
            stream.headersTooLarge = true
            stream.headers = HTTPHeaders()
            return true
        }
        let nameText = String(decoding: name, as: UTF8.self)
        let valueText = String(decoding: value, as: UTF8.self)
        switch nameText {
        case ":method": stream.method = valueText
        case ":path": stream.path = valueText
        case ":authority": stream.authority = valueText
        case ":scheme": break
        default: stream.headers.add(name: nameText, value: valueText)
        }
        return true
    }

    func headersComplete(streamID: Int32, isRequest: Bool, endStream: Bool) {
        guard let stream = streams[streamID], let connection else { return }
        if isRequest {
            if let authority = stream.authority, !stream.headers.contains("host") {
                stream.headers.add(name: "host", value: authority)
            }
            let head = HTTPRequestHead(method: stream.method, target: stream.path, headers: stream.headers,
                                       httpVersion: .http2, connection: connection.info)
            stream.head = head
            context.counters.http2Requests.add(1, ordering: .relaxed)
            if stream.headersTooLarge {
                let limits = "\(context.configuration.maxHeaderBytes) bytes or \(context.configuration.maxHeaderCount) fields"
                answerEarly(stream, .text(status: 431, "request header fields exceed \(limits)\n"))
                if endStream { requestEnded(streamID: streamID) }
                return
            }
            let policy = context.handler.policy(for: head)
            stream.policy = policy
            if let refusal = RouteAccess.refusal(policy, head) {
                if endStream { answerEarly(stream, refusal) } else { stream.deferredRefusal = refusal }
            } else if let declared = stream.headers["content-length"].flatMap({ Int($0) }), declared > policy.maxBodyBytes {
                answerEarly(stream, .text(status: 413, "body of \(declared) bytes exceeds \(policy.maxBodyBytes)\n"))
            }
        }
        if endStream { requestEnded(streamID: streamID) }
    }

    func receiveData(streamID: Int32, _ data: UnsafeBufferPointer<UInt8>) {
        guard let stream = streams[streamID], !stream.answeredEarly else { return }
        if let refusal = stream.deferredRefusal {
            // Discard up to the route's limit, then answer at once (the client gets a reset).
            stream.discardedBytes += data.count
            if stream.discardedBytes > stream.policy.maxBodyBytes { answerEarly(stream, refusal) }
            return
        }
        guard stream.body.count + data.count <= stream.policy.maxBodyBytes else {
            answerEarly(stream, .text(status: 413, "body exceeds \(stream.policy.maxBodyBytes) bytes\n"))
            return
        }
        stream.body.append(contentsOf: data)
    }

    func requestEnded(streamID: Int32) {
        guard let stream = streams[streamID], let head = stream.head else { return }
        stream.requestComplete = true
        guard !stream.answeredEarly else { return }
        if let refusal = stream.deferredRefusal {
            answerEarly(stream, refusal)
            return
        }
        nextToken += 1
        stream.token = nextToken
        let request = HTTPRequest(head: head, body: stream.body)
        stream.body = []
        let responder = HTTPResponder(slot: ResponseSlot(target: self, token: Int(streamID) << 32 | nextToken))
        context.handler.handle(request, responder: responder)
    }

    func streamClosed(_ streamID: Int32) {
        guard streams.removeValue(forKey: streamID) != nil else { return }
        context.counters.http2StreamsOpen.add(-1, ordering: .relaxed)
    }

    func resetReceived() {
        context.counters.http2ResetsReceived.add(1, ordering: .relaxed)
    }

    func resetSent(errorCode: UInt32) {
        if errorCode == NGHTTP2_REFUSED_STREAM.rawValue {
            context.counters.http2StreamsRefused.add(1, ordering: .relaxed)
        }
    }

    func goawaySent(errorCode: UInt32) {
        if errorCode != NGHTTP2_NO_ERROR.rawValue { countAbuse() }
    }

    private func countAbuse() {
        guard !abuseCounted else { return }
        abuseCounted = true
        context.counters.http2GoawayForAbuse.add(1, ordering: .relaxed)
    }

    /// After a response sent before the request body ended, tell the client to stop sending
    /// (RFC 9113 §8.1: RST_STREAM with NO_ERROR).
    func responseEnded(streamID: Int32) {
        guard let session, let stream = streams[streamID], stream.answeredEarly, !stream.requestComplete else { return }
        _ = nghttp2_submit_rst_stream(session, UInt8(NGHTTP2_FLAG_NONE.rawValue), streamID, NGHTTP2_NO_ERROR.rawValue)
    }

    func readResponseBody(streamID: Int32, into buffer: UnsafeMutableBufferPointer<UInt8>) -> (Int, Bool) {
        guard let stream = streams[streamID] else { return (-1, true) }
        let remaining = stream.responseBody.count - stream.responseOffset
        let count = min(remaining, buffer.count)
        if count > 0 {
            stream.responseBody.withUnsafeBufferPointer { source in
                guard let base = source.baseAddress, let target = buffer.baseAddress else { return }
                target.update(from: base + stream.responseOffset, count: count)
            }
            stream.responseOffset += count
        }
        let finished = stream.responseOffset == stream.responseBody.count
        if finished { stream.responseBody = [] }
        return (count, finished)
    }

    // MARK: responses

    private func answerEarly(_ stream: HTTP2Stream, _ response: HTTPResponse) {
        guard !stream.answeredEarly else { return }
        stream.answeredEarly = true
        stream.body = []
        context.counters.protocolErrors4xx.add(1, ordering: .relaxed)
        submit(response, on: stream)
        sendPending()
    }

    func deliver(_ response: HTTPResponse, token: Int) {
        let streamID = Int32(truncatingIfNeeded: token >> 32)
        guard let stream = streams[streamID], stream.token == token & 0xFFFF_FFFF, !stream.answeredEarly else { return }
        submit(response, on: stream)
        sendPending()
    }

    func abort(token: Int) {
        let streamID = Int32(truncatingIfNeeded: token >> 32)
        guard let session, let stream = streams[streamID], stream.token == token & 0xFFFF_FFFF, !stream.answeredEarly else { return }
        let result = nghttp2_submit_rst_stream(session, UInt8(NGHTTP2_FLAG_NONE.rawValue), stream.id, UInt32(NGHTTP2_INTERNAL_ERROR.rawValue))
        if result != 0 {
            context.logger.debug("nghttp2_submit_rst_stream failed", metadata: ["error": "\(result)"])
        }
        sendPending()
    }

    private func submit(_ response: HTTPResponse, on stream: HTTP2Stream) {
        guard let session else { return }
        let isHead = stream.method == "HEAD"
        let bodyless = isHead || response.status == 204 || response.status == 304
        var fields: [(String, String)] = [(":status", String(response.status))]
        for field in response.headers {
            let name = field.name.lowercased()
            if HTTP2ServerHandler.connectionSpecific.contains(name) || name == "content-length" { continue }
            fields.append((name, field.value))
        }
        if response.status != 204, response.status != 304 {
            fields.append(("content-length", String(response.body.count)))
        }
        stream.responseBody = bodyless ? [] : response.body
        stream.responseOffset = 0
        let result = HTTP2HeaderBlock.withNameValues(fields) { nva, count in
            if stream.responseBody.isEmpty {
                return nghttp2_submit_response(session, stream.id, nva, count, nil)
            }
            var provider = nghttp2_data_provider(source: nghttp2_data_source(ptr: nil), read_callback: http2ReadResponseBody)
            return nghttp2_submit_response(session, stream.id, nva, count, &provider)
        }
        if result != 0 {
            context.logger.debug("nghttp2_submit_response failed", metadata: ["error": "\(result)"])
        }
    }

    /// Headers HTTP/2 forbids (RFC 9113 §8.2.2).
    static let connectionSpecific: Set<String> = ["connection", "keep-alive", "proxy-connection", "transfer-encoding", "upgrade"]
}
