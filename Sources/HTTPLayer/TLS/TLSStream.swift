internal import COpenSSL
internal import CShims

/// Outcome of a TLS operation on a non-blocking socket.
enum TLSResult {
    case done(Int)
    case wantRead
    case wantWrite
    /// The peer sent close_notify or closed the socket.
    case closed
    case failed(HTTPLayerError)
}

/// Owns one SSL object driving a non-blocking socket (SSL_set_fd; the socket stays owned by
/// the connection). Confined to the connection's loop thread.
final class TLSStream {
    private let ssl: OpaquePointer
    /// Kept alive for the ALPN callback's argument and the SSL_CTX.
    let context: TLSContext
    private(set) var handshakeComplete = false

    init(context: TLSContext, fd: Int32, serverSide: Bool, serverName: String? = nil) throws(HTTPLayerError) {
        guard let ssl = SSL_new(context.context) else { throw OpenSSLErrors.error(.tlsHandshakeFailed, "SSL_new") }
        self.ssl = ssl
        self.context = context
        guard SSL_set_fd(ssl, fd) == 1 else { throw OpenSSLErrors.error(.tlsHandshakeFailed, "SSL_set_fd") }
        if serverSide {
            SSL_set_accept_state(ssl)
        } else {
            SSL_set_connect_state(ssl)
            if let serverName {
                _ = CShims_SSL_set_tlsext_host_name(ssl, serverName)
                // SSL_set1_host returns 1 on success; it makes verification check the name.
                guard SSL_set1_host(ssl, serverName) == 1 else {
                    throw OpenSSLErrors.error(.tlsConfigurationFailed, "SSL_set1_host")
                }
            }
        }
    }

    deinit { SSL_free(ssl) }

    func handshake() -> TLSResult {
        ERR_clear_error()
        let result = SSL_do_handshake(ssl)
        if result == 1 {
            handshakeComplete = true
            return .done(0)
        }
        return classify(result, "TLS handshake")
    }

    func read(into buffer: UnsafeMutableRawBufferPointer) -> TLSResult {
        Self.emptyErrorQueue()
        let result = SSL_read(ssl, buffer.baseAddress, Int32(min(buffer.count, Int(Int32.max))))
        if result > 0 { return .done(Int(result)) }
        return classify(result, "SSL_read")
    }

    /// Whether OpenSSL holds input not yet returned by `read` (decrypted or still raw, as read
    /// ahead from the socket): epoll will not report it.
    var hasBufferedInput: Bool { SSL_has_pending(ssl) == 1 }

    func write(_ bytes: UnsafeRawBufferPointer) -> TLSResult {
        guard !bytes.isEmpty else { return .done(0) }
        Self.emptyErrorQueue()
        let result = SSL_write(ssl, bytes.baseAddress, Int32(min(bytes.count, Int(Int32.max))))
        if result > 0 { return .done(Int(result)) }
        return classify(result, "SSL_write")
    }

    /// Empties this thread's OpenSSL error queue, as SSL_get_error needs before each I/O call.
    /// Looks first: the queue is nearly always empty already, and ERR_clear_error clears all of
    /// its slots every time (a few hundred instructions, twice per request).
    @inline(__always) static func emptyErrorQueue() {
        if ERR_peek_error() != 0 { ERR_clear_error() }
    }

    /// Frees the record buffers (~34 KB) of an idle connection; OpenSSL allocates them again
    /// when the connection is next used. Returns false when they hold data (nothing is freed).
    func releaseBuffers() -> Bool {
        guard handshakeComplete else { return false }
        return SSL_free_buffers(ssl) == 1
    }

    /// Sends close_notify, best effort (no waiting for the peer's).
    func shutdown() {
        guard handshakeComplete else { return }
        ERR_clear_error()
        _ = SSL_shutdown(ssl)
        ERR_clear_error()
    }

    private func classify(_ result: Int32, _ what: String) -> TLSResult {
        let code = SSL_get_error(ssl, result)
        switch code {
        case SSL_ERROR_WANT_READ:
            return .wantRead
        case SSL_ERROR_WANT_WRITE:
            return .wantWrite
        case SSL_ERROR_ZERO_RETURN:
            return .closed
        case SSL_ERROR_SYSCALL:
            let queued = OpenSSLErrors.drain()
            // A syscall error with an empty queue is an EOF without close_notify.
            return queued.hasPrefix("no OpenSSL") ? .closed : .failed(HTTPLayerError(.ioFailed, "\(what): \(queued)"))
        default:
            let code: HTTPLayerError.Code = handshakeComplete ? .ioFailed : .tlsHandshakeFailed
            return .failed(OpenSSLErrors.error(code, what))
        }
    }

    /// "TLSv1.3" and the like.
    var protocolVersion: String { String(cString: SSL_get_version(ssl)) }

    /// The negotiated ALPN protocol, nil when none.
    var alpn: String? {
        var data: UnsafePointer<UInt8>?
        var length: UInt32 = 0
        SSL_get0_alpn_selected(ssl, &data, &length)
        guard let data, length > 0 else { return nil }
        return String(decoding: UnsafeBufferPointer(start: data, count: Int(length)), as: UTF8.self)
    }

    /// The peer's certificate, if it sent one, with whether it verified against the CA.
    var peerCertificate: ClientCertificate? {
        guard let certificate = SSL_get1_peer_certificate(ssl) else { return nil }
        defer { X509_free(certificate) }
        var buffer = [CChar](repeating: 0, count: 512)
        var subject = ""
        if let name = X509_get_subject_name(certificate), X509_NAME_oneline(name, &buffer, Int32(buffer.count)) != nil {
            subject = String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        }
        return ClientCertificate(subject: subject, verified: SSL_get_verify_result(ssl) == X509_V_OK)
    }
}
