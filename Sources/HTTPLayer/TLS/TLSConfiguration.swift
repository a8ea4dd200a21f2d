/// Server TLS settings. Certificate and key are PEM files, reloaded when they change.
public struct TLSConfiguration: Sendable {
    /// PEM certificate chain: leaf first, then intermediates.
    public var certificateFile: String
    /// PEM private key (ECDSA or RSA) matching the leaf.
    public var privateKeyFile: String
    /// PEM CA bundle for client certificates. When set, clients are asked for a certificate
    /// (not required); one that is presented must chain to this CA or the handshake fails.
    public var clientCAFile: String?
    /// How often the files' modification times are checked (on accept).
    public var reloadInterval: Duration
    /// ALPN protocols in server preference order.
    public var alpn: [String]

    public init(certificateFile: String, privateKeyFile: String, clientCAFile: String? = nil,
                reloadInterval: Duration = .seconds(5), alpn: [String] = ["h2", "http/1.1"]) {
        self.certificateFile = certificateFile
        self.privateKeyFile = privateKeyFile
        self.clientCAFile = clientCAFile
        self.reloadInterval = reloadInterval
        self.alpn = alpn
    }
}
