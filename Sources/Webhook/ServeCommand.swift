import ArgumentParser
import Foundation
import HTTPLayer
import Logging
import Model
import Platform
import Store
import Synchronization

/// `midonet-webhook serve`: the admission webhook and audit sink over TLS.
struct ServeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve", abstract: "Serve /validate, /audit, /healthz, /readyz and /metrics over TLS.")

    @Option(help: "Address to listen on, HOST:PORT.") var listen = "0.0.0.0:8443"
    @Option(help: "PEM certificate (chain) the server presents; re-read when it changes.") var tlsCertFile: String
    @Option(help: "PEM private key (ECDSA or RSA); re-read when it changes.") var tlsPrivateKeyFile: String
    @Option(help: "CA of the clients allowed on /audit (kube-apiserver's audit client certificate). Without it /audit takes any caller.")
    var clientCAFile: String?
    @Option(help: "SQLite store shared with midonet-applier.") var store: String
    @Option(help: "MidoNet tenant (the original's TENANT).") var tenant = DeterministicID.defaultTenant
    @Option(help: "Largest /audit body in bytes.") var auditMaxBodyBytes = 64 * 1024 * 1024
    @Option(help: "Largest /validate body in bytes.") var validateMaxBodyBytes = 8 * 1024 * 1024
    @Option(help: "Kubernetes objects the audit writer keeps decoded in memory at most (~2.6 KiB each); more are read back from the store.")
    var objectCacheEntries = Store.Configuration.defaultCacheLimit
    @Option(
        help: """
            Event loops (threads) serving HTTP. Default: the processors this process may use, that is the online CPUs \
            narrowed by its CPU affinity and its cgroup CPU quota (a Kubernetes CPU limit), rounded up.
            """)
    var eventLoops: Int?
    @Option(
        help: """
            kube-apiserver to list Nodes, Pods, Services, Endpoints and EndpointSlices from (https://HOST:PORT): turns on the \
            resync, which repairs what dropped audit batches missed (deletions above all). Off without it.
            """)
    var kubeApiServer: String?
    @Option(help: "Bearer token for --kube-api-server, re-read for every listing.")
    var kubeTokenFile = "/var/run/secrets/kubernetes.io/serviceaccount/token"
    @Option(help: "CA that signed --kube-api-server's certificate.") var kubeCAFile = "/var/run/secrets/kubernetes.io/serviceaccount/ca.crt"
    @Option(help: "Seconds between resyncs (the first runs at start).") var resyncInterval: Double = 600
    @Option(help: "Log level: trace, debug, info, notice, warning, error, critical.") var logLevel = "info"

    func validate() throws {
        guard objectCacheEntries >= 1 else { throw ValidationError("--object-cache-entries must be at least 1, not \(objectCacheEntries)") }
        guard resyncInterval >= 1 else { throw ValidationError("--resync-interval must be at least 1 second, not \(resyncInterval)") }
        if let kubeApiServer, !kubeApiServer.hasPrefix("https://") {
            throw ValidationError("--kube-api-server must be an https:// URL, not \"\(kubeApiServer)\"")
        }
        if let eventLoops, !(1...1024).contains(eventLoops) {
            throw ValidationError("--event-loops must be between 1 and 1024, not \(eventLoops)")
        }
    }

    func run() throws {
        let logger = makeLogger("midonet-webhook", level: logLevel)
        let (host, port) = try parseListen(listen)
        let database = try Store(path: store, configuration: Store.Configuration(tenant: tenant, cacheLimit: objectCacheEntries))
        let committer = GroupCommitter(store: database)
        let metrics = WebhookMetrics()
        // Before listening: a resync that cannot start (its CA unreadable) is a start-up error.
        let resyncer = try kubeApiServer.map { url in
            let client = try HTTPClient(configuration: HTTPClientConfiguration(caFile: kubeCAFile, maxResponseBytes: 256 * 1024 * 1024, loops: 1))
            let lister = KubernetesLister(
                server: url.hasSuffix("/") ? String(url.dropLast()) : url, tokenFile: kubeTokenFile.isEmpty ? nil : kubeTokenFile, client: client)
            return Resyncer(lister: lister, committer: committer, store: database, logger: logger, metrics: metrics)
        }
        let validation = ValidationStateCache(store: database, logger: logger)
        try validation.refresh()
        validation.start()
        let router = WebhookRouter(
            limits: .init(validateBodyBytes: validateMaxBodyBytes, auditBodyBytes: auditMaxBodyBytes, auditRequiresClientCertificate: clientCAFile != nil),
            validation: validation, audit: AuditEndpoint(committer: committer, logger: logger, metrics: metrics), store: database,
            metrics: metrics, logger: logger)
        let tls = TLSConfiguration(certificateFile: tlsCertFile, privateKeyFile: tlsPrivateKeyFile, clientCAFile: clientCAFile)
        let loops = eventLoops ?? ServerConfiguration.coreCount
        let server = try HTTPServer(configuration: ServerConfiguration(host: host, port: port, tls: tls, loops: loops), handler: router, logger: logger)
        try server.start()
        router.attach { server.statistics }
        router.serving.store(true, ordering: .relaxed)
        logger.notice(
            "serving",
            metadata: [
                "listen": "\(host):\(server.boundPort)", "store": "\(store)", "mtls-on-audit": "\(clientCAFile != nil)",
                "event-loops": "\(loops)", "processors": "\(ProcessorBudget.process)", "resync": "\(kubeApiServer ?? "off")",
            ])
        resyncer?.start(interval: .milliseconds(Int64(resyncInterval * 1000)))
        let signals = ShutdownSignals.install(for: [server], logger: logger)
        server.waitUntilStopped()
        signals.cancel()
        resyncer?.stop()
        validation.stop()
        committer.shutdown()
        logger.notice("stopped")
    }
}

/// `HOST:PORT` (or `[v6]:PORT`).
func parseListen(_ text: String) throws -> (String, Int) {
    guard let colon = text.lastIndex(of: ":"), let port = Int(text[text.index(after: colon)...]), (0...65535).contains(port) else {
        throw ValidationError("--listen must be HOST:PORT, got \"\(text)\"")
    }
    var host = String(text[..<colon])
    if host.hasPrefix("[") && host.hasSuffix("]") { host = String(host.dropFirst().dropLast()) }
    return (host.isEmpty ? "0.0.0.0" : host, port)
}

/// swift-log to standard error, one line per event, with the level from the command line.
func makeLogger(_ label: String, level: String) -> Logger {
    LoggingSystem.bootstrap { StreamLogHandler.standardError(label: $0) }
    var logger = Logger(label: label)
    logger.logLevel = Logger.Level(rawValue: level) ?? .info
    return logger
}
