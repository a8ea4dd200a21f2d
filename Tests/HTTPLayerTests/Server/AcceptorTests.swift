import Foundation
import Synchronization
import TestSupport
import Testing
@testable import HTTPLayer

@Suite struct AcceptorTests {
    /// Whatever way the kernel hashes connections over the listeners, the loops end up with
    /// the same number of them (to one), and every connection works.
    @Test func connectionsAreSpreadEvenlyOverTheLoops() throws {
        let server = try TestServer.start()
        defer { server.stop() }
        var connections: [RawConnection] = []
        for _ in 0..<20 {
            let connection = try RawConnection(port: server.port)
            connection.send("GET / HTTP/1.1\r\nHost: x\r\n\r\n")
            #expect(connection.receiveResponse().hasSuffix("ok"))
            connections.append(connection)
        }
        let registries = server.server.runningRegistries
        #expect(registries.count == 2)
        let loads = registries.map { $0.load.load(ordering: .relaxed) }
        #expect(loads.reduce(0, +) == 20)
        #expect(abs(loads[0] - loads[1]) <= 1, "\(loads)")
        // Closed connections leave their loop's count.
        connections.removeAll()
        #expect(eventually { registries.allSatisfy { $0.load.load(ordering: .relaxed) == 0 } })
    }
}
