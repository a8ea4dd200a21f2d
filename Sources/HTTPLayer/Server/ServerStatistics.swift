import Synchronization

/// A snapshot of the server's counters, for /metrics. Totals only grow; "open" values are gauges.
public struct ServerStatistics: Sendable, Equatable {
    /// Connections open now (gauge).
    public var openConnections: Int
    /// Connections accepted since start.
    public var acceptedConnectionsTotal: Int
    /// TLS handshakes that failed (bad version, untrusted client certificate, garbage).
    public var tlsHandshakeErrorsTotal: Int
    /// HTTP/1.x request heads parsed.
    public var http1RequestsTotal: Int
    /// HTTP/2 request header blocks received.
    public var http2RequestsTotal: Int
    /// HTTP/2 streams open now (gauge).
    public var http2StreamsOpen: Int
    /// HTTP/2 streams opened since start.
    public var http2StreamsTotal: Int
    /// RST_STREAM frames received from clients.
    public var http2ResetsReceivedTotal: Int
    /// Streams the server refused (RST_STREAM REFUSED_STREAM), e.g. over the concurrency limit.
    public var http2StreamsRefusedTotal: Int
    /// GOAWAYs sent because a peer misbehaved (rapid reset, floods, protocol errors).
    public var http2GoawayForAbuseTotal: Int
    /// Requests answered 4xx by the layer itself (parse errors, limits, 401/403 of RoutePolicy).
    public var protocolErrors4xxTotal: Int
    /// Times an idle connection's TLS record buffers were freed.
    public var tlsBuffersReleasedTotal: Int
}

/// The live counters behind `ServerStatistics`. Relaxed atomics: each counter is independent.
final class ServerCounters: Sendable {
    let openConnections = Atomic<Int>(0)
    let acceptedConnections = Atomic<Int>(0)
    let tlsHandshakeErrors = Atomic<Int>(0)
    let http1Requests = Atomic<Int>(0)
    let http2Requests = Atomic<Int>(0)
    let http2StreamsOpen = Atomic<Int>(0)
    let http2Streams = Atomic<Int>(0)
    let http2ResetsReceived = Atomic<Int>(0)
    let http2StreamsRefused = Atomic<Int>(0)
    let http2GoawayForAbuse = Atomic<Int>(0)
    let protocolErrors4xx = Atomic<Int>(0)
    let tlsBuffersReleased = Atomic<Int>(0)

    var snapshot: ServerStatistics {
        ServerStatistics(
            openConnections: openConnections.load(ordering: .relaxed),
            acceptedConnectionsTotal: acceptedConnections.load(ordering: .relaxed),
            tlsHandshakeErrorsTotal: tlsHandshakeErrors.load(ordering: .relaxed),
            http1RequestsTotal: http1Requests.load(ordering: .relaxed),
            http2RequestsTotal: http2Requests.load(ordering: .relaxed),
            http2StreamsOpen: http2StreamsOpen.load(ordering: .relaxed),
            http2StreamsTotal: http2Streams.load(ordering: .relaxed),
            http2ResetsReceivedTotal: http2ResetsReceived.load(ordering: .relaxed),
            http2StreamsRefusedTotal: http2StreamsRefused.load(ordering: .relaxed),
            http2GoawayForAbuseTotal: http2GoawayForAbuse.load(ordering: .relaxed),
            protocolErrors4xxTotal: protocolErrors4xx.load(ordering: .relaxed),
            tlsBuffersReleasedTotal: tlsBuffersReleased.load(ordering: .relaxed)
        )
    }
}
