import Foundation
import Model
import Testing
@testable import Emulator

@Suite struct TokenDateTests {
    @Test(arguments: [
        (0.0, "Thu, 01-01-1970 00:00:00 UTC"),
        (951_782_400, "Tue, 29-02-2000 00:00:00 UTC"),
        (1_700_000_000, "Tue, 14-11-2023 22:13:20 UTC"),
        (-1, "Wed, 31-12-1969 23:59:59 UTC"),
    ])
    func formatsLikeMidoNet(seconds: Double, text: String) {
        #expect(TokenDate.format(secondsSince1970: seconds) == text)
    }
}

@Suite struct AuthenticatorTests {
    @Test func issuedTokensAuthorizeUntilTheyExpire() {
        var auth = Authenticator(configuration: AuthConfiguration(username: "u", password: "p", tokenTTL: 10))
        let login = auth.login(["Authorization": "Basic " + Data("u:p".utf8).base64EncodedString()], now: 100)
        let token = (try? JSONBytes.parse(login.body))?["key"]?.stringValue ?? ""
        #expect(token.count == 32)
        #expect(auth.authorize(["X-Auth-Token": token], now: 109) == nil)
        #expect(auth.authorize(["X-Auth-Token": token], now: 110)?.status == 401)
        #expect(auth.authorize([:], now: 100)?.status == 401)
        auth.purgeExpired(now: 200)
        #expect(auth.tokens.isEmpty)
    }

    @Test func mockProviderAcceptsAnything() {
        let auth = Authenticator(configuration: AuthConfiguration())
        #expect(auth.authorize([:], now: 0) == nil)
    }
}

@Suite struct FaultInjectorTests {
    static let config = FaultConfiguration(failRate: 0.3, resetRate: 0.1)

    @Test(arguments: [
        (0.05, 0.9, true, FaultDecision.reset), (0.05, 0.9, false, .reset),
        (0.5, 0.2, true, .fail), (0.5, 0.2, false, .proceed),
        (0.5, 0.3, true, .proceed), (0.1, 0.0, true, .fail),
    ])
    func decisionTable(resetRoll: Double, failRoll: Double, mutating: Bool, decision: FaultDecision) {
        #expect(FaultInjector.decision(resetRoll: resetRoll, failRoll: failRoll, isMutating: mutating, configuration: Self.config) == decision)
    }

    @Test func ratesAreHonouredOverManyDraws() {
        var injector = FaultInjector(configuration: FaultConfiguration(failRate: 0.25, seed: 9))
        let fails = (0..<10_000).filter { _ in injector.decide(isMutating: true) == .fail }.count
        #expect((2300...2700).contains(fails))
        var quiet = FaultInjector(configuration: FaultConfiguration())
        #expect((0..<100).allSatisfy { _ in quiet.decide(isMutating: true) == .proceed })
    }
}

@Suite struct CommandLineParsingTests {
    @Test(arguments: [("127.0.0.1:8181", "127.0.0.1", 8181), ("[::1]:0", "::1", 0), ("localhost:65535", "localhost", 65535)])
    func listenAddresses(text: String, host: String, port: Int) {
        #expect(ListenAddress(text) == ListenAddress(host: host, port: port))
    }

    @Test(arguments: ["8181", ":8181", "host:", "host:65536", "host:x"])
    func badListenAddresses(text: String) {
        #expect(ListenAddress(text) == nil)
    }

    @Test func hostFlags() {
        #expect(EmulatorConfiguration.parseHost("node=a=00000000-0000-0000-0000-000000000001")?.name == "node=a")
        #expect(EmulatorConfiguration.parseHost("node-1") == nil)
        #expect(EmulatorConfiguration.parseHost("=00000000-0000-0000-0000-000000000001") == nil)
    }
}

extension ListenAddress {
    init(host: String, port: Int) {
        self.init("x:0")!
        self.host = host
        self.port = port
    }
}
