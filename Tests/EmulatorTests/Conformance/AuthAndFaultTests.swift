import Foundation
import HTTPLayer
import Model
import Synchronization
import TestSupport
import Testing
@testable import Emulator

/// Login and token checks (midonet-rest-api.md §4), over HTTP.
@Suite struct AuthConformanceTests {
    static func basic(_ text: String) -> String { "Basic " + Data(text.utf8).base64EncodedString() }

    @Test(arguments: [
        (nil, "Authorization header is not set."),
        ("Bearer abc", "Authorization header does not contain Basic."),
        (basic("admin"), "Authorization header is not valid"),
        (basic("admin:"), "Authorization header is not valid"),
        (basic("a:b:c"), "Authorization header is not valid"),
    ] as [(String?, String)])
    func loginFailures(authorization: String?, message: String) async throws {
        let live = try LiveEmulator()
        let response = try await live.send("POST", "/login", headers: authorization.map { [("Authorization", $0)] } ?? [])
        #expect(response.status == 401)
        #expect(response.message == message)
        #expect(response.headers["WWW-Authenticate"] == "Basic  realm=\"BASIC_AUTH_REALM\"")
    }

    @Test func tokensExpireAfterTheirTTL() async throws {
        // A clock the test moves, so expiry does not depend on how loaded the machine is.
        let now = Mutex(1_700_000_000.0)
        let live = try LiveEmulator(EmulatorConfiguration(auth: AuthConfiguration(username: "u", password: "p", tokenTTL: 60)),
                                    clock: { now.withLock { $0 } })
        let login = try await live.send("GET", "/login", headers: [("Authorization", Self.basic("u:p"))])
        #expect(login.status == 200, "any method logs in")
        let token = try #require(login.json["key"]?.stringValue)
        let expires = try #require(login.json["expires"]?.stringValue)
        #expect(login.headers["Set-Cookie"] == "sessionId=\(token); Expires=\(expires)")
        #expect(expires == "Tue, 14-11-2023 22:14:20 UTC")
        #expect(try await live.send("GET", "/chains", headers: [("Accept", "application/json"), ("X-Auth-Token", token)]).status == 200)
        now.withLock { $0 += 59 }
        #expect(try await live.send("GET", "/chains", headers: [("Accept", "application/json"), ("X-Auth-Token", token)]).status == 200)
        now.withLock { $0 += 1 }
        let expired = try await live.send("GET", "/chains", headers: [("Accept", "application/json"), ("X-Auth-Token", token)])
        #expect(expired.status == 401)
        #expect(expired.headers["WWW-Authenticate"] == nil)
        #expect(try await live.send("OPTIONS", "/chains").status == 200, "OPTIONS needs no token")
    }
}

/// `--latency-ms`, `--fail-rate`, `--reset-rate`, `--seed`, over HTTP.
@Suite struct FaultConformanceTests {
    @Test func failRateAnswers503ToMutationsOnlyAndChangesNothing() async throws {
        let live = try LiveEmulator(EmulatorConfiguration(faults: FaultConfiguration(failRate: 1, seed: 1)))
        let post = try await live.post("/chains", ["id": .string(IDs.chain)], type: Types.chain)
        #expect(post.status == 503)
        #expect(try await live.get("/chains", accept: "application/json").status == 200)
        #expect(try await live.get("/chains/\(IDs.chain)", accept: "application/json").status == 404)
    }

    @Test func resetRateResetsEveryRequestAtOne() async throws {
        let live = try LiveEmulator(EmulatorConfiguration(faults: FaultConfiguration(resetRate: 1, seed: 1)))
        // The connection is reset without an answer: the client sees a transport failure (after
        // retrying on fresh connections, as it does when a reused one fails before any byte).
        do {
            let response = try await live.post("/chains", ["id": .string(IDs.chain)], type: Types.chain)
            Issue.record("answered \(response.status) instead of resetting")
        } catch let error as HTTPLayerError {
            // A reset read is io_failed (ECONNRESET); one that lands as TLS's end, connection_closed.
            #expect([.ioFailed, .connectionClosed].contains(error.code), "\(error)")
        }
        let state = live.emulator.withState { $0.chains.count }
        #expect(state == 0, "a reset request is not applied")
    }

    @Test func latencyDelaysEveryAnswer() async throws {
        let live = try LiveEmulator(EmulatorConfiguration(faults: FaultConfiguration(latencyMilliseconds: 150)))
        let clock = ContinuousClock()
        let start = clock.now
        #expect(try await live.get("/chains").status == 200)
        #expect(clock.now - start >= .milliseconds(150))
    }

    @Test func sameSeedSameFaults() async throws {
        func outcomes(seed: UInt64) async throws -> [Int] {
            let live = try LiveEmulator(EmulatorConfiguration(faults: FaultConfiguration(failRate: 0.5, seed: seed)))
            var statuses: [Int] = []
            for index in 0..<30 {
                statuses.append(try await live.post("/chains", ["name": .string("c\(index)")], type: Types.chain).status)
            }
            return statuses
        }
        let first = try await outcomes(seed: 42)
        #expect(try await outcomes(seed: 42) == first)
        #expect(Set(first) == [201, 503], "a rate of 0.5 over 30 requests gives both")
        #expect(try await outcomes(seed: 43) != first)
    }
}

/// HTTPS with `--tls-cert-file`/`--tls-private-key-file`.
@Suite struct TLSConformanceTests {
    @Test func servesHTTPSWithAbsoluteHTTPSLinks() async throws {
        let directory = NSTemporaryDirectory() + "emulator-tls-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let generated = try ProcessRunner.run("/usr/bin/openssl", [
            "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes",
            "-keyout", directory + "/key.pem", "-out", directory + "/cert.pem", "-days", "1",
            "-subj", "/CN=localhost", "-addext", "subjectAltName=IP:127.0.0.1,DNS:localhost"])
        try #require(generated.status == 0, "\(generated.stderr)")
        let live = try LiveEmulator(
            tls: TLSConfiguration(certificateFile: directory + "/cert.pem", privateKeyFile: directory + "/key.pem"),
            caFile: directory + "/cert.pem")
        #expect(live.base.hasPrefix("https://"))
        let created = try await live.post("/chains", ["name": "KUBE-MAIN"], type: Types.chain)
        #expect(created.status == 201)
        #expect(created.headers["Location"]?.hasPrefix(live.base + "/chains/") == true)
    }
}

/// `midonet-emulator dump`: the topology read over HTTP, drawn as a tree.
@Suite struct DumpConformanceTests {
    @Test func dumpDrawsRoutersBridgesAndChains() async throws {
        let live = try await LiveEmulator.seeded()
        try await live.addRouterPort()
        try await live.addBridgePort()
        try await live.expect(201, live.post("/chains", ["id": .string(IDs.chain2), "name": "KUBE-SERVICES"], type: Types.chain))
        try await live.expect(201, live.addRule(["type": "jump", "jumpChainId": .string(IDs.chain2), "position": 1]))
        try await live.expect(201, live.addRule(["type": "dnat", "flowAction": "accept", "position": 2, "nwDstAddress": "10.96.0.1", "nwDstLength": 32,
                                                 "natTargets": [["addressFrom": "10.1.0.5", "addressTo": "10.1.0.5", "portFrom": 8080, "portTo": 8080]]]))
        let topology = try await TopologyFetcher.fetch { path, accept in try await live.json(path, accept: accept) }
        let text = topology.tree.rendered
        #expect(text.contains("router ClusterRouter (\(IDs.router))"))
        #expect(text.contains("port \(IDs.routerPort) 10.1.0.1/24 mac ac:ca:ba:00:00:01"))
        #expect(text.contains("route Local 0.0.0.0/0 → 10.1.0.1/32"))
        #expect(text.contains("bridge node-1 (\(IDs.bridge))"))
        #expect(text.contains("1. jump → KUBE-SERVICES"))
        #expect(text.contains("2. dnat accept match nwdst=10.96.0.1/32 frag=unfragmented to 10.1.0.5:8080"))
        #expect(text.contains("host node-1 (\(IDs.host)) alive"))
    }
}
