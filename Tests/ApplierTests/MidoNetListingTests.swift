import Foundation
import HTTPLayer
import Logging
import Model
import Store
import TestSupport
import Testing

@testable import Applier

/// `MidoNetTransport.forEachListed` against a real HTTP server on loopback answering what a
/// broken MidoNet (or something else at its address) might: a listing that cannot be read is
/// an error, never an empty listing, so neither the snapshot nor drift repair takes it for
/// "MidoNet has nothing".
@Suite struct MidoNetListingTests {
    /// Answers by path: `/ok` two elements, `/gone` 404, `/object` a JSON object, `/busy` 503,
    /// anything else 200 with text that is not JSON.
    struct BrokenMidoNet: HTTPHandler {
        func handle(_ request: HTTPRequest, responder: HTTPResponder) {
            switch request.path {
            case "/midonet-api/ok": responder.respond(.json(#"[{"id":"a"}, {"id":"b"}]"#))
            case "/midonet-api/gone": responder.respond(.json(status: 404, #"{"message":"not found","code":404}"#))
            case "/midonet-api/object": responder.respond(.json(#"{"id":"a"}"#))
            case "/midonet-api/busy": responder.respond(.json(status: 503, #"{"message":"try later","code":503}"#))
            default: responder.respond(.text("<html>proxy error</html>"))
            }
        }
    }

    static func withServer(_ body: (MidoNetClient) async throws -> Void) async throws {
        var logger = Logger(label: "broken-midonet")
        logger.logLevel = .warning
        let server = try HTTPServer(configuration: ServerConfiguration(host: "127.0.0.1", port: 0, loops: 1), handler: BrokenMidoNet(), logger: logger)
        try server.start()
        defer { server.shutdownGracefully() }
        let client = try MidoNetClient(baseURL: "http://127.0.0.1:\(server.boundPort)/midonet-api", caFile: nil, credentials: nil)
        defer { client.shutdown() }
        try await body(client)
    }

    @Test func elementsComeOneByOneAndA404ListsNothing() async throws {
        try await Self.withServer { client in
            var ids: [String] = []
            try await client.forEachListed("/ok", .chain) { ids.append($0["id"]?.stringValue ?? "") }
            #expect(ids == ["a", "b"])
            try await client.forEachListed("/gone", .chain) { _ in Issue.record("a 404 listed something") }
        }
    }

    @Test(arguments: [("/text", "not JSON"), ("/object", "not a JSON array"), ("/busy", "try later")])
    func anUnreadableListingIsAnError(path: String, message: String) async throws {
        try await Self.withServer { client in
            do {
                try await client.forEachListed(path, .chain) { _ in Issue.record("\(path) listed something") }
                Issue.record("\(path) listed without an error")
            } catch {
                #expect("\(error)".contains(message), "\(error)")
            }
        }
    }

    /// The snapshot the validator checks against is kept when MidoNet's answer cannot be read
    /// (it was replaced by an empty one: every Service's address looked free).
    @Test func aRefreshFromAnUnreadableListingKeepsTheLastSnapshot() async throws {
        let directory = try TemporaryDirectory(prefix: "listing")
        let store = try Store(path: directory.path("store.sqlite"))
        let rule = SnapshotRule(
            id: UUID(), chainId: GlobalIDs().servicesChain, nwDst: IPv4Prefix(address: IPv4Address("10.43.0.5")!, length: 32), nwProto: 6,
            tpDst: 80...80, jumpChainName: "svc")
        try store.replaceSnapshot(MidoNetSnapshot(routes: [], serviceRules: [rule], hosts: [], takenAt: Date()))
        try await Self.withServer { client in
            let refresher = SnapshotRefresher(transport: client, ids: GlobalIDs(), store: store)
            await #expect(throws: MidoNetError.self) { try await refresher.refresh() }
        }
        #expect(try store.snapshot().serviceRules == [rule])
    }
}
