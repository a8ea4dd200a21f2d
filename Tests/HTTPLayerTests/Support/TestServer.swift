import TestSupport
import Foundation
import Logging
@testable import HTTPLayer

/// A server on 127.0.0.1 with an ephemeral port, stopped by `stop()`.
struct TestServer {
    let server: HTTPServer
    let port: Int
    var http: String { "http://127.0.0.1:\(port)" }
    var https: String { "https://localhost:\(port)" }
    var address: String { "127.0.0.1:\(port)" }

    static func start(tls: TLSConfiguration? = nil, handler: any HTTPHandler = TestHandler(),
                      configure: (inout ServerConfiguration) -> Void = { _ in }) throws -> TestServer {
        var configuration = ServerConfiguration(host: "127.0.0.1", port: 0, tls: tls, loops: 2)
        configuration.shutdownGrace = .seconds(10)
        configure(&configuration)
        var logger = Logger(label: "test-server")
        logger.logLevel = .warning
        let server = try HTTPServer(configuration: configuration, handler: handler, logger: logger)
        try server.start()
        return TestServer(server: server, port: server.boundPort)
    }

    static func startTLS(clientCA: Bool = false, rsa: Bool = false, handler: any HTTPHandler = TestHandler(),
                         configure: (inout ServerConfiguration) -> Void = { _ in }) throws -> TestServer {
        let certificates = TestCertificates.shared
        let tls = TLSConfiguration(
            certificateFile: rsa ? certificates.rsaCertificate : certificates.ecdsaCertificate,
            privateKeyFile: rsa ? certificates.rsaKey : certificates.ecdsaKey,
            clientCAFile: clientCA ? certificates.caCertificate : nil)
        return try start(tls: tls, handler: handler, configure: configure)
    }

    func stop() { server.shutdownGracefully() }

    /// curl over TLS trusting the test CA, resolving localhost to 127.0.0.1.
    func curlTLS(_ arguments: [String], timeout: Double = 60) throws -> ProcessResult {
        try ProcessRunner.curl(["--cacert", TestCertificates.shared.caCertificate] + arguments, timeout: timeout)
    }
}
