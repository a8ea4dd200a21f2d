import Platform

/// How the server listens and what it tolerates.
public struct ServerConfiguration: Sendable {
    /// Address to bind ("0.0.0.0", "127.0.0.1", "::").
    public var host: String
    /// 0 picks an ephemeral port (see `HTTPServer.boundPort`).
    public var port: Int
    /// nil serves plain HTTP/1.1 (no h2c).
    public var tls: TLSConfiguration?
    /// Event loops (threads); by default one per processor this process may use (`coreCount`).
    public var loops: Int
    /// A connection that has not completed its TLS handshake, or a request's head, this long
    /// after it started is closed (slowloris).
    public var headerReadTimeout: Duration
    /// A keep-alive connection with no request in progress is closed after this long; also
    /// the longest pause allowed while a body is being received.
    public var idleTimeout: Duration
    /// Request line plus header bytes (431 beyond). 16 KiB, like common proxies' defaults.
    public var maxHeaderBytes: Int
    /// Header fields per request (431 beyond).
    public var maxHeaderCount: Int
    /// How long `shutdownGracefully` waits for in-flight requests before closing.
    public var shutdownGrace: Duration
    /// HTTP/2 SETTINGS_MAX_CONCURRENT_STREAMS.
    public var http2MaxConcurrentStreams: Int

    /// Settings with production defaults (10 s header timeout, 60 s idle, 16 KiB / 100 headers, 10 s grace).
    public init(host: String = "0.0.0.0", port: Int = 0, tls: TLSConfiguration? = nil,
                loops: Int = ServerConfiguration.coreCount, headerReadTimeout: Duration = .seconds(10),
                idleTimeout: Duration = .seconds(60), maxHeaderBytes: Int = 16 * 1024, maxHeaderCount: Int = 100,
                shutdownGrace: Duration = .seconds(10), http2MaxConcurrentStreams: Int = 100) {
        self.host = host
        self.port = port
        self.tls = tls
        self.loops = loops
        self.headerReadTimeout = headerReadTimeout
        self.idleTimeout = idleTimeout
        self.maxHeaderBytes = maxHeaderBytes
        self.maxHeaderCount = maxHeaderCount
        self.shutdownGrace = shutdownGrace
        self.http2MaxConcurrentStreams = http2MaxConcurrentStreams
    }

    /// Processors this process may use: online CPUs narrowed by its affinity and cgroup CPU
    /// quota (`ProcessorBudget.process`, read once).
    public static var coreCount: Int { ProcessorBudget.process.count }
}
