/// The HTTP version a request arrived with.
public enum HTTPVersion: String, Sendable, Equatable {
    case http1_0 = "HTTP/1.0"
    case http1_1 = "HTTP/1.1"
    case http2 = "HTTP/2"
}

/// The client certificate of a TLS connection.
public struct ClientCertificate: Sendable, Equatable {
    /// The subject, in OpenSSL's one-line form ("/CN=kube-apiserver/O=system:masters").
    public var subject: String
    /// True when the certificate chains to the configured client CA.
    public var verified: Bool

    public init(subject: String, verified: Bool) {
        self.subject = subject
        self.verified = verified
    }
}

/// What is known about the connection a request came on.
public struct ConnectionInfo: Sendable, Equatable {
    /// "ip:port" of the peer.
    public var remoteAddress: String
    /// "TLSv1.3" and the like; nil on plain HTTP.
    public var tlsVersion: String?
    /// The ALPN protocol negotiated ("h2", "http/1.1"); nil when none was.
    public var alpn: String?
    public var clientCertificate: ClientCertificate?

    public init(remoteAddress: String, tlsVersion: String? = nil, alpn: String? = nil,
                clientCertificate: ClientCertificate? = nil) {
        self.remoteAddress = remoteAddress
        self.tlsVersion = tlsVersion
        self.alpn = alpn
        self.clientCertificate = clientCertificate
    }
}

/// A request's method, target and headers: what a route decides its limits from, before the body.
public struct HTTPRequestHead: Sendable, Equatable {
    public var method: String
    /// The raw request-target ("/validate?timeout=10s").
    public var target: String
    /// The target's path, without the query.
    public var path: String
    /// The target's query, without "?"; nil when there is none.
    public var query: String?
    public var headers: HTTPHeaders
    public var httpVersion: HTTPVersion
    public var connection: ConnectionInfo

    public init(method: String, target: String, headers: HTTPHeaders, httpVersion: HTTPVersion,
                connection: ConnectionInfo) {
        self.method = method
        self.target = target
        let (path, query) = RequestTarget.split(target)
        self.path = path
        self.query = query
        self.headers = headers
        self.httpVersion = httpVersion
        self.connection = connection
    }

    /// The first value of query parameter `name`, percent-decoded ("timeout" → "10s").
    public func queryItem(_ name: String) -> String? {
        RequestTarget.queryItem(name, in: query)
    }
}

/// A complete request: head and body.
public struct HTTPRequest: Sendable {
    public var head: HTTPRequestHead
    public var body: [UInt8]

    public init(head: HTTPRequestHead, body: [UInt8]) {
        self.head = head
        self.body = body
    }

    public var method: String { head.method }
    public var target: String { head.target }
    public var path: String { head.path }
    public var query: String? { head.query }
    public var headers: HTTPHeaders { head.headers }
    public var httpVersion: HTTPVersion { head.httpVersion }
    public var connection: ConnectionInfo { head.connection }

    /// The first value of query parameter `name`, percent-decoded.
    public func queryItem(_ name: String) -> String? { head.queryItem(name) }
}
