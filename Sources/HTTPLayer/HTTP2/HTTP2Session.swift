internal import CNghttp2

/// Creation of nghttp2 server sessions with our callbacks, settings and abuse limits.
enum HTTP2SessionFactory {
    /// RST_STREAMs a client may send in a burst, then per second (CVE-2023-44487, rapid reset);
    /// beyond that nghttp2 sends GOAWAY. These are nghttp2's own defaults, set explicitly.
    static let resetBurst: UInt64 = 1000
    static let resetRatePerSecond: UInt64 = 33
    /// CONTINUATION frames allowed after one HEADERS (CVE-2024-28182).
    static let maxContinuations = 8
    /// Per-stream receive window: large uploads need fewer WINDOW_UPDATE round trips.
    static let streamWindow: UInt32 = 1 << 20
    /// Connection receive window.
    static let connectionWindow: Int32 = 16 << 20

    /// A server session whose callbacks receive `userData` (an unretained HTTP2ServerHandler).
    static func makeServerSession(userData: UnsafeMutableRawPointer) throws(HTTPLayerError) -> OpaquePointer {
        var callbacks: OpaquePointer?
        guard nghttp2_session_callbacks_new(&callbacks) == 0, let callbacks else {
            throw HTTPLayerError(.http2Failed, "nghttp2_session_callbacks_new failed")
        }
        defer { nghttp2_session_callbacks_del(callbacks) }
        nghttp2_session_callbacks_set_on_begin_headers_callback(callbacks, http2OnBeginHeaders)
        nghttp2_session_callbacks_set_on_header_callback(callbacks, http2OnHeader)
        nghttp2_session_callbacks_set_on_frame_recv_callback(callbacks, http2OnFrameReceive)
        nghttp2_session_callbacks_set_on_data_chunk_recv_callback(callbacks, http2OnDataChunk)
        nghttp2_session_callbacks_set_on_stream_close_callback(callbacks, http2OnStreamClose)
        nghttp2_session_callbacks_set_on_frame_send_callback(callbacks, http2OnFrameSend)

        var option: OpaquePointer?
        guard nghttp2_option_new(&option) == 0, let option else {
            throw HTTPLayerError(.http2Failed, "nghttp2_option_new failed")
        }
        defer { nghttp2_option_del(option) }
        nghttp2_option_set_stream_reset_rate_limit(option, resetBurst, resetRatePerSecond)
        nghttp2_option_set_max_continuations(option, maxContinuations)

        var session: OpaquePointer?
        guard nghttp2_session_server_new2(&session, callbacks, userData, option) == 0, let session else {
            throw HTTPLayerError(.http2Failed, "nghttp2_session_server_new2 failed")
        }
        return session
    }

    /// Queues our SETTINGS and opens the connection window.
    static func submitSettings(_ session: OpaquePointer, maxConcurrentStreams: Int, maxHeaderListSize: Int) throws(HTTPLayerError) {
        var entries = [
            nghttp2_settings_entry(settings_id: Int32(NGHTTP2_SETTINGS_MAX_CONCURRENT_STREAMS.rawValue),
                                   value: UInt32(maxConcurrentStreams)),
            nghttp2_settings_entry(settings_id: Int32(NGHTTP2_SETTINGS_INITIAL_WINDOW_SIZE.rawValue), value: streamWindow),
            nghttp2_settings_entry(settings_id: Int32(NGHTTP2_SETTINGS_MAX_HEADER_LIST_SIZE.rawValue),
                                   value: UInt32(clamping: maxHeaderListSize)),
        ]
        guard nghttp2_submit_settings(session, UInt8(NGHTTP2_FLAG_NONE.rawValue), &entries, entries.count) == 0 else {
            throw HTTPLayerError(.http2Failed, "nghttp2_submit_settings failed")
        }
        guard nghttp2_session_set_local_window_size(session, UInt8(NGHTTP2_FLAG_NONE.rawValue), 0, connectionWindow) == 0 else {
            throw HTTPLayerError(.http2Failed, "nghttp2_session_set_local_window_size failed")
        }
    }
}
