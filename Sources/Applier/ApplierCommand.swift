import ArgumentParser
import Foundation
import HTTPLayer
import Logging
import Model
import Store

/// `midonet-applier`: drains the store's outbox into the MidoNet REST API. Every flag can also be
/// given as the environment variable the original controllers used (MIDONET_API, …).
@main
struct ApplierCommand: AsyncParsableCommand {
    /// The applier's writer connection's page cache (`Store.Configuration.writerPageCacheKiB`):
    /// 8 MiB. With the webhook's 64 MiB, an applier that had drained a backlog of 240,000 ops
    /// (20,000 Services) kept ~200 MiB RSS.
    static let writerPageCacheKiB = 8192

    static let configuration = CommandConfiguration(
        commandName: "midonet-applier",
        abstract: "Apply queued MidoNet changes, bootstrap global resources, refresh the MidoNet snapshot, repair drift."
    )

    @Option(help: "SQLite store shared with midonet-webhook (env STORE).") var store: String?
    @Option(help: "MidoNet REST API base URL (env MIDONET_API; default https://localhost:8181/midonet-api).") var midonetApi: String?
    @Option(help: "MidoNet user (env MIDONET_USERNAME). Without it no login is made.") var midonetUsername: String?
    @Option(help: "MidoNet password (env MIDONET_PASSWORD; prefer the variable: flags show in ps).") var midonetPassword: String?
    @Option(help: "MidoNet project, sent as X-Auth-Project (env MIDONET_PROJECT).") var midonetProject: String?
    @Option(help: "CA file to verify an https MidoNet API (env MIDONET_CA_FILE).") var midonetCaFile: String?
    @Option(help: "MidoNet tenant (env TENANT; default midonetkube).") var tenant: String?
    @Option(help: "Plain-HTTP listener for /metrics and /healthz (env METRICS_LISTEN).") var metricsListen: String?
    @Option(help: "Owners applied at once (and the most connections to MidoNet).") var concurrency = 32
    @Option(help: "Seconds between MidoNet snapshot refreshes.") var snapshotInterval = 5.0
    @Option(help: "Seconds between drift repairs (0 turns drift repair off).") var driftInterval = 60.0
    @Flag(help: "Drift repair only creates and fixes; it never deletes.") var noDriftDeletes = false
    @Option(help: "Log level.") var logLevel = "info"

    func run() async throws {
        let environment = ProcessInfo.processInfo.environment
        func setting(_ flag: String?, _ name: String) -> String? { flag ?? environment[name].flatMap { $0.isEmpty ? nil : $0 } }
        LoggingSystem.bootstrap { StreamLogHandler.standardError(label: $0) }
        var logger = Logger(label: "midonet-applier")
        logger.logLevel = Logger.Level(rawValue: logLevel) ?? .info

        guard let storePath = setting(store, "STORE") else { throw ValidationError("--store (or STORE) is required") }
        let api = setting(midonetApi, "MIDONET_API") ?? "https://localhost:8181/midonet-api"
        let tenantName = setting(tenant, "TENANT") ?? DeterministicID.defaultTenant
        var credentials: MidoNetCredentials?
        if let user = setting(midonetUsername, "MIDONET_USERNAME") {
            credentials = MidoNetCredentials(
                username: user, password: setting(midonetPassword, "MIDONET_PASSWORD") ?? "", project: setting(midonetProject, "MIDONET_PROJECT"))
        }
        let metrics = ApplierMetrics()
        let client = try MidoNetClient(
            baseURL: api, caFile: setting(midonetCaFile, "MIDONET_CA_FILE"), credentials: credentials, maxConnections: concurrency,
            observe: { metrics.midonetCall(method: $0, resource: $1, seconds: $2, status: $3) })
        // The applier's commits need not survive power loss: a lost "done" re-applies an op
        // (harmless: IDs are deterministic, "already exists" is resolved), a lost drift or
        // snapshot write is redone by the next pass. They survive kill -9 (WAL, NORMAL), and an
        // fsync per batch of outcomes would cap the drain at the disk's fsync rate.
        let database = try Store(path: storePath, configuration: Store.Configuration(tenant: tenantName, durability: .processCrash, writerPageCacheKiB: Self.writerPageCacheKiB))
        let service = ApplierService(
            store: database, client: client, translator: Translator(tenant: tenantName),
            settings: .init(concurrency: concurrency, snapshotInterval: snapshotInterval, driftInterval: driftInterval, driftDeletes: !noDriftDeletes),
            metrics: metrics, logger: logger)
        try service.bootstrap()

        let listen = setting(metricsListen, "METRICS_LISTEN") ?? "127.0.0.1:9090"
        guard let colon = listen.lastIndex(of: ":"), let port = Int(listen[listen.index(after: colon)...]) else {
            throw ValidationError("--metrics-listen must be HOST:PORT, got \"\(listen)\"")
        }
        let metricsServer = try HTTPServer(
            configuration: ServerConfiguration(host: String(listen[..<colon]), port: port, loops: 1),
            handler: ApplierMetricsRouter(service: service), logger: logger)
        try metricsServer.start()
        // The user is logged, the password never.
        logger.notice("applying", metadata: [
            "midonet-api": "\(api)", "user": "\(credentials?.username ?? "-")", "tenant": "\(tenantName)", "store": "\(storePath)",
            "metrics": "\(listen.prefix(upTo: colon)):\(metricsServer.boundPort)",
        ])

        let signals = ShutdownSignals.install(for: [metricsServer], logger: logger)
        // The metrics server stops on SIGTERM/SIGINT; then the drainer finishes its in-flight
        // calls. `waitUntilStopped` blocks its thread: a thread of its own, not one of the few
        // threads of Swift's cooperative pool (2 on a 2-core node), which the drain needs.
        Thread {
            metricsServer.waitUntilStopped()
            service.stop()
        }.start()
        await service.run()
        signals.cancel()
        client.shutdown()
        logger.notice("stopped", metadata: ["applied": "\(service.drainer.statistics.applied)"])
    }
}
