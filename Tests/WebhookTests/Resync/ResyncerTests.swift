import Foundation
import HTTPLayer
import Logging
import Model
import Store
import Synchronization
import Testing
import TestSupport

@testable import Webhook

/// The resync against a kube-apiserver stand-in on 127.0.0.1 (our HTTP layer over TLS, serving
/// LIST pages as kube-apiserver does: typed lists, `limit`/`continue`, a bearer token), with
/// the real webhook and a real store file.
@Suite(.serialized) struct ResyncerTests {
    static let token = "resync-test-token"

    /// Services as a LIST shows them, two pages; every other kind empty; all at resourceVersion 1000.
    /// The first `expiries` continued pages of Services are answered 410 Gone, as kube-apiserver
    /// answers a continue token whose snapshot was compacted.
    final class KubeAPI: HTTPHandler {
        let services: [String]
        let requests = Mutex<[String]>([])
        let expiries: Mutex<Int>

        init(services: [String], expiries: Int = 0) {
            self.services = services
            self.expiries = Mutex(expiries)
        }

        func handle(_ request: HTTPRequest, responder: HTTPResponder) {
            requests.withLock { $0.append(request.path + "?" + (request.query ?? "")) }
            guard request.headers["Authorization"] == "Bearer \(ResyncerTests.token)" else {
                responder.respond(.json(status: 401, #"{"kind":"Status","apiVersion":"v1","status":"Failure","reason":"Unauthorized","code":401}"#))
                return
            }
            let kinds = [
                "/api/v1/nodes": "NodeList", "/api/v1/pods": "PodList", "/api/v1/services": "ServiceList", "/api/v1/endpoints": "EndpointsList",
                "/apis/discovery.k8s.io/v1/endpointslices": "EndpointSliceList",
            ]
            guard let kind = kinds[request.path] else {
                responder.respond(.json(status: 404, #"{"kind":"Status","code":404}"#))
                return
            }
            var items: [String] = []
            var next = ""
            if kind == "ServiceList" {
                // The first page ends with a continue token (base64-like: it must come back escaped).
                if request.queryItem("continue") == nil {
                    items = Array(services.prefix(1))
                    next = "eyJ2IjoxfQ+/="
                } else if expiries.withLock({ left in
                    defer { left = max(0, left - 1) }
                    return left > 0
                }) {
                    responder.respond(
                        .json(status: 410, #"{"kind":"Status","apiVersion":"v1","status":"Failure","reason":"Expired","code":410,"message":"The provided continue parameter is too old to display a consistent list result."}"#))
                    return
                } else {
                    items = Array(services.dropFirst())
                }
            }
            responder.respond(
                .json(#"{"kind":"\#(kind)","apiVersion":"v1","metadata":{"resourceVersion":"1000","continue":"\#(next)"},"items":[\#(items.joined(separator: ","))]}"#))
        }
    }

    /// The kubewarden Service fixture's object under another name, uid and resourceVersion.
    static func service(_ name: String, uid: String, resourceVersion: String, clusterIP: String) throws -> String {
        let review = try JSONDecoder().decode(JSONValue.self, from: try Fixtures.data("admissionreview/kubewarden-service-clusterip.create.request.json"))
        guard case .object(let request) = review, case .object(var object)? = request["object"], case .object(var metadata)? = object["metadata"],
            case .object(var spec)? = object["spec"]
        else { throw TestFailure("the fixture has no object") }
        metadata["name"] = .string(name)
        metadata["uid"] = .string(uid)
        metadata["resourceVersion"] = .string(resourceVersion)
        spec["clusterIP"] = .string(clusterIP)
        spec["clusterIPs"] = .array([.string(clusterIP)])
        object["metadata"] = .object(metadata)
        object["spec"] = .object(spec)
        object["kind"] = nil
        object["apiVersion"] = nil
        return String(decoding: JSONValue.object(object).bytes, as: UTF8.self)
    }

    /// A fresh make-certs.sh --dev directory (CA, a serving certificate for 127.0.0.1).
    static func certificates() throws -> String {
        let certs = NSTemporaryDirectory() + "resync-certs-\(UUID().uuidString)"
        let script = Fixtures.repositoryRoot.appendingPathComponent("certs/make-certs.sh").path
        let made = try ProcessRunner.run("/bin/bash", [script, "generate", certs, "--dev"], timeout: 120)
        guard made.status == 0 else { throw TestFailure("make-certs.sh: \(made.stderr)") }
        return certs
    }

    struct Setup {
        let directory: String
        let certs: String
        let store: String
        let tokenFile: String
        let api: TestAPIServer
    }

    /// Certificates, a store holding `default/gone` (resourceVersion 800, older than the listing)
    /// and `default/newer` (1500, written after it), and the stand-in serving `listed-a` and `listed-b`.
    static func setUp(expiries: Int = 0) async throws -> Setup {
        let directory = NSTemporaryDirectory() + "resync-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let certs = try certificates()
        let tokenFile = directory + "/token"
        try (token + "\n").write(toFile: tokenFile, atomically: true, encoding: .utf8)
        let storePath = directory + "/store.sqlite"
        do {
            let store = try Store(path: storePath)
            let committer = GroupCommitter(store: store)
            defer { committer.shutdown() }
            var events: [AuditEvent] = []
            for (name, uid, version, ip) in [("gone", "uid-gone", "800", "10.43.0.20"), ("newer", "uid-newer", "1500", "10.43.0.21")] {
                let object = try KubernetesJSON.decodeObject(.service, from: Data(try service(name, uid: uid, resourceVersion: version, clusterIP: ip).utf8))
                var reference = ObjectReference(resource: "services", namespace: "default", name: name, resourceVersion: version)
                reference.uid = uid
                events.append(AuditEvent(auditID: "seed-\(name)", verb: "create", objectRef: reference, responseObject: [object]))
            }
            let report = try await committer.submit(AuditEventList(items: events))
            #expect(report.events[.applied] == 2)
        }
        let services = [
            try service("listed-a", uid: "uid-a", resourceVersion: "900", clusterIP: "10.43.0.10"),
            try service("listed-b", uid: "uid-b", resourceVersion: "950", clusterIP: "10.43.0.11"),
        ]
        let api = try TestAPIServer.start(handler: KubeAPI(services: services, expiries: expiries), certs: certs)
        return Setup(directory: directory, certs: certs, store: storePath, tokenFile: tokenFile, api: api)
    }

    static func webhook(_ setup: Setup, tokenFile: String) throws -> ChildProcess {
        try ChildProcess("midonet-webhook", [
            "serve", "--listen", "127.0.0.1:0", "--tls-cert-file", setup.certs + "/tls.crt", "--tls-private-key-file", setup.certs + "/tls.key",
            "--store", setup.store, "--kube-api-server", "https://127.0.0.1:\(setup.api.port)", "--kube-token-file", tokenFile,
            "--kube-ca-file", setup.certs + "/ca.crt", "--resync-interval", "1",
        ])
    }

    /// The Services `setUp` stores, and what a complete resync leaves of them with the listing.
    static let seeded: [String: String?] = ["default/gone": "800", "default/newer": "1500"]
    static let resynced: [String: String?] = ["default/listed-a": "900", "default/listed-b": "950", "default/newer": "1500"]

    /// The requests the stand-in received, `path?query`, in order.
    static func requests(_ setup: Setup) -> [String] { (setup.api.handler as? KubeAPI)?.requests.withLock { $0 } ?? [] }

    static func storedServices(_ path: String) throws -> [String: String?] {
        let store = try Store(path: path)
        return Dictionary(uniqueKeysWithValues: try store.liveObjectVersions(of: .service).map { ($0.key, $0.resourceVersion) })
    }

    @Test func listedObjectsAreStoredAndWhatTheListingLacksIsDeletedUnlessNewer() async throws {
        let setup = try await Self.setUp()
        defer { setup.api.stop() }
        let child = try Self.webhook(setup, tokenFile: setup.tokenFile)
        let port = try #require(child.listeningPort(), "no port reported: \(child.output)")
        let converged = ChildProcess.eventually(timeout: 60) { (try? Self.storedServices(setup.store)) == Self.resynced }
        #expect(converged, "store: \(String(describing: try? Self.storedServices(setup.store))); webhook: \(child.output)")
        // The store holds the Services before the round ends: the other kinds are listed after.
        #expect(ChildProcess.eventually(timeout: 60) { child.output.contains("resync done") }, "\(child.output)")
        // Both pages were read, the continue token escaped.
        let requests = Self.requests(setup)
        #expect(requests.contains("/api/v1/services?limit=500&continue=eyJ2IjoxfQ%2B%2F%3D"), "\(requests)")
        let metrics = try ProcessRunner.curl(["--cacert", setup.certs + "/ca.crt", "https://127.0.0.1:\(port)/metrics"]).stdout
        #expect(metrics.contains(#"midonet_webhook_resync_rounds_total{outcome="complete"}"#), "\(metrics)")
        #expect(metrics.contains(#"midonet_webhook_resync_events_total{kind="Service",outcome="applied"}"#), "\(metrics)")
        #expect(child.stop(signal: SIGTERM, timeout: 30) == 0)
    }

    @Test func anExpiredContinueTokenStartsTheListingAgain() async throws {
        let setup = try await Self.setUp(expiries: 2)
        defer { setup.api.stop() }
        let child = try Self.webhook(setup, tokenFile: setup.tokenFile)
        _ = try #require(child.listeningPort(), "no port reported: \(child.output)")
        #expect(ChildProcess.eventually(timeout: 60) { (try? Self.storedServices(setup.store)) == Self.resynced }, "\(child.output)")
        // The first round read the first page three times: the start, and after each 410.
        let requests = Self.requests(setup)
        let firstPages = requests.prefix { $0 != "/api/v1/endpoints?limit=500" }.filter { $0 == "/api/v1/services?limit=500" }
        #expect(firstPages.count == 3, "\(requests)")
        #expect(!child.output.contains("resync incomplete"), "\(child.output)")
        #expect(child.stop(signal: SIGTERM, timeout: 30) == 0)
    }

    @Test func aContinueTokenThatKeepsExpiringFailsTheKindAndSaysWhy() async throws {
        let setup = try await Self.setUp(expiries: 1_000)
        defer { setup.api.stop() }
        let child = try Self.webhook(setup, tokenFile: setup.tokenFile)
        _ = try #require(child.listeningPort(), "no port reported: \(child.output)")
        #expect(ChildProcess.eventually(timeout: 60) { child.output.contains("resync incomplete") }, "\(child.output)")
        #expect(child.output.contains("the continue token expired 3 times"), "\(child.output)")
        // Nothing of the unfinished listing was applied, and no delete was offered from it.
        #expect(try Self.storedServices(setup.store) == Self.seeded)
        #expect(child.stop(signal: SIGTERM, timeout: 30) == 0)
    }

    @Test func aRefusedListingChangesNothingAndSaysWhy() async throws {
        let setup = try await Self.setUp()
        defer { setup.api.stop() }
        let wrongToken = setup.directory + "/wrong-token"
        try "not-the-token\n".write(toFile: wrongToken, atomically: true, encoding: .utf8)
        let child = try Self.webhook(setup, tokenFile: wrongToken)
        _ = try #require(child.listeningPort(), "no port reported: \(child.output)")
        #expect(ChildProcess.eventually(timeout: 60) { child.output.contains("resync incomplete") }, "\(child.output)")
        #expect(child.output.contains("HTTP 401"), "\(child.output)")
        #expect(try Self.storedServices(setup.store) == Self.seeded)
        #expect(child.stop(signal: SIGTERM, timeout: 30) == 0)
    }

    @Test(arguments: [
        (["--kube-api-server", "http://127.0.0.1:6443"], "--kube-api-server must be an https:// URL"),
        (["--kube-api-server", "https://127.0.0.1:6443", "--kube-ca-file", "/nonexistent/ca.crt"], "CA file /nonexistent/ca.crt"),
        (["--kube-api-server", "https://127.0.0.1:6443", "--resync-interval", "0"], "--resync-interval must be at least 1 second"),
    ])
    func aResyncThatCannotRunIsRefusedAtStart(flags: [String], message: String) throws {
        let certs = try Self.certificates()
        let child = try ChildProcess("midonet-webhook", [
            "serve", "--listen", "127.0.0.1:0", "--tls-cert-file", certs + "/tls.crt", "--tls-private-key-file", certs + "/tls.key",
            "--store", NSTemporaryDirectory() + "resync-\(UUID().uuidString).sqlite",
        ] + flags)
        #expect(ChildProcess.eventually(timeout: 30) { !child.process.isRunning })
        #expect(child.process.terminationStatus != 0)
        #expect(child.output.contains(message), "\(child.output)")
        #expect(!child.output.contains("serving"), "\(child.output)")
    }
}

/// Our HTTP server over TLS on 127.0.0.1 with `handler`, the certificate make-certs.sh made.
struct TestAPIServer {
    let server: HTTPServer
    let handler: any HTTPHandler
    var port: Int { server.boundPort }

    static func start(handler: any HTTPHandler, certs: String) throws -> TestAPIServer {
        let tls = TLSConfiguration(certificateFile: certs + "/tls.crt", privateKeyFile: certs + "/tls.key", clientCAFile: nil)
        var logger = Logger(label: "kube-api-stand-in")
        logger.logLevel = .warning
        let server = try HTTPServer(configuration: ServerConfiguration(host: "127.0.0.1", port: 0, tls: tls, loops: 1), handler: handler, logger: logger)
        try server.start()
        return TestAPIServer(server: server, handler: handler)
    }

    func stop() { server.shutdownGracefully() }
}

/// The events a listing makes, in-process (no kube-apiserver needed): which deletes are offered.
@Suite struct ResyncerEventTests {
    /// A Resyncer over a fresh store holding the Node `n-old` (resourceVersion 5) and the Service
    /// `default/s-old` (7).
    static func resyncer() async throws -> (Resyncer, GroupCommitter) {
        let store = try Store(path: NSTemporaryDirectory() + "resync-events-\(UUID().uuidString).sqlite")
        let committer = GroupCommitter(store: store)
        let node = try KubernetesJSON.decodeObject(.node, from: Data(#"{"metadata":{"name":"n-old","uid":"u-n","resourceVersion":"5"}}"#.utf8))
        let service = try KubernetesJSON.decodeObject(
            .service, from: Data(#"{"metadata":{"name":"s-old","namespace":"default","uid":"u-s","resourceVersion":"7"},"spec":{"clusterIP":"10.43.0.5","ports":[{"port":80,"protocol":"TCP"}]}}"#.utf8))
        var nodeReference = ObjectReference(resource: "nodes", name: "n-old", resourceVersion: "5")
        nodeReference.uid = "u-n"
        var serviceReference = ObjectReference(resource: "services", namespace: "default", name: "s-old", resourceVersion: "7")
        serviceReference.uid = "u-s"
        _ = try await committer.submit(AuditEventList(items: [
            AuditEvent(auditID: "seed-node", verb: "create", objectRef: nodeReference, responseObject: [node]),
            AuditEvent(auditID: "seed-service", verb: "create", objectRef: serviceReference, responseObject: [service]),
        ]))
        let lister = KubernetesLister(server: "https://127.0.0.1:1", tokenFile: nil, client: try HTTPClient())
        var logger = Logger(label: "resync-events")
        logger.logLevel = .critical
        return (Resyncer(lister: lister, committer: committer, store: store, logger: logger, metrics: WebhookMetrics()), committer)
    }

    @Test(arguments: [("10", 1), (nil as String?, 0), ("not-a-revision", 0)])
    func deletesAreOfferedOnlyAgainstAnOrderedListing(listVersion: String?, deletes: Int) async throws {
        let (resyncer, committer) = try await Self.resyncer()
        defer { committer.shutdown() }
        let made = try resyncer.events(for: .service, listing: .init(items: [], resourceVersion: listVersion))
        #expect(made.deletes == deletes)
        #expect(made.all.count == deletes)
        if let delete = made.all.first {
            #expect(delete.verb == "delete")
            #expect(delete.objectRef?.namespace == "default")
            #expect(delete.objectRef?.name == "s-old")
            #expect(delete.objectRef?.uid == "u-s")
            #expect(delete.objectRef?.resourceVersion == "10")
        }
    }

    @Test func aClusterScopedObjectIsMatchedByNameAndListedObjectsAreUpdates() async throws {
        let (resyncer, committer) = try await Self.resyncer()
        defer { committer.shutdown() }
        let listed = try KubernetesJSON.decodeObject(.node, from: Data(#"{"metadata":{"name":"n-old","uid":"u-n","resourceVersion":"9"}}"#.utf8))
        let made = try resyncer.events(for: .node, listing: .init(items: [listed], resourceVersion: "10"))
        #expect(made.deletes == 0)
        #expect(made.all.map(\.verb) == ["update"])
        #expect(made.all.first?.auditID == "resync/u-n/9")
        #expect(made.all.first?.objectRef?.namespace == nil)
        // Submitted, the newer listed state replaces the stored one.
        let report = try await committer.submit(AuditEventList(items: made.all))
        #expect(report.events[.applied] == 1)
    }

    @Test(arguments: [(ObjectKind.service, "/api/v1/services"), (.node, "/api/v1/nodes"), (.endpointSlice, "/apis/discovery.k8s.io/v1/endpointslices")])
    func collectionPaths(kind: ObjectKind, path: String) {
        #expect(KubernetesLister.path(of: kind) == path)
    }

    @Test func continueTokensAreEscapedForAQuery() {
        #expect(KubernetesLister.queryEncoded("eyJ2IjoxfQ+/=") == "eyJ2IjoxfQ%2B%2F%3D")
        #expect(KubernetesLister.queryEncoded("a-b_c.d~e") == "a-b_c.d~e")
    }
}
