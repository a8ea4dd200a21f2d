import TestSupport
import Foundation
import Testing
@testable import HTTPLayer

@Suite struct HTTP2ServerTests {
    func attack(_ mode: String, _ server: TestServer) throws -> String {
        let result = try ProcessRunner.python(H2Attacks.script, [mode, String(server.port), TestCertificates.shared.caCertificate],
                                              timeout: 90)
        #expect(result.status == 0, "python: \(result.stderr)")
        return result.stdout
    }

    func stillServes(_ server: TestServer) throws {
        let result = try server.curlTLS(["--http2", "\(server.https)/hello"])
        #expect(result.status == 0)
        #expect(result.stdout == "ok")
    }

    @Test func rapidResetFloodGetsGoawayAndTheServerKeepsServing() throws {
        let server = try TestServer.startTLS()
        defer { server.stop() }
        let output = try attack("rapidreset", server)
        #expect(output.contains("closed=True"))
        // nghttp2's stream reset rate limit (CVE-2023-44487) answers with GOAWAY INTERNAL_ERROR (0x2).
        #expect(output.contains("goaway=2 "))
        let statistics = server.server.statistics
        #expect(statistics.http2GoawayForAbuseTotal == 1)
        #expect(statistics.http2ResetsReceivedTotal >= 1000)
        try stillServes(server)
    }

    @Test(arguments: ["continuation", "settings", "badpreface"])
    func abusiveConnectionIsClosedAndTheServerKeepsServing(_ mode: String) throws {
        let server = try TestServer.startTLS()
        defer { server.stop() }
        let output = try attack(mode, server)
        #expect(output.contains("closed=True"))
        #expect(server.server.statistics.openConnections == 0 || server.server.statistics.openConnections == 1)
        try stillServes(server)
    }

    @Test(arguments: ["101 fields", "one 17,000-byte field"])
    func headerBlockPastTheLimitsIs431AndTheConnectionStaysUsable(_ shape: String) throws {
        let headers = shape == "101 fields"
            ? (0..<101).flatMap { ["-H", "X-\($0): v"] } : ["-H", "X-Big: " + String(repeating: "b", count: 17000)]
        let server = try TestServer.startTLS()
        defer { server.stop() }
        // Two requests on one connection: the 431, then a normal one on the same session.
        let result = try server.curlTLS(["--http2", "-w", "%{http_code}\n"] + headers + ["\(server.https)/hello", "--next",
                                         "--http2", "--cacert", TestCertificates.shared.caCertificate, "-w", "%{http_code} %{num_connects}\n",
                                         "\(server.https)/hello"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("request header fields exceed"))
        #expect(result.stdout.hasPrefix("request header fields exceed"))
        #expect(result.stdout.contains("431\n"))
        #expect(result.stdout.hasSuffix("ok200 0\n"))
        try stillServes(server)
    }

    /// `HTTPResponder.abort()` over HTTP/2 resets only the request's stream (INTERNAL_ERROR): the
    /// next request goes over the same connection.
    @Test func anAbortedRequestResetsItsStreamAndTheConnectionCarriesOn() throws {
        let server = try TestServer.startTLS()
        defer { server.stop() }
        let result = try server.curlTLS([
            "--http2", "-sS", "-w", "[%{http_code} %{num_connects}]", "\(server.https)/abort", "--next", "--cacert", TestCertificates.shared.caCertificate, "--http2", "-sS", "-w", "[%{http_code} %{num_connects}]",
            "\(server.https)/hello",
        ])
        #expect(result.stderr.contains("INTERNAL_ERROR"), "\(result.stderr)")
        #expect(result.stdout.hasSuffix("ok[200 0]"), "\(result.stdout)")
        #expect(server.server.statistics.http2StreamsTotal >= 2)
        #expect(server.server.statistics.acceptedConnectionsTotal == 1)
    }

    @Test func politeClientGetsSettingsWithStreamLimit() throws {
        let server = try TestServer.startTLS()
        defer { server.stop() }
        let result = try ProcessRunner.run("/usr/bin/nghttp", ["-nv", "\(server.https)/hello"], timeout: 30)
        #expect(result.status == 0)
        #expect(result.stdout.contains("SETTINGS_MAX_CONCURRENT_STREAMS(0x03):100"))
        #expect(result.stdout.contains(":status: 200"))
    }

    @Test func largeUploadFlowsThroughWindowUpdates() throws {
        let server = try TestServer.startTLS()
        defer { server.stop() }
        let size = 64 * 1024 * 1024
        var bytes = [UInt8](repeating: 0, count: size)
        var sum: UInt64 = 0
        for index in 0..<size {
            let byte = UInt8(truncatingIfNeeded: index &* 31 &+ index >> 13)
            bytes[index] = byte
            sum &+= UInt64(byte)
        }
        let path = try TestCertificates.makeTemporaryDirectory("upload") + "/body.bin"
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        let result = try server.curlTLS(["--http2", "--data-binary", "@\(path)", "-H", "content-type: application/octet-stream",
                                         "\(server.https)/large"], timeout: 120)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout == "\(size) \(sum)")
        try? FileManager.default.removeItem(atPath: path)
    }

    @Test func largeResponseIsSentUnderFlowControl() throws {
        let server = try TestServer.startTLS()
        defer { server.stop() }
        let directory = try TestCertificates.makeTemporaryDirectory("echo")
        let bytes = (0..<(6 * 1024 * 1024)).map { UInt8(truncatingIfNeeded: $0 &* 7 &+ $0 >> 11) }
        try Data(bytes).write(to: URL(fileURLWithPath: directory + "/in.bin"))
        let result = try server.curlTLS(["--http2", "--data-binary", "@\(directory)/in.bin", "-o", "\(directory)/out.bin",
                                         "\(server.https)/echo"], timeout: 120)
        #expect(result.status == 0, "\(result.stderr)")
        let echoed = try Data(contentsOf: URL(fileURLWithPath: directory + "/out.bin"))
        #expect(echoed.count == bytes.count)
        #expect(echoed == Data(bytes))
        try? FileManager.default.removeItem(atPath: directory)
    }

    @Test func bodyOverTheRouteLimitIsRefusedPerStream() throws {
        let server = try TestServer.startTLS()
        defer { server.stop() }
        // HEADERS declaring 5000 bytes and no DATA at all: the 413 must come before any body.
        let declared = try ProcessRunner.python(Self.declaredLengthScript,
                                                [String(server.port), TestCertificates.shared.caCertificate, "/small", "5000"])
        #expect(declared.stdout.contains("status=413"), "\(declared.stdout) \(declared.stderr)")
        // Without a content-length the limit is enforced as DATA arrives (413 or a reset).
        let streamed = try server.curlTLS(["--http2", "-o", "/dev/null", "-w", "%{http_code}", "-H", "transfer-encoding: chunked",
                                           "--data-binary", String(repeating: "y", count: 5000), "\(server.https)/small"])
        #expect(streamed.stdout == "413" || streamed.status != 0)
        #expect(server.server.statistics.protocolErrors4xxTotal >= 1)
        try stillServes(server)
    }

    /// Sends a request HEADERS frame with a content-length and no body; prints the answer.
    static let declaredLengthScript = #"""
import socket, ssl, sys
import h2.config, h2.connection, h2.events
port, cafile, path, length = int(sys.argv[1]), sys.argv[2], sys.argv[3], sys.argv[4]
ctx = ssl.create_default_context(cafile=cafile)
ctx.set_alpn_protocols(['h2'])
s = ctx.wrap_socket(socket.create_connection(('127.0.0.1', port), timeout=30), server_hostname='localhost')
conn = h2.connection.H2Connection(config=h2.config.H2Configuration(client_side=True))
conn.initiate_connection()
conn.send_headers(1, [(':method', 'POST'), (':scheme', 'https'), (':authority', 'localhost'), (':path', path),
                      ('content-length', length)])
s.sendall(conn.data_to_send())
status, reset = None, None
while status is None and reset is None:
    data = s.recv(65536)
    if not data:
        break
    for event in conn.receive_data(data):
        if isinstance(event, h2.events.ResponseReceived):
            status = dict(event.headers)[b':status'].decode()
        if isinstance(event, h2.events.StreamReset):
            reset = event.error_code
    s.sendall(conn.data_to_send())
print('status=%s reset=%s' % (status, reset))
"""#

    @Test func manyConcurrentStreamsAndAsyncResponses() throws {
        let server = try TestServer.startTLS()
        defer { server.stop() }
        let result = try ProcessRunner.run("/usr/bin/h2load", ["-n", "400", "-c", "2", "-m", "50",
                                                               "\(server.https)/async?ms=5"], timeout: 120)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("400 succeeded"))
        #expect(result.stdout.contains("status codes: 400 2xx"))
        let statistics = server.server.statistics
        #expect(statistics.http2StreamsTotal >= 400)
        #expect(statistics.http2StreamsOpen == 0)
    }
}
