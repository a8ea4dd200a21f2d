import TestSupport
import Foundation
import Testing
@testable import HTTPLayer

@Suite struct IdleConnectionTests {
    func threadCount() -> Int {
        (try? FileManager.default.contentsOfDirectory(atPath: "/proc/self/task").count) ?? -1
    }

    @Test func thousandIdleKeepAliveConnectionsCostNoThreads() throws {
        let server = try TestServer.start()
        defer { server.stop() }
        let threadsBefore = threadCount()
        var connections: [RawConnection] = []
        for _ in 0..<1000 {
            let connection = try RawConnection(port: server.port)
            connection.send("GET / HTTP/1.1\r\nHost: x\r\n\r\n")
            connections.append(connection)
        }
        for connection in connections {
            #expect(connection.receiveResponse().hasSuffix("ok"))
        }
        #expect(server.server.statistics.openConnections == 1000)
        // Other suites run in parallel and start threads of their own; a thread per connection
        // would add a thousand.
        #expect(threadCount() < threadsBefore + 200)
        // Still serving, and each idle connection still works.
        #expect(try ProcessRunner.curl(["\(server.http)/"]).stdout == "ok")
        connections[500].send("GET /again HTTP/1.1\r\nHost: x\r\n\r\n")
        #expect(connections[500].receiveResponse().hasSuffix("ok"))
        connections.removeAll()
        #expect(eventually { server.server.statistics.openConnections == 0 })
    }
}
