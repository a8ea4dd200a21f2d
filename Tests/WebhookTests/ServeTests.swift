import Foundation
import Model
import TestSupport
import Testing

/// `midonet-webhook serve` as a real process over real sockets, with certificates from our own
/// certs/make-certs.sh and curl as the peer (HTTP/1.1 as kube-apiserver's admission client, h2
/// as its audit backend).
@Suite(.serialized) struct ServeTests {
    /// One webhook for the suite.
    final class Webhook: Sendable {
        let child: ChildProcess
        let url: String
        let certs: String
        let store: String

        init() throws {
            let directory = NSTemporaryDirectory() + "webhook-serve-\(UUID().uuidString)"
            certs = directory + "/certs"
            store = directory + "/store.sqlite"
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
            let script = Fixtures.repositoryRoot.appendingPathComponent("certs/make-certs.sh").path
            let made = try ProcessRunner.run("/bin/bash", [script, "generate", certs, "--dev"], timeout: 120)
            guard made.status == 0 else { throw TestFailure("make-certs.sh: \(made.stderr)") }
            let other = try ProcessRunner.run("/bin/bash", [script, "generate", directory + "/other", "--dev"], timeout: 120)
            guard other.status == 0 else { throw TestFailure("make-certs.sh: \(other.stderr)") }
            child = try ChildProcess("midonet-webhook", [
                "serve", "--listen", "127.0.0.1:0", "--tls-cert-file", certs + "/tls.crt", "--tls-private-key-file", certs + "/tls.key",
                "--client-ca-file", certs + "/ca.crt", "--store", store, "--validate-max-body-bytes", "1048576",
            ])
            guard let port = child.listeningPort() else { throw TestFailure("webhook did not report its port: \(child.output)") }
            url = "https://127.0.0.1:\(port)"
            let up = ChildProcess.eventually(timeout: 60) { (try? curl(["\(url)/readyz"]).stdout) == "ok\n" }
            guard up else { throw TestFailure("webhook did not become ready: \(child.output)") }
        }

        func curl(_ arguments: [String], client: Bool = false, clientFrom: String? = nil) throws -> ProcessResult {
            var args = ["--cacert", certs + "/ca.crt"]
            if let from = clientFrom ?? (client ? certs : nil) { args += ["--cert", from + "/audit-client.crt", "--key", from + "/audit-client.key"] }
            return try ProcessRunner.curl(args + arguments, timeout: 30)
        }

        /// `curl -w '%{http_code}'` with the body to a file: (status, body).
        func exchange(_ method: String, _ path: String, body: String? = nil, http2: Bool = false, client: Bool = false, clientFrom: String? = nil) throws -> (Int, String) {
            let output = NSTemporaryDirectory() + "curl-\(UUID().uuidString)"
            defer { try? FileManager.default.removeItem(atPath: output) }
            var args = [http2 ? "--http2" : "--http1.1", "-X", method, "-o", output, "-w", "%{http_code}", "-H", "Content-Type: application/json"]
            if let body {
                let file = output + ".in"
                try body.write(toFile: file, atomically: true, encoding: .utf8)
                args += ["--data-binary", "@" + file]
            }
            let result = try curl(args + [url + path], client: client, clientFrom: clientFrom)
            return (Int(result.stdout) ?? 0, (try? String(contentsOfFile: output, encoding: .utf8)) ?? "")
        }
    }

    static let webhook = Result { try Webhook() }

    func json(_ text: String) throws -> JSONValue { try JSONDecoder().decode(JSONValue.self, from: Data(text.utf8)) }

    @Test(arguments: [false, true])
    func realServiceReviewIsAllowedWithTheSameUID(http2: Bool) throws {
        let webhook = try Self.webhook.get()
        let review = String(decoding: try Fixtures.review("kubewarden-service-clusterip.create.request.json"), as: UTF8.self)
        let (status, body) = try webhook.exchange("POST", "/validate?timeout=10s", body: review, http2: http2)
        #expect(status == 200)
        let answer = try json(body)
        #expect(answer["apiVersion"] == "admission.k8s.io/v1")
        #expect(answer["response"]?["uid"] == "1299d386-525b-4032-98ae-1949f69f9cfc")
        #expect(answer["response"]?["allowed"] == true)
    }

    @Test func auditedNodeMakesAnExternalIPInItsPodCIDRDenied() throws {
        let webhook = try Self.webhook.get()
        let batch = try String(contentsOf: Fixtures.repositoryRoot.appendingPathComponent("examples/demo/01-nodes.json"), encoding: .utf8)
        let (status, _) = try webhook.exchange("POST", "/audit?timeout=30s", body: batch, http2: true, client: true)
        #expect(status == 200)
        let review = try String(contentsOf: Fixtures.repositoryRoot.appendingPathComponent("examples/demo/review-denied.json"), encoding: .utf8)
        var message = ""
        let denied = try ChildProcess.eventually(timeout: 60) {
            let (_, body) = try webhook.exchange("POST", "/validate", body: review)
            message = try json(body)["response"]?["status"]?["message"]?.stringValue ?? ""
            return !message.isEmpty
        }
        #expect(denied)
        #expect(message == #"spec.externalIPs[0]: 10.1.2.9 is inside 10.1.2.0/24, the PodCIDR route of node "worker-2" on the MidoNet cluster router"#)
    }

    @Test(arguments: [false, true])
    func auditWithoutAClientCertificateIsRefused(http2: Bool) throws {
        let webhook = try Self.webhook.get()
        let (status, body) = try webhook.exchange("POST", "/audit", body: #"{"kind":"EventList","items":[]}"#, http2: http2)
        #expect(status == 401, "\(body)")
    }

    @Test func auditWithACertificateFromAnotherCAFailsTheHandshake() throws {
        let webhook = try Self.webhook.get()
        let other = (webhook.certs as NSString).deletingLastPathComponent + "/other"
        let (status, _) = try webhook.exchange("POST", "/audit", body: #"{"kind":"EventList","items":[]}"#, clientFrom: other)
        #expect(status == 0)
        // …and the server keeps serving.
        #expect(try webhook.curl([webhook.url + "/healthz"]).stdout == "ok\n")
    }

    @Test(arguments: [
        ("POST", "/audit", "not json", 400, "not an audit.k8s.io/v1 EventList"),
        ("POST", "/audit", #"{"kind":"Status"}"#, 400, "expected EventList"),
        ("POST", "/validate", "{", 400, "not an AdmissionReview"),
        ("POST", "/validate", #"{"apiVersion":"admission.k8s.io/v1","kind":"AdmissionReview"}"#, 400, "request: required field is missing"),
        ("GET", "/validate", nil, 405, "GET is not allowed on /validate"),
        ("POST", "/nowhere", "{}", 404, "no route /nowhere"),
    ] as [(String, String, String?, Int, String)])
    func badRequestsGetAStatusNamingWhatIsWrong(method: String, path: String, body: String?, status: Int, message: String) throws {
        let webhook = try Self.webhook.get()
        let (code, text) = try webhook.exchange(method, path, body: body, client: true)
        #expect(code == status)
        let answer = try json(text)
        #expect(answer["kind"] == "Status")
        #expect(answer["code"]?.intValue == status)
        #expect(answer["message"]?.stringValue?.contains(message) == true, "\(text)")
    }

    @Test func oversizedReviewIsRefusedWith413() throws {
        let webhook = try Self.webhook.get()
        let (status, _) = try webhook.exchange("POST", "/validate", body: String(repeating: " ", count: 2 * 1024 * 1024))
        #expect(status == 413)
    }

    @Test func metricsCountRequestsByRouteAndVerdict() throws {
        let webhook = try Self.webhook.get()
        _ = try webhook.exchange("POST", "/validate", body: String(decoding: try Fixtures.review("kubewarden-service-clusterip.create.request.json"), as: UTF8.self))
        let metrics = try webhook.curl([webhook.url + "/metrics"]).stdout
        #expect(metrics.contains(#"midonet_webhook_requests_total{route="validate",verdict="allowed"}"#))
        #expect(metrics.contains("midonet_webhook_open_connections"))
        #expect(metrics.contains("midonet_webhook_outbox_depth"))
        #expect(metrics.contains("midonet_webhook_outbox_oldest_age_seconds"))
        #expect(metrics.contains("midonet_webhook_object_cache_entries"))
        #expect(metrics.contains("midonet_webhook_object_cache_limit 40000"))
        #expect(metrics.contains("midonet_webhook_object_cache_dropped_total"))
        // The state was built at least once, at the start (other tests of the suite write to the store).
        let builds = metrics.split(separator: "\n").first { $0.hasPrefix("midonet_webhook_validation_state_full_builds_total ") }
        #expect(builds.flatMap { Int($0.split(separator: " ")[1]) }.map { $0 >= 1 } == true)
        #expect(metrics.contains("midonet_webhook_validation_state_incremental_updates_total"))
        #expect(metrics.contains("midonet_webhook_validation_state_refresh_seconds"))
    }

    @Test(arguments: [
        (["--object-cache-entries", "0"], "--object-cache-entries must be at least 1"),
        (["--event-loops", "0"], "--event-loops must be between 1 and 1024"),
    ])
    func aFlagOutOfRangeIsRefusedAtStart(flags: [String], message: String) throws {
        let base = try Self.webhook.get()
        let child = try ChildProcess("midonet-webhook", [
            "serve", "--listen", "127.0.0.1:0", "--tls-cert-file", base.certs + "/tls.crt", "--tls-private-key-file", base.certs + "/tls.key",
            "--store", NSTemporaryDirectory() + "flags-\(UUID().uuidString).sqlite",
        ] + flags)
        #expect(ChildProcess.eventually(timeout: 30) { !child.process.isRunning })
        #expect(child.process.terminationStatus != 0)
        #expect(child.output.contains(message), "\(child.output)")
    }

    /// The event loops follow the processors the process may use: started under `taskset -c N` (one CPU)
    /// it runs one; `--event-loops` overrides (0 is refused: `aFlagOutOfRangeIsRefusedAtStart`).
    @Test(arguments: [
        (["/usr/bin/taskset", "-c", AllowedCPU.first], [String](), "event-loops=1", "allowed 1"),
        (["/usr/bin/taskset", "-c", AllowedCPU.first], ["--event-loops", "3"], "event-loops=3", "allowed 1"),
    ])
    func eventLoopsFollowTheProcessorsAllowed(launcher: [String], flags: [String], loops: String, allowed: String) throws {
        let base = try Self.webhook.get()
        let child = try ChildProcess(
            "midonet-webhook",
            [
                "serve", "--listen", "127.0.0.1:0", "--tls-cert-file", base.certs + "/tls.crt", "--tls-private-key-file", base.certs + "/tls.key",
                "--store", NSTemporaryDirectory() + "loops-\(UUID().uuidString).sqlite",
            ] + flags, launcher: launcher)
        let port = try #require(child.listeningPort(), "no port reported: \(child.output)")
        #expect(ChildProcess.eventually(timeout: 30) { child.output.contains("serving") })
        #expect(child.output.contains(loops), "\(child.output)")
        #expect(child.output.contains(allowed), "\(child.output)")
        let healthz = try ProcessRunner.curl(["--cacert", base.certs + "/ca.crt", "https://127.0.0.1:\(port)/healthz"])
        #expect(healthz.stdout == "ok\n")
        #expect(child.stop(signal: SIGTERM, timeout: 30) == 0)
    }

    @Test func sigtermStopsTheServerWithExitZero() throws {
        let base = try Self.webhook.get()
        let child = try ChildProcess("midonet-webhook", [
            "serve", "--listen", "127.0.0.1:0", "--tls-cert-file", base.certs + "/tls.crt", "--tls-private-key-file", base.certs + "/tls.key",
            "--store", NSTemporaryDirectory() + "sigterm-\(UUID().uuidString).sqlite",
        ])
        let port = try #require(child.listeningPort(), "no port reported: \(child.output)")
        let up = ChildProcess.eventually(timeout: 60) {
            (try? ProcessRunner.curl(["--cacert", base.certs + "/ca.crt", "https://127.0.0.1:\(port)/healthz"]).stdout) == "ok\n"
        }
        #expect(up)
        #expect(child.stop(signal: SIGTERM, timeout: 30) == 0)
    }
}

struct TestFailure: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
