import TestSupport
import Foundation
import Testing
@testable import HTTPLayer

@Suite struct TLSServerTests {
    @Test(arguments: [false, true])
    func curlSpeaksHTTP11AndH2OverTLS(rsa: Bool) throws {
        let server = try TestServer.startTLS(rsa: rsa)
        defer { server.stop() }
        let h1 = try server.curlTLS(["--http1.1", "-X", "POST", "--data-binary", "one", "-D", "-", "\(server.https)/echo"])
        #expect(h1.status == 0)
        #expect(h1.stdout.hasPrefix("HTTP/1.1 200"))
        #expect(h1.stdout.contains("x-version: HTTP/1.1"))
        #expect(h1.stdout.hasSuffix("one"))
        let h2 = try server.curlTLS(["--http2", "-X", "POST", "--data-binary", "two", "-D", "-", "\(server.https)/echo"])
        #expect(h2.status == 0)
        #expect(h2.stdout.hasPrefix("HTTP/2 200"))
        #expect(h2.stdout.contains("x-version: HTTP/2"))
        #expect(h2.stdout.hasSuffix("two"))
        let statistics = server.server.statistics
        #expect(statistics.http1RequestsTotal == 1)
        #expect(statistics.http2RequestsTotal == 1)
    }

    /// `openssl s_client` with the given ALPN offer; returns its output.
    func sClient(_ port: Int, _ extra: [String]) throws -> ProcessResult {
        try ProcessRunner.run("/usr/bin/openssl", ["s_client", "-connect", "127.0.0.1:\(port)", "-servername", "localhost",
                                                   "-CAfile", TestCertificates.shared.caCertificate] + extra,
                              stdin: Data(), timeout: 30)
    }

    @Test func alpnPrefersH2AndFallsBackToHTTP11() throws {
        let server = try TestServer.startTLS()
        defer { server.stop() }
        #expect(try sClient(server.port, ["-alpn", "h2"]).stdout.contains("ALPN protocol: h2"))
        #expect(try sClient(server.port, ["-alpn", "http/1.1,h2"]).stdout.contains("ALPN protocol: h2"))
        #expect(try sClient(server.port, ["-alpn", "http/1.1"]).stdout.contains("ALPN protocol: http/1.1"))
        #expect(try sClient(server.port, []).stdout.contains("No ALPN negotiated"))
        let info = try server.curlTLS(["--http1.1", "\(server.https)/info"])
        #expect(info.stdout.contains("\"alpn\":\"http\\/1.1\""))
    }

    @Test func tls11IsRefusedAndTLS12Accepted() throws {
        let server = try TestServer.startTLS()
        defer { server.stop() }
        let old = try sClient(server.port, ["-tls1_1", "-cipher", "DEFAULT@SECLEVEL=0"])
        #expect(old.status != 0)
        #expect(old.stderr.contains("protocol version"))
        // The server saw the attempt and refused it (not a client that never tried).
        #expect(server.server.statistics.tlsHandshakeErrorsTotal == 1)
        let tls12 = try sClient(server.port, ["-tls1_2"])
        #expect(tls12.status == 0)
        #expect(tls12.stdout.contains("Protocol  : TLSv1.2"))
        #expect(tls12.stdout.contains("ECDHE"))
    }

    @Test func clientCertificateIsRequiredPerRoute() throws {
        let server = try TestServer.startTLS(clientCA: true)
        defer { server.stop() }
        let certificates = TestCertificates.shared
        let anonymous = try server.curlTLS(["-o", "/dev/null", "-w", "%{http_code}", "\(server.https)/mtls"])
        #expect(anonymous.stdout == "401")
        let open = try server.curlTLS(["\(server.https)/"])
        #expect(open.stdout == "ok")
        let good = try server.curlTLS(["--cert", certificates.clientCertificate, "--key", certificates.clientKey,
                                       "\(server.https)/mtls"])
        #expect(good.stdout == "hello /CN=kube-apiserver/O=system:masters")
        let goodH2 = try server.curlTLS(["--http2", "--cert", certificates.clientCertificate, "--key", certificates.clientKey,
                                         "\(server.https)/mtls"])
        #expect(goodH2.stdout == "hello /CN=kube-apiserver/O=system:masters")
        let anonymousH2 = try server.curlTLS(["--http2", "-o", "/dev/null", "-w", "%{http_code}", "\(server.https)/mtls"])
        #expect(anonymousH2.stdout == "401")
        let errorsBefore = server.server.statistics.tlsHandshakeErrorsTotal
        let rogue = try server.curlTLS(["--cert", certificates.rogueClientCertificate, "--key", certificates.rogueClientKey,
                                        "\(server.https)/mtls"])
        #expect(rogue.status != 0)
        #expect(!rogue.stdout.contains("hello"))
        #expect(server.server.statistics.tlsHandshakeErrorsTotal > errorsBefore)
    }

    @Test func certificateIsReloadedWithoutDroppingConnections() async throws {
        let shared = TestCertificates.shared
        let directory = try TestCertificates.makeTemporaryDirectory("reload")
        let certificate = directory + "/tls.crt", key = directory + "/tls.key"
        try FileManager.default.copyItem(atPath: shared.ecdsaCertificate, toPath: certificate)
        try FileManager.default.copyItem(atPath: shared.ecdsaKey, toPath: key)
        // Idle timeouts far beyond the test on both sides: on a loaded machine the polling
        // below can take longer than the defaults, and the connection must outlive it.
        let server = try TestServer.start(tls: TLSConfiguration(certificateFile: certificate, privateKeyFile: key,
                                                                reloadInterval: .zero)) { $0.idleTimeout = .seconds(3600) }
        defer { server.stop() }
        let client = try HTTPClient(configuration: HTTPClientConfiguration(caFile: shared.caCertificate, idleTimeout: .seconds(3600)))
        defer { client.shutdown() }
        let before = try await client.execute(ClientRequest(method: "POST", url: "\(server.https)/echo", body: Array("before".utf8)))
        #expect(before.text == "before")
        #expect(try sClient(server.port, []).stdout.contains("subject=CN = localhost"))

        // A new certificate (signed by the same CA) with a recognisable subject, swapped in by rename.
        try TestCertificates.makeLeaf(shared.directory, name: "reloaded-\(UUID().uuidString)", key: ["rsa:2048"],
                                      subject: "/CN=localhost/O=reloaded", ca: "ca",
                                      extensions: "subjectAltName=DNS:localhost,IP:127.0.0.1\n")
        let newest = try FileManager.default.contentsOfDirectory(atPath: shared.directory)
            .filter { $0.hasPrefix("reloaded-") && $0.hasSuffix(".pem") }
            .map { shared.directory + "/" + $0 }
            .sorted { (try? FileManager.default.attributesOfItem(atPath: $0)[.modificationDate] as? Date ?? .distantPast) ?? .distantPast
                    < (try? FileManager.default.attributesOfItem(atPath: $1)[.modificationDate] as? Date ?? .distantPast) ?? .distantPast }
        let newCertificate = try #require(newest.last)
        let newKey = String(newCertificate.dropLast(4)) + ".key"
        try FileManager.default.copyItem(atPath: newKey, toPath: key + ".tmp")
        try FileManager.default.copyItem(atPath: newCertificate, toPath: certificate + ".tmp")
        _ = rename(key + ".tmp", key)
        _ = rename(certificate + ".tmp", certificate)

        var sawNew = false
        for _ in 0..<50 where !sawNew {
            sawNew = try sClient(server.port, []).stdout.contains("O = reloaded")
            if !sawNew { try await Task.sleep(for: .milliseconds(100)) }
        }
        #expect(sawNew)
        let after = try await client.execute(ClientRequest(method: "POST", url: "\(server.https)/echo", body: Array("after".utf8)))
        #expect(after.text == "after")
        // The client's keep-alive connection from before the reload carried that request.
        #expect(after.headers["x-peer"] != nil && after.headers["x-peer"] == before.headers["x-peer"])
    }

    @Test func idleConnectionsGiveTheirBuffersBackAndKeepWorking() async throws {
        let server = try TestServer.startTLS { $0.idleTimeout = .seconds(3600) }
        defer { server.stop() }
        let client = try HTTPClient(configuration: HTTPClientConfiguration(caFile: TestCertificates.shared.caCertificate, idleTimeout: .seconds(3600)))
        defer { client.shutdown() }
        let first = try await client.execute(ClientRequest(method: "POST", url: "\(server.https)/echo", body: Array("first".utf8)))
        #expect(first.text == "first")
        // About a second without I/O: the connection's record buffers are freed.
        var released = false
        for _ in 0..<600 where !released {
            try await Task.sleep(for: .milliseconds(50))
            released = server.server.statistics.tlsBuffersReleasedTotal >= 1
        }
        #expect(released)
        // The same keep-alive connection carries the next request (OpenSSL allocates again).
        let second = try await client.execute(ClientRequest(method: "POST", url: "\(server.https)/echo", body: Array("second".utf8)))
        #expect(second.text == "second")
        #expect(second.headers["x-peer"] != nil && second.headers["x-peer"] == first.headers["x-peer"])
    }
}
