internal import Glibc

/// An error of the socket/TLS/HTTP layer: a stable `code` to match on and a human `reason`.
public struct HTTPLayerError: Error, Sendable, Equatable, CustomStringConvertible {
    /// Stable identifiers; tests and callers match on these, never on `reason`.
    public enum Code: String, Sendable {
        case eventLoopFailed = "event_loop_failed"
        case addressInvalid = "address_invalid"
        case bindFailed = "bind_failed"
        case tlsConfigurationFailed = "tls_configuration_failed"
        case tlsHandshakeFailed = "tls_handshake_failed"
        case connectFailed = "connect_failed"
        case connectTimeout = "connect_timeout"
        case requestTimeout = "request_timeout"
        case connectionClosed = "connection_closed"
        case ioFailed = "io_failed"
        case invalidURL = "invalid_url"
        case invalidResponse = "invalid_response"
        case responseTooLarge = "response_too_large"
        case http2Failed = "http2_failed"
        case serverNotRunning = "server_not_running"
        case clientShutdown = "client_shutdown"
    }

    public let code: Code
    public let reason: String

    public init(_ code: Code, _ reason: String) {
        self.code = code
        self.reason = reason
    }

    public var description: String { "\(code.rawValue): \(reason)" }

    /// An error from a failed system call, with strerror of `errnoValue`.
    static func system(_ code: Code, _ call: String, _ errnoValue: Int32) -> HTTPLayerError {
        HTTPLayerError(code, "\(call): \(String(cString: strerror(errnoValue))) (errno \(errnoValue))")
    }
}
