/// How one request/response exchange ended.
enum ExchangeOutcome: Sendable {
    case response(ClientResponse, reusable: Bool)
    /// `nothingReceived`: the connection failed before any response byte (safe to retry on a
    /// fresh connection when it was a reused keep-alive connection the server had closed).
    case failed(HTTPLayerError, nothingReceived: Bool)
}
