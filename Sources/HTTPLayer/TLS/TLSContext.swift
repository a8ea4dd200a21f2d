internal import COpenSSL
internal import CShims

/// Owns one SSL_CTX (server or client side). Immutable once built; SSL objects made from it
/// keep it alive through OpenSSL's reference count, and connections keep this owner alive
/// because the ALPN callback's argument points into it.
final class TLSContext: @unchecked Sendable {
    // Reason: the SSL_CTX is configured in init and only read afterwards (SSL_new is thread-safe).
    let context: OpaquePointer
    /// ALPN protocols in wire format (length-prefixed), read by the selection callback.
    let alpnWire: UnsafeMutableBufferPointer<UInt8>

    /// TLS 1.2 suites: ECDHE key exchange with AEAD ciphers only (RFC 9113 §9.2.2 for h2).
    /// TLS 1.3 suites are OpenSSL's defaults (all AEAD).
    static let tls12Ciphers = [
        "ECDHE-ECDSA-AES128-GCM-SHA256", "ECDHE-RSA-AES128-GCM-SHA256",
        "ECDHE-ECDSA-AES256-GCM-SHA384", "ECDHE-RSA-AES256-GCM-SHA384",
        "ECDHE-ECDSA-CHACHA20-POLY1305", "ECDHE-RSA-CHACHA20-POLY1305",
    ].joined(separator: ":")

    private init(method: OpaquePointer?, alpn: [String]) throws(HTTPLayerError) {
        guard let method, let context = SSL_CTX_new(method) else {
            throw OpenSSLErrors.error(.tlsConfigurationFailed, "SSL_CTX_new")
        }
        self.context = context
        var wire: [UInt8] = []
        for name in alpn where !name.isEmpty && name.utf8.count < 256 {
            wire.append(UInt8(name.utf8.count))
            wire.append(contentsOf: name.utf8)
        }
        alpnWire = .allocate(capacity: max(1, wire.count))
        _ = alpnWire.initialize(from: wire)
        alpnWireCount = wire.count

        // SSL_CTX_set_min_proto_version returns 1 on success (a macro over SSL_CTX_ctrl).
        guard CShims_SSL_CTX_set_min_proto_version(context, CShims_TLS1_2_VERSION()) == 1 else {
            throw OpenSSLErrors.error(.tlsConfigurationFailed, "SSL_CTX_set_min_proto_version")
        }
        guard SSL_CTX_set_cipher_list(context, Self.tls12Ciphers) == 1 else {
            throw OpenSSLErrors.error(.tlsConfigurationFailed, "SSL_CTX_set_cipher_list")
        }
        // Partial writes and moving buffers: our output buffer may grow between retries. Not
        // SSL_MODE_RELEASE_BUFFERS: it frees and reallocates both ~17 KB record buffers around
        // every request (~1,100 instructions each, callgrind); ServerConnection frees the buffers
        // of a connection idle for a second instead (TLSStream.releaseBuffers).
        _ = CShims_SSL_CTX_set_mode(context, Int(SSL_MODE_ENABLE_PARTIAL_WRITE | SSL_MODE_ACCEPT_MOVING_WRITE_BUFFER))
        _ = CShims_SSL_CTX_set_options(context, CShims_SSL_OP_hardening())
        // One read(2) per socket buffer instead of two per record (header, then body): halves
        // the reads of a keep-alive request. OpenSSL may then hold bytes the socket no longer
        // signals, so readers check `TLSStream.hasBufferedInput` before waiting for epoll.
        CShims_SSL_CTX_set_read_ahead(context, 1)
    }

    /// Bytes of `alpnWire` in use.
    let alpnWireCount: Int

    deinit {
        SSL_CTX_free(context)
        alpnWire.deallocate()
    }

    /// A server context from `configuration`'s files.
    static func server(_ configuration: TLSConfiguration) throws(HTTPLayerError) -> TLSContext {
        let tls = try TLSContext(method: TLS_server_method(), alpn: configuration.alpn)
        let context = tls.context
        // These return 1 on success, 0 or less on failure.
        guard SSL_CTX_use_certificate_chain_file(context, configuration.certificateFile) == 1 else {
            throw OpenSSLErrors.error(.tlsConfigurationFailed, "certificate \(configuration.certificateFile)")
        }
        guard SSL_CTX_use_PrivateKey_file(context, configuration.privateKeyFile, SSL_FILETYPE_PEM) == 1 else {
            throw OpenSSLErrors.error(.tlsConfigurationFailed, "private key \(configuration.privateKeyFile)")
        }
        guard SSL_CTX_check_private_key(context) == 1 else {
            throw OpenSSLErrors.error(.tlsConfigurationFailed, "private key does not match the certificate")
        }
        if let caFile = configuration.clientCAFile {
            guard SSL_CTX_load_verify_locations(context, caFile, nil) == 1 else {
                throw OpenSSLErrors.error(.tlsConfigurationFailed, "client CA \(caFile)")
            }
            guard let names = SSL_load_client_CA_file(caFile) else {
                throw OpenSSLErrors.error(.tlsConfigurationFailed, "client CA names \(caFile)")
            }
            SSL_CTX_set_client_CA_list(context, names)
            // Request, don't require: routes decide (RoutePolicy). A presented certificate that
            // fails verification still fails the handshake (no verify callback overrides it).
            SSL_CTX_set_verify(context, SSL_VERIFY_PEER, nil)
            let sessionID = Array("midonet-kube".utf8)
            _ = SSL_CTX_set_session_id_context(context, sessionID, UInt32(sessionID.count))
        }
        if tls.alpnWireCount > 0 {
            SSL_CTX_set_alpn_select_cb(context, alpnSelect, Unmanaged.passUnretained(tls).toOpaque())
        }
        return tls
    }

    /// A client context verifying servers against `caFile` (system roots when nil).
    static func client(caFile: String?, alpn: [String] = ["http/1.1"]) throws(HTTPLayerError) -> TLSContext {
        let tls = try TLSContext(method: TLS_client_method(), alpn: alpn)
        if let caFile {
            guard SSL_CTX_load_verify_locations(tls.context, caFile, nil) == 1 else {
                throw OpenSSLErrors.error(.tlsConfigurationFailed, "CA file \(caFile)")
            }
        } else {
            guard SSL_CTX_set_default_verify_paths(tls.context) == 1 else {
                throw OpenSSLErrors.error(.tlsConfigurationFailed, "system CA paths")
            }
        }
        SSL_CTX_set_verify(tls.context, SSL_VERIFY_PEER, nil)
        // SSL_CTX_set_alpn_protos returns 0 on success (inverted convention).
        if tls.alpnWireCount > 0, SSL_CTX_set_alpn_protos(tls.context, tls.alpnWire.baseAddress, UInt32(tls.alpnWireCount)) != 0 {
            throw OpenSSLErrors.error(.tlsConfigurationFailed, "SSL_CTX_set_alpn_protos")
        }
        return tls
    }
}

/// ALPN selection: the first protocol in the server's list that the client offers (so h2 wins
/// when offered); no overlap → no ALPN, and the connection speaks HTTP/1.1.
private func alpnSelect(
    _ ssl: OpaquePointer?,
    _ out: UnsafeMutablePointer<UnsafePointer<UInt8>?>?,
    _ outLength: UnsafeMutablePointer<UInt8>?,
    _ clientList: UnsafePointer<UInt8>?,
    _ clientLength: UInt32,
    _ argument: UnsafeMutableRawPointer?
) -> Int32 {
    guard let out, let outLength, let clientList, let argument else { return SSL_TLSEXT_ERR_NOACK }
    let tls = Unmanaged<TLSContext>.fromOpaque(argument).takeUnretainedValue()
    var selected: UnsafeMutablePointer<UInt8>?
    let result = SSL_select_next_proto(&selected, outLength, tls.alpnWire.baseAddress, UInt32(tls.alpnWireCount),
                                       clientList, clientLength)
    guard result == OPENSSL_NPN_NEGOTIATED, let selected else { return SSL_TLSEXT_ERR_NOACK }
    out.pointee = UnsafePointer(selected)
    return SSL_TLSEXT_ERR_OK
}
