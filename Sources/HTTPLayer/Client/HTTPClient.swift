internal import Dispatch
internal import Glibc
import Synchronization

/// A small HTTP/1.1 client (http and https) with keep-alive and a bounded pool of connections
/// per origin, running its sockets on its own event loop threads. Safe to use concurrently
/// from many tasks.
public final class HTTPClient: Sendable {
    private let configuration: HTTPClientConfiguration
    private let group: EventLoopGroup
    private let tlsContext: TLSContext?
    private let pools = Mutex<[String: ConnectionPool]>([:])

    /// Creates the client and starts its loop threads. Throws when the CA file cannot be loaded.
    public init(configuration: HTTPClientConfiguration = HTTPClientConfiguration()) throws {
        signal(SIGPIPE, SIG_IGN)
        self.configuration = configuration
        tlsContext = try TLSContext.client(caFile: configuration.caFile)
        group = try EventLoopGroup(count: configuration.loops, name: "http-client")
    }

    deinit {
        group.stopAndJoin()
    }

    /// Sends `request` and returns the complete response. Throws `HTTPLayerError` (codes
    /// `invalid_url`, `connect_failed`, `connect_timeout`, `tls_handshake_failed`,
    /// `request_timeout`, `connection_closed`, `invalid_response`, `response_too_large`).
    ///
    /// A request that fails on a reused keep-alive connection before any response byte
    /// arrived is retried once on a new connection: the server closed an idle connection.
    public func execute(_ request: ClientRequest) async throws -> ClientResponse {
        let url = try ClientURL.parse(request.url)
        let pool = pool(for: url)
        let bytes = HTTP1Serializer.request(method: request.method, target: url.target, host: url.hostHeader,
                                            headers: request.headers, body: request.body)
        let timeout = request.timeout ?? configuration.requestTimeout
        var attempt = 0
        while true {
            attempt += 1
            let lease = try await pool.acquire()
            let connection: ClientConnection
            let reused: Bool
            switch lease {
            case .reuse(let existing):
                connection = existing
                reused = true
            case .create:
                do {
                    connection = try await connect(url)
                } catch {
                    pool.release(nil, reusable: false)
                    throw error
                }
                reused = false
            }
            switch await connection.exchange(bytes, method: request.method, timeout: timeout) {
            case .response(let response, let reusable):
                pool.release(connection, reusable: reusable)
                return response
            case .failed(let error, let nothingReceived):
                pool.release(connection, reusable: false)
                // Several pooled connections may have been closed by the server at once (its idle
                // timeout): try the next one, or a new one; the request was never sent.
                if reused, nothingReceived, attempt <= configuration.maxConnectionsPerHost + 1 { continue }
                throw error
            case .notSent(let error):
                pool.release(connection, reusable: false)
                // The request never left: try again on another (or a new) connection, bounded.
                if attempt <= configuration.maxConnectionsPerHost + 2 { continue }
                throw error
            }
        }
    }

    /// Closes idle connections; later requests fail with `client_shutdown`.
    public func shutdown() {
        for pool in pools.withLock({ Array($0.values) }) { pool.shutdown() }
    }

    private func pool(for url: ClientURL) -> ConnectionPool {
        pools.withLock { pools in
            if let pool = pools[url.origin] { return pool }
            let pool = ConnectionPool(limit: configuration.maxConnectionsPerHost)
            pools[url.origin] = pool
            return pool
        }
    }

    private func connect(_ url: ClientURL) async throws -> ClientConnection {
        // getaddrinfo blocks: run it on a Dispatch worker, not on a loop or the cooperative pool.
        let addresses = try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<[SocketAddressBox], any Error>) in
            DispatchQueue.global().async {
                do throws(HTTPLayerError) {
                    let resolved = try SocketAddress.resolve(host: url.host, port: url.port, passive: false)
                    continuation.resume(returning: resolved.map(SocketAddressBox.init))
                } catch {
                    continuation.resume(throwing: error)
                }
            }
        }
        var lastError: any Error = HTTPLayerError(.connectFailed, "no address for \(url.host)")
        for address in addresses {
            do {
                return try await ClientConnection.open(address: address, url: url, tlsContext: url.secure ? tlsContext : nil,
                                                       loop: group.next(), configuration: configuration)
            } catch {
                lastError = error
            }
        }
        throw lastError
    }
}
