/// How one request/response exchange ended.
enum ExchangeOutcome: Sendable {
    case response(ClientResponse, reusable: Bool)
    /// `nothingReceived`: the connection failed before any response byte (safe to retry on a
    /// fresh connection when it was a reused keep-alive connection the server had closed).
    case failed(HTTPLayerError, nothingReceived: Bool)
    /// The connection was closed before the request was written (the server closed it while
    /// idle, or it died right after its handshake): always safe to retry elsewhere.
    case notSent(HTTPLayerError)
}
