/// Limits and access rules a route decides from the request head, before its body is read.
public struct RoutePolicy: Sendable, Equatable {
    /// Largest accepted body; a larger declared length is answered 413 before the body is read.
    public var maxBodyBytes: Int
    /// When true and the connection has no verified client certificate, the request is answered
    /// 401 (no certificate) or 403 (certificate not verified) and the handler is not called.
    public var requiresClientCertificate: Bool

    /// 8 MiB: kube-apiserver caps a write at 3 MiB and an AdmissionReview carries the object
    /// and the old object, plus managedFields (kubernetes-callbacks.md §3).
    public static let defaultMaxBodyBytes = 8 * 1024 * 1024

    public init(maxBodyBytes: Int = RoutePolicy.defaultMaxBodyBytes, requiresClientCertificate: Bool = false) {
        self.maxBodyBytes = maxBodyBytes
        self.requiresClientCertificate = requiresClientCertificate
    }

    /// 8 MiB bodies, no client certificate required.
    public static let `default` = RoutePolicy()
}

/// The application side of the server.
public protocol HTTPHandler: Sendable {
    /// Decides limits before the body is read (413 before reading). Called on the loop thread.
    func policy(for head: HTTPRequestHead) -> RoutePolicy
    /// Called on the connection's loop thread once the whole body is in. Call
    /// `responder.respond` exactly once, now or later from any thread. Do not block here:
    /// hand slow work to another thread and respond from there.
    func handle(_ request: HTTPRequest, responder: HTTPResponder)
}

extension HTTPHandler {
    /// Default: `RoutePolicy.default` for every route.
    public func policy(for head: HTTPRequestHead) -> RoutePolicy { .default }
}
