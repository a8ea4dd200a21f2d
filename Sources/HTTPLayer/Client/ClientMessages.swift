/// A request for `HTTPClient.execute`.
public struct ClientRequest: Sendable {
    public var method: String
    /// Absolute URL: "http://host:port/path?query" or "https://…".
    public var url: String
    public var headers: HTTPHeaders
    public var body: [UInt8]
    /// Overrides the client's request timeout for this request.
    public var timeout: Duration?

    public init(method: String = "GET", url: String, headers: HTTPHeaders = HTTPHeaders(), body: [UInt8] = [],
                timeout: Duration? = nil) {
        self.method = method
        self.url = url
        self.headers = headers
        self.body = body
        self.timeout = timeout
    }
}

/// A complete response received by `HTTPClient`.
public struct ClientResponse: Sendable, Equatable {
    public var status: Int
    public var headers: HTTPHeaders
    public var body: [UInt8]

    public init(status: Int, headers: HTTPHeaders, body: [UInt8]) {
        self.status = status
        self.headers = headers
        self.body = body
    }

    /// The body as UTF-8 text.
    public var text: String { String(decoding: body, as: UTF8.self) }
}

/// Client settings.
public struct HTTPClientConfiguration: Sendable {
    /// PEM CA bundle trusted for https; nil trusts the system roots.
    public var caFile: String?
    /// Connections kept per scheme/host/port, busy or idle; further requests wait for one.
    public var maxConnectionsPerHost: Int
    public var connectTimeout: Duration
    /// From sending the request to the end of the response.
    public var requestTimeout: Duration
    /// Pooled connections idle this long are closed.
    public var idleTimeout: Duration
    /// Larger response bodies fail with `response_too_large`.
    public var maxResponseBytes: Int
    /// Event loop threads the client's connections run on.
    public var loops: Int

    public init(caFile: String? = nil, maxConnectionsPerHost: Int = 8, connectTimeout: Duration = .seconds(5),
                requestTimeout: Duration = .seconds(30), idleTimeout: Duration = .seconds(30),
                maxResponseBytes: Int = 64 * 1024 * 1024, loops: Int = 1) {
        self.caFile = caFile
        self.maxConnectionsPerHost = maxConnectionsPerHost
        self.connectTimeout = connectTimeout
        self.requestTimeout = requestTimeout
        self.idleTimeout = idleTimeout
        self.maxResponseBytes = maxResponseBytes
        self.loops = loops
    }
}
