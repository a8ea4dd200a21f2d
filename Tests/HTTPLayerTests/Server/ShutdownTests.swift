import TestSupport
import Foundation
import Logging
import Testing
@testable import HTTPLayer

@Suite struct ShutdownTests {
    @Test func gracefulShutdownFinishesAnInFlightHTTP11Response() throws {
        let server = try TestServer.start()
        let url = "\(server.http)/async?ms=1500"
        let request = Background { try? ProcessRunner.curl(["--http1.1", url]) }
        #expect(eventually { server.server.statistics.http1RequestsTotal >= 1 })
        server.server.shutdownGracefully()
        let result = try #require(request.wait() ?? nil)
        #expect(result.status == 0)
        #expect(result.stdout == "async GET after 1500 ms")
        // Nothing listens any more.
        let after = try ProcessRunner.curl(["\(server.http)/"])
        #expect(after.status != 0)
        #expect(server.server.statistics.openConnections == 0)
    }

    @Test func gracefulShutdownSendsGoawayAndFinishesH2Streams() throws {
        let server = try TestServer.startTLS()
        let url = "\(server.https)/async?ms=1500"
        let request = Background { try? ProcessRunner.run("/usr/bin/nghttp", ["-v", url], timeout: 60) }
        #expect(eventually { server.server.statistics.http2RequestsTotal >= 1 })
        server.server.shutdownGracefully()
        let result = try #require(request.wait() ?? nil)
        #expect(result.stdout.contains(":status: 200"))
        #expect(result.stdout.contains("async GET after 1500 ms"))
        #expect(result.stdout.contains("recv GOAWAY frame"))
        #expect(result.stdout.contains("error_code=NO_ERROR"))
    }

    @Test func idleKeepAliveConnectionsDoNotDelayShutdown() throws {
        let server = try TestServer.start { $0.shutdownGrace = .seconds(60) }
        let idle = try RawConnection(port: server.port)
        idle.send("GET / HTTP/1.1\r\nHost: x\r\n\r\n")
        #expect(idle.receiveResponse().hasSuffix("ok"))
        let started = Date()
        server.server.shutdownGracefully()
        // Far less than the 60 s grace: the idle connection is closed at once.
        #expect(Date().timeIntervalSince(started) < 30)
        #expect(idle.receive().closed)
    }

    @Test func sigtermShutsTheServerDown() throws {
        let server = try TestServer.start()
        var logger = Logger(label: "signals")
        logger.logLevel = .warning
        let signals = ShutdownSignals.install(for: [server.server], logger: logger)
        defer { signals.cancel() }
        let stopped = Background { server.server.waitUntilStopped(); return true }
        kill(getpid(), SIGTERM)
        #expect(stopped.wait(timeout: 60) == true)
    }

    /// Nothing of a stopped server outlives it: its loops, their connection registries and
    /// the acceptors (which point back at their registry) are freed. The acceptor cycle once
    /// kept every stopped server's loops alive, 64 KiB scratch buffer included (AddressSanitizer's
    /// leak check found it).
    @Test func aStoppedServerFreesItsLoopsAndRegistries() throws {
        weak var registry: LoopConnections?
        weak var loop: EventLoop?
        do {
            let server = try TestServer.start()
            let first = try #require(server.server.runningRegistries.first)
            registry = first
            loop = first.loop
            let idle = try RawConnection(port: server.port)
            idle.send("GET / HTTP/1.1\r\nHost: x\r\n\r\n")
            #expect(idle.receiveResponse().hasSuffix("ok"))
            server.stop()
        }
        #expect(registry == nil)
        #expect(loop == nil)
    }
}
