import TestSupport
import Foundation
import Testing
@testable import HTTPLayer

@Suite struct HTTP1ServerTests {
    @Test func curlGetsAndPostsOverPlainHTTP() throws {
        let server = try TestServer.start()
        defer { server.stop() }
        let get = try ProcessRunner.curl(["--http1.1", "\(server.http)/hello"])
        #expect(get.status == 0)
        #expect(get.stdout == "ok")
        let post = try ProcessRunner.curl(["--http1.1", "-X", "POST", "--data-binary", "hello body", "\(server.http)/echo"])
        #expect(post.stdout == "hello body")
        #expect(server.server.statistics.http1RequestsTotal == 2)
    }

    /// `HTTPResponder.abort()` over HTTP/1.1: the connection is reset, no status is sent, and the
    /// server goes on serving.
    @Test(arguments: [false, true]) func anAbortedRequestResetsItsConnection(tls: Bool) throws {
        let server = tls ? try TestServer.startTLS() : try TestServer.start()
        defer { server.stop() }
        let base = tls ? server.https : server.http
        let aborted = try server.curlTLS(["--http1.1", "-sS", "-w", "%{http_code}", "\(base)/abort"])
        #expect(aborted.status == 56, "curl: \(aborted.status) \(aborted.stderr)")
        #expect(aborted.stderr.contains("reset by peer"), "\(aborted.stderr)")
        #expect(aborted.stdout == "000")
        let after = try server.curlTLS(["--http1.1", "\(base)/hello"])
        #expect(after.stdout == "ok")
        #expect(ChildProcess.eventually(timeout: 10) { server.server.statistics.openConnections == 0 })
    }

    @Test func keepAliveCarriesSeveralRequestsOnOneConnection() throws {
        let server = try TestServer.start()
        defer { server.stop() }
        // After each body, curl's count of connections it opened for that transfer.
        let result = try ProcessRunner.curl(["--http1.1", "-v", "-w", "%{num_connects}", "\(server.http)/a", "\(server.http)/b", "\(server.http)/c"])
        #expect(result.stdout == "ok1ok0ok0")
        #expect(result.stderr.contains("Re-using existing connection") || result.stderr.contains("Reusing existing"))
    }

    @Test func pipelinedRequestsAreAnsweredInOrder() throws {
        let server = try TestServer.start()
        defer { server.stop() }
        let connection = try RawConnection(port: server.port)
        connection.send("POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n\r\nfirstGET /async?ms=200 HTTP/1.1\r\nHost: x\r\n\r\nPOST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nConnection: close\r\n\r\nthird")
        let (text, closed) = connection.receive()
        #expect(closed)
        let first = try #require(text.range(of: "first"))
        let second = try #require(text.range(of: "async GET after 200 ms"))
        let third = try #require(text.range(of: "third"))
        #expect(first.lowerBound < second.lowerBound && second.lowerBound < third.lowerBound)
        #expect(text.components(separatedBy: "HTTP/1.1 200 OK").count == 4)
    }

    @Test func oversizedContentLengthGets413BeforeTheBodyIsSent() throws {
        let server = try TestServer.start()
        defer { server.stop() }
        let connection = try RawConnection(port: server.port)
        connection.send("POST /small HTTP/1.1\r\nHost: x\r\nContent-Length: 100000\r\n\r\n")
        let (text, closed) = connection.receive()
        #expect(text.hasPrefix("HTTP/1.1 413 "))
        #expect(closed)
        #expect(server.server.statistics.protocolErrors4xxTotal == 1)
    }

    @Test func expectContinueIsHonoured() throws {
        let server = try TestServer.start()
        defer { server.stop() }
        let connection = try RawConnection(port: server.port)
        connection.send("POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nExpect: 100-continue\r\n\r\n")
        let interim = connection.receive { $0.contains("\r\n\r\n") }.text
        #expect(interim == "HTTP/1.1 100 Continue\r\n\r\n")
        connection.send("hello")
        let response = connection.receiveResponse()
        #expect(response.hasPrefix("HTTP/1.1 200 OK"))
        #expect(response.hasSuffix("\r\n\r\nhello"))
    }

    @Test func chunkedRequestBodyIsDecoded() throws {
        let server = try TestServer.start()
        defer { server.stop() }
        let connection = try RawConnection(port: server.port)
        connection.send("POST /echo HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n6\r\nhello \r\n5\r\nworld\r\n0\r\n\r\n")
        let response = connection.receiveResponse()
        #expect(response.contains("x-body-length: 11"))
        #expect(response.hasSuffix("hello world"))
    }

    static let refused: [(String, String)] = [
        ("POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n", "400"),
        ("POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nContent-Length: 7\r\n\r\nhello", "400"),
        ("GET / HTTP/1.1\r\nHost: x\r\nX-Folded: a\r\n b\r\n\r\n", "400"),
        ("GET / HTTP/1.1\nHost: x\n\n", "400"),
        ("GET / HTTP/1.1\r\nHost: x\r\n" + (0..<101).map { "X-\($0): v\r\n" }.joined() + "\r\n", "431"),
        ("GET / HTTP/1.1\r\nHost: x\r\nX-Big: " + String(repeating: "b", count: 17000) + "\r\n\r\n", "431"),
        ("POST /small HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n800\r\n", "413"),
    ]

    @Test(arguments: refused)
    func malformedRequestsAreRefusedAndTheConnectionClosed(_ request: String, _ status: String) throws {
        let server = try TestServer.start()
        defer { server.stop() }
        let connection = try RawConnection(port: server.port)
        connection.send(request)
        let (text, closed) = connection.receive()
        #expect(text.hasPrefix("HTTP/1.1 \(status) "))
        #expect(text.lowercased().contains("connection: close"))
        #expect(closed)
    }

    @Test func slowlorisConnectionIsClosedAfterTheHeaderTimeout() throws {
        let server = try TestServer.start { $0.headerReadTimeout = .seconds(1) }
        defer { server.stop() }
        let connection = try RawConnection(port: server.port, receiveTimeout: 20)
        connection.send("GET / HTTP/1.1\r\nHost: x\r\nX-Slow: ")
        let (text, closed) = connection.receive()
        #expect(closed)
        #expect(text.isEmpty)
        // A well-behaved client is still served.
        #expect(try ProcessRunner.curl(["\(server.http)/"]).stdout == "ok")
    }

    @Test func responseFromAnotherThreadIsWrittenOnTheLoop() throws {
        let server = try TestServer.start()
        defer { server.stop() }
        let result = try ProcessRunner.curl(["--http1.1", "\(server.http)/async?ms=300", "\(server.http)/async?ms=10"])
        #expect(result.stdout == "async GET after 300 msasync GET after 10 ms")
    }

    @Test func halfClosedClientStillGetsItsAsyncResponse() throws {
        let server = try TestServer.start()
        defer { server.stop() }
        let connection = try RawConnection(port: server.port)
        connection.send("GET /async?ms=300 HTTP/1.1\r\nHost: x\r\n\r\n")
        connection.shutdownWrite()
        let (text, closed) = connection.receive()
        #expect(text.hasPrefix("HTTP/1.1 200 OK"))
        #expect(text.hasSuffix("async GET after 300 ms"))
        #expect(closed)
    }

    @Test func droppedResponderIsAnswered500() throws {
        let server = try TestServer.start()
        defer { server.stop() }
        let result = try ProcessRunner.curl(["-o", "/dev/null", "-w", "%{http_code}", "\(server.http)/drop"])
        #expect(result.stdout == "500")
    }

    @Test func http10KeepAliveIsAnnouncedAndHonoured() throws {
        let server = try TestServer.start()
        defer { server.stop() }
        let connection = try RawConnection(port: server.port)
        connection.send("GET /a HTTP/1.0\r\nConnection: keep-alive\r\n\r\n")
        let first = connection.receiveResponse()
        #expect(first.contains("connection: keep-alive\r\n"))
        connection.send("GET /b HTTP/1.0\r\n\r\n")
        let (second, closed) = connection.receive()
        #expect(second.hasPrefix("HTTP/1.1 200 OK"))
        #expect(second.contains("connection: close\r\n"))
        #expect(closed)
    }

    @Test func headRequestsGetNoBody() throws {
        let server = try TestServer.start()
        defer { server.stop() }
        let connection = try RawConnection(port: server.port)
        connection.send("HEAD /hello HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
        let (text, closed) = connection.receive()
        #expect(closed)
        #expect(text.contains("content-length: 2\r\n"))
        #expect(text.hasSuffix("\r\n\r\n"))
    }
}

@Suite struct HTTP1StallTests {
    @Test func peerThatStopsReadingIsDropped() throws {
        let server = try TestServer.start { $0.idleTimeout = .seconds(1) }
        defer { server.stop() }
        let connection = try RawConnection(port: server.port)
        // Small receive buffer and many large pipelined responses the client never reads.
        var size: Int32 = 4096
        setsockopt(connection.fd, SOL_SOCKET, SO_RCVBUF, &size, socklen_t(MemoryLayout<Int32>.size))
        let body = String(repeating: "z", count: 1_000_000)
        for _ in 0..<8 {
            connection.send("POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: \(body.utf8.count)\r\n\r\n\(body)")
        }
        #expect(eventually(timeout: 60) { server.server.statistics.openConnections == 0 })
    }
}
