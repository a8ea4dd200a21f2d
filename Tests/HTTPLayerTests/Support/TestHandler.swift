import Dispatch
import Foundation
@testable import HTTPLayer

/// A configurable test handler.
///
/// - `/echo`: the request body back, with `x-method`, `x-version`, `x-body-length` headers, and
///   `x-peer`, the client's address and port: which connection carried the request.
/// - `/info`: JSON with the connection's TLS version, ALPN and client certificate.
/// - `/small`: bodies up to 1 KiB.
/// - `/large`: bodies up to 128 MiB; answers the length and a byte sum.
/// - `/mtls`: requires a verified client certificate.
/// - `/async`: answers from another thread after `?ms=` milliseconds (default 50).
/// - `/drop`: never responds (the layer answers 500 when the responder is dropped).
/// - `/abort`: answers with a reset (`HTTPResponder.abort()`), from another thread.
/// - anything else: 200 "ok".
struct TestHandler: HTTPHandler {
    func policy(for head: HTTPRequestHead) -> RoutePolicy {
        switch head.path {
        case "/small": RoutePolicy(maxBodyBytes: 1024)
        case "/large": RoutePolicy(maxBodyBytes: 128 * 1024 * 1024)
        case "/mtls": RoutePolicy(requiresClientCertificate: true)
        default: .default
        }
    }

    func handle(_ request: HTTPRequest, responder: HTTPResponder) {
        switch request.path {
        case "/echo", "/small":
            var response = HTTPResponse(status: 200, body: request.body)
            response.headers.add(name: "x-method", value: request.method)
            response.headers.add(name: "x-version", value: request.httpVersion.rawValue)
            response.headers.add(name: "x-body-length", value: String(request.body.count))
            response.headers.add(name: "x-peer", value: request.connection.remoteAddress)
            responder.respond(response)
        case "/info":
            let connection = request.connection
            let info: [String: String] = [
                "tls": connection.tlsVersion ?? "",
                "alpn": connection.alpn ?? "",
                "subject": connection.clientCertificate?.subject ?? "",
                "verified": String(connection.clientCertificate?.verified ?? false),
                "version": request.httpVersion.rawValue,
                "timeout": request.queryItem("timeout") ?? "",
            ]
            let body = (try? JSONSerialization.data(withJSONObject: info, options: [.sortedKeys])) ?? Data()
            responder.respond(.json(body: Array(body)))
        case "/large":
            var sum: UInt64 = 0
            for byte in request.body { sum &+= UInt64(byte) }
            responder.respond(.text("\(request.body.count) \(sum)"))
        case "/mtls":
            responder.respond(.text("hello \(request.connection.clientCertificate?.subject ?? "")"))
        case "/async":
            let delay = Int(request.queryItem("ms") ?? "") ?? 50
            let method = request.method
            DispatchQueue.global().asyncAfter(deadline: .now() + .milliseconds(delay)) {
                responder.respond(.text("async \(method) after \(delay) ms"))
            }
        case "/drop":
            break
        case "/abort":
            DispatchQueue.global().async { responder.abort() }
        default:
            responder.respond(.text("ok"))
        }
    }
}
