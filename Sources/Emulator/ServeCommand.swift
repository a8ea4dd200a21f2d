import ArgumentParser
import Foundation
import HTTPLayer
import Logging

/// `midonet-emulator --listen HOST:PORT …`: serve the MidoNet REST API under `/midonet-api`.
struct ServeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve", abstract: "Serve the emulated MidoNet REST API (the default subcommand).")

    @Option(help: "Address to listen on, HOST:PORT (port 0 picks a free one).")
    var listen = "127.0.0.1:8181"

    @Option(name: .customLong("host"), help: "Register a MidoNet host (agent) as NAME=UUID. Repeatable.")
    var hosts: [String] = []

    @Option(help: "Require login with this user name (with --password); default: MidoNet's mock auth, anything goes.")
    var username: String?

    @Option(help: "The password for --username.")
    var password: String?

    @Option(help: "Tokens expire this many seconds after login.")
    var tokenTTL: Double?

    @Option(help: "PEM certificate chain: serve HTTPS.")
    var tlsCertFile: String?

    @Option(help: "PEM private key for --tls-cert-file.")
    var tlsPrivateKeyFile: String?

    @Option(help: "Milliseconds added to every answer.")
    var latencyMs = 0

    @Option(help: "Fraction (0…1) of mutating requests answered 503 before anything is done.")
    var failRate = 0.0

    @Option(help: "Fraction (0…1) of requests whose connection is reset instead of answered.")
    var resetRate = 0.0

    @Option(help: "Seed for the fault dice (repeatable runs).")
    var seed: UInt64 = 0

    @Flag(help: "Fix the MidoNet bugs the original client works around (MNA-1249, -1251, -1293, -1315).")
    var noBugCompat = false

    @Option(help: "Event-loop threads.")
    var loops = 2

    func validate() throws {
        guard ListenAddress(listen) != nil else { throw ValidationError("--listen must be HOST:PORT, got \(listen)") }
        for host in hosts where EmulatorConfiguration.parseHost(host) == nil {
            throw ValidationError("--host must be NAME=UUID, got \(host)")
        }
        guard (username == nil) == (password == nil) else { throw ValidationError("--username and --password go together") }
        guard (tlsCertFile == nil) == (tlsPrivateKeyFile == nil) else {
            throw ValidationError("--tls-cert-file and --tls-private-key-file go together")
        }
        guard (0...1).contains(failRate), (0...1).contains(resetRate) else { throw ValidationError("rates are fractions in 0…1") }
        guard latencyMs >= 0 else { throw ValidationError("--latency-ms must not be negative") }
        if let tokenTTL, tokenTTL <= 0 { throw ValidationError("--token-ttl must be positive") }
    }

    var emulatorConfiguration: EmulatorConfiguration {
        EmulatorConfiguration(
            hosts: hosts.compactMap(EmulatorConfiguration.parseHost),
            auth: AuthConfiguration(username: username, password: password, tokenTTL: tokenTTL),
            faults: FaultConfiguration(latencyMilliseconds: latencyMs, failRate: failRate, resetRate: resetRate, seed: seed),
            quirks: noBugCompat ? .fixed : .midoNet)
    }

    func run() throws {
        guard let address = ListenAddress(listen) else { throw ValidationError("--listen must be HOST:PORT") }
        var logger = Logger(label: "midonet-emulator")
        logger.logLevel = .info
        let tls = tlsCertFile.flatMap { cert in tlsPrivateKeyFile.map { TLSConfiguration(certificateFile: cert, privateKeyFile: $0) } }
        let server = try EmulatorServer(
            emulator: Emulator(configuration: emulatorConfiguration), host: address.host, port: address.port, tls: tls,
            loops: loops, logger: logger)
        try server.start()
        let scheme = tls == nil ? "http" : "https"
        let host = address.host.contains(":") ? "[\(address.host)]" : address.host
        // Tests and scripts read this line to learn the port when --listen asks for port 0.
        FileHandle.standardOutput.write(Data("midonet-emulator listening on \(scheme)://\(host):\(server.boundPort)/midonet-api\n".utf8))
        let signals = ShutdownSignals.install(for: [server.server], logger: logger)
        server.server.waitUntilStopped()
        signals.cancel()
    }
}
