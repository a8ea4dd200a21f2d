internal import CNghttp2

// nghttp2 callbacks: file-level functions with nghttp2's exact C signatures. Each recovers its
// handler from user_data (an unretained pointer; the handler owns and frees the session in its
// own deinit), turns pointers into Swift values and maps failures to nghttp2's error codes.
// No Swift error crosses into C.

/// The handler behind a callback's user_data; traps rather than limp on a missing pointer.
private func handler(_ userData: UnsafeMutableRawPointer?) -> HTTP2ServerHandler {
    guard let userData else { preconditionFailure("nghttp2 callback without user_data") }
    return Unmanaged<HTTP2ServerHandler>.fromOpaque(userData).takeUnretainedValue()
}

func http2OnBeginHeaders(_ session: OpaquePointer?, _ frame: UnsafePointer<nghttp2_frame>?,
                         _ userData: UnsafeMutableRawPointer?) -> Int32 {
    guard let frame else { return NGHTTP2_ERR_CALLBACK_FAILURE.rawValue }
    let header = frame.pointee.hd
    guard header.type == UInt8(NGHTTP2_HEADERS.rawValue),
          frame.pointee.headers.cat == NGHTTP2_HCAT_REQUEST else { return 0 }
    handler(userData).beginStream(header.stream_id)
    return 0
}

func http2OnHeader(_ session: OpaquePointer?, _ frame: UnsafePointer<nghttp2_frame>?,
                   _ name: UnsafePointer<UInt8>?, _ nameLength: Int,
                   _ value: UnsafePointer<UInt8>?, _ valueLength: Int,
                   _ flags: UInt8, _ userData: UnsafeMutableRawPointer?) -> Int32 {
    guard let frame, let name, let value else { return NGHTTP2_ERR_CALLBACK_FAILURE.rawValue }
    let accepted = handler(userData).receiveHeader(
        streamID: frame.pointee.hd.stream_id,
        name: UnsafeBufferPointer(start: name, count: nameLength),
        value: UnsafeBufferPointer(start: value, count: valueLength))
    // Temporal failure: nghttp2 resets this stream only and keeps the connection.
    return accepted ? 0 : NGHTTP2_ERR_TEMPORAL_CALLBACK_FAILURE.rawValue
}

func http2OnFrameReceive(_ session: OpaquePointer?, _ frame: UnsafePointer<nghttp2_frame>?,
                         _ userData: UnsafeMutableRawPointer?) -> Int32 {
    guard let frame else { return NGHTTP2_ERR_CALLBACK_FAILURE.rawValue }
    let header = frame.pointee.hd
    let endStream = header.flags & UInt8(NGHTTP2_FLAG_END_STREAM.rawValue) != 0
    let handler = handler(userData)
    switch UInt32(header.type) {
    case NGHTTP2_HEADERS.rawValue:
        handler.headersComplete(streamID: header.stream_id, isRequest: frame.pointee.headers.cat == NGHTTP2_HCAT_REQUEST,
                                endStream: endStream)
    case NGHTTP2_DATA.rawValue:
        if endStream { handler.requestEnded(streamID: header.stream_id) }
    case NGHTTP2_RST_STREAM.rawValue:
        handler.resetReceived()
    default:
        break
    }
    handler.frameReceived()
    return 0
}

func http2OnDataChunk(_ session: OpaquePointer?, _ flags: UInt8, _ streamID: Int32,
                      _ data: UnsafePointer<UInt8>?, _ length: Int, _ userData: UnsafeMutableRawPointer?) -> Int32 {
    guard let data else { return NGHTTP2_ERR_CALLBACK_FAILURE.rawValue }
    handler(userData).receiveData(streamID: streamID, UnsafeBufferPointer(start: data, count: length))
    return 0
}

func http2OnStreamClose(_ session: OpaquePointer?, _ streamID: Int32, _ errorCode: UInt32,
                        _ userData: UnsafeMutableRawPointer?) -> Int32 {
    handler(userData).streamClosed(streamID)
    return 0
}

func http2OnFrameSend(_ session: OpaquePointer?, _ frame: UnsafePointer<nghttp2_frame>?,
                      _ userData: UnsafeMutableRawPointer?) -> Int32 {
    guard let frame else { return 0 }
    let header = frame.pointee.hd
    let handler = handler(userData)
    switch UInt32(header.type) {
    case NGHTTP2_GOAWAY.rawValue:
        handler.goawaySent(errorCode: frame.pointee.goaway.error_code)
    case NGHTTP2_RST_STREAM.rawValue:
        handler.resetSent(errorCode: frame.pointee.rst_stream.error_code)
    case NGHTTP2_HEADERS.rawValue, NGHTTP2_DATA.rawValue:
        if header.flags & UInt8(NGHTTP2_FLAG_END_STREAM.rawValue) != 0 {
            handler.responseEnded(streamID: header.stream_id)
        }
    default:
        break
    }
    return 0
}

func http2ReadResponseBody(_ session: OpaquePointer?, _ streamID: Int32, _ buffer: UnsafeMutablePointer<UInt8>?,
                           _ length: Int, _ dataFlags: UnsafeMutablePointer<UInt32>?,
                           _ source: UnsafeMutablePointer<nghttp2_data_source>?,
                           _ userData: UnsafeMutableRawPointer?) -> Int {
    guard let buffer, let dataFlags else { return Int(NGHTTP2_ERR_TEMPORAL_CALLBACK_FAILURE.rawValue) }
    let (count, finished) = handler(userData).readResponseBody(
        streamID: streamID, into: UnsafeMutableBufferPointer(start: buffer, count: length))
    guard count >= 0 else { return Int(NGHTTP2_ERR_TEMPORAL_CALLBACK_FAILURE.rawValue) }
    if finished { dataFlags.pointee |= NGHTTP2_DATA_FLAG_EOF.rawValue }
    return count
}
