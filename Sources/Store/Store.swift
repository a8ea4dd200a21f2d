public import Foundation
public import Model
internal import CSQLiteShims
import GRDB
import Glibc
import Synchronization

/// The durable state shared by the webhook and the applier (DESIGN.md "Flow of one change"):
/// the last seen Kubernetes objects and their translations, the outbox of MidoNet operations,
/// the audit IDs already processed, and the MidoNet snapshot the applier refreshes.
///
/// One SQLite file in WAL mode, opened by both processes of the pod: readers never block the
/// writer, and either process may crash (kill -9) at any point without losing a commit or
/// leaving half of one. GRDB stays an implementation detail.
public final class Store: Sendable {
    /// How much a returned commit survives.
    public enum Durability: Sendable, Hashable {
        /// `synchronous = NORMAL`: COMMIT returns once the transaction is written to the WAL
        /// file, i.e. in the kernel's page cache, so it survives kill -9 of any process; a power
        /// loss or kernel crash can lose the last commits (the WAL is fsynced at checkpoints).
        case processCrash
        /// `synchronous = FULL`: COMMIT also fsyncs the WAL, so a commit survives power loss too
        /// (on storage that honours fsync). Group commit shares one fsync among concurrent batches.
        case powerLoss
    }

    public struct Configuration: Sendable {
        /// The tenant of the MidoNet objects (DESIGN.md: `idForTenant`).
        public var tenant: String
        /// Default `.powerLoss`: the apiserver never replays an audit batch we answered 200, so
        /// a lost commit is a change MidoNet never gets; group commit keeps the fsync affordable.
        public var durability: Durability
        /// How long a write waits for the other process's write transaction before failing.
        public var busyTimeout: TimeInterval
        /// Audit IDs are kept this long (and the newest `auditIDsKept` always): kube-apiserver
        /// retries a batch for about two minutes (5 tries, 10 s backoff × 1.5, 30 s timeouts).
        public var auditIDRetention: TimeInterval
        public var auditIDsKept: Int
        /// Tombstones of deleted objects are kept this long, for out-of-order batches.
        public var tombstoneRetention: TimeInterval
        /// Decoded Kubernetes objects the audit writer keeps in memory at most (`WriterCache`; ~2.6
        /// KiB each for Services and Endpoints, measured). The default, 40,000 (20,000 Services with
        /// their Endpoints, ~100 MiB), leaves room in the webhook's 512Mi container limit for
        /// SQLite's cache and audit batches in flight; a larger cluster is read back from the database.
        public var cacheLimit: Int
        /// How often a thread of its own checkpoints the WAL (`WALCheckpointer`); nil leaves it to
        /// SQLite's automatic checkpoint in the writer's commits.
        public var checkpointInterval: TimeInterval?
        /// SQLite's page cache of the writer connection, in KiB. The webhook's writer re-reads
        /// translation and object pages of the whole cluster on ingest: 64 MiB (SQLite's default
        /// is 2 MiB) saves most of those reads (pread). The applier's writes (ops done, repairs
        /// queued) touch few pages again, and a big cache only stays in its memory.
        public var writerPageCacheKiB: Int

        public init(
            tenant: String = DeterministicID.defaultTenant, durability: Durability = .powerLoss,
            busyTimeout: TimeInterval = 10, auditIDRetention: TimeInterval = 3600, auditIDsKept: Int = 100_000,
            tombstoneRetention: TimeInterval = 3600, cacheLimit: Int = Configuration.defaultCacheLimit, checkpointInterval: TimeInterval? = 0.2,
            writerPageCacheKiB: Int = 65_536
        ) {
            self.tenant = tenant
            self.durability = durability
            self.busyTimeout = busyTimeout
            self.auditIDRetention = auditIDRetention
            self.auditIDsKept = auditIDsKept
            self.tombstoneRetention = tombstoneRetention
            self.cacheLimit = cacheLimit
            self.checkpointInterval = checkpointInterval
            self.writerPageCacheKiB = writerPageCacheKiB
        }

        public static let defaultCacheLimit = 40_000
    }

    public let path: String
    public let configuration: Configuration
    let pool: DatabasePool
    let translator: Translator
    /// Only touched inside write transactions, which the lock also serialises.
    let writer = Mutex(WriterState())
    let counters = Mutex(Counters())
    /// Checkpoints the WAL off the writer (`Configuration.checkpointInterval`).
    let checkpointer: WALCheckpointer?

    /// The writer's automatic checkpoint when `WALCheckpointer` does the work: a backstop, ~160 MiB
    /// of WAL (SQLite's default is 1,000 pages). Each time the WAL grows past it, the writer
    /// copies what `WALCheckpointer` has not and the WAL starts over. At 10,000 pages (~0.25 s of
    /// sustained ingest) that was most of the copying: 4,900–6,500 updating events/s against
    /// 6,700–7,400 at 40,000 (`midonet-bench store --services 5000 --batches 200 --mode prebuilt`).
    /// The WAL file keeps its largest size (SQLite reuses it from the start).
    static let backstopCheckpointPages = 40_000

    /// SQLite set up for this process, before its first connection: without memory statistics,
    /// which take a process-wide mutex on each of SQLite's mallocs and frees (~280 an audit event,
    /// 4 % of the ingest writer's time in `perf`). Too late when something else in the process
    /// opened SQLite first; then nothing changes.
    private static let processSetUp: Void = { _ = CSQLiteShims_disable_memory_statistics() }()

    /// Opens (creating if needed) and migrates the store at `path`.
    public init(path: String, configuration: Configuration = Configuration()) throws {
        Self.processSetUp
        self.path = path
        self.configuration = configuration
        translator = Translator(tenant: configuration.tenant)
        var grdb = GRDB.Configuration()
        grdb.busyMode = .timeout(configuration.busyTimeout)
        let durability = configuration.durability
        let pool = try Self.withDatabaseError {
            // Both processes open the file at start; the lock keeps one from migrating while the
            // other reads the migration table (GRDB's migrator is not safe across processes).
            try Self.withFileLock(path + ".lock") {
                let pool = try DatabasePool(path: path, configuration: grdb)
                let migrator = StoreSchema.migrator
                if try pool.read({ try migrator.hasBeenSuperseded($0) }) {
                    throw StoreError(.schemaTooNew, "\(path) was migrated by a newer version of this program")
                }
                try migrator.migrate(pool)
                return pool
            }
        }
        try Self.withDatabaseError {
            // Per connection, and only the writer connection writes. GRDB sets NORMAL for WAL.
            try pool.writeWithoutTransaction { db in
                try db.execute(sql: durability == .powerLoss ? "PRAGMA synchronous = FULL" : "PRAGMA synchronous = NORMAL")
                try db.execute(sql: "PRAGMA cache_size = -\(max(0, configuration.writerPageCacheKiB))")
                if configuration.checkpointInterval != nil {
                    try db.execute(sql: "PRAGMA wal_autocheckpoint = \(Self.backstopCheckpointPages)")
                }
            }
        }
        self.pool = pool
        checkpointer = try configuration.checkpointInterval.map { interval in
            try Self.withDatabaseError { try WALCheckpointer(path: path, interval: interval) }
        }
    }

    deinit { checkpointer?.stop() }

    /// Maps GRDB's errors to `StoreError`; ours pass through.
    static func withDatabaseError<T>(_ body: () throws -> T) throws(StoreError) -> T {
        do {
            return try body()
        } catch let error as StoreError {
            throw error
        } catch let error as DatabaseError {
            throw StoreError(.database, "\(error.resultCode): \(error.message ?? error.description)")
        } catch {
            throw StoreError(.database, String(describing: error))
        }
    }

    /// Runs `body` holding an exclusive `flock` on `lockPath` (released by the kernel if we die).
    static func withFileLock<T>(_ lockPath: String, _ body: () throws -> T) throws -> T {
        let fd = open(lockPath, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw StoreError(.database, "cannot open \(lockPath): \(String(cString: strerror(errno)))") }
        defer { close(fd) }
        while flock(fd, LOCK_EX) != 0 {
            guard errno == EINTR else { throw StoreError(.database, "cannot lock \(lockPath): \(String(cString: strerror(errno)))") }
        }
        defer { flock(fd, LOCK_UN) }
        return try body()
    }

    /// A write transaction that does not touch objects or translations (outbox, snapshot).
    func write<T>(_ body: (Database) throws -> T) throws -> T {
        try Self.withDatabaseError { try pool.write(body) }
    }

    /// A write transaction that changes translations outside ingest: it bumps `state_revision`
    /// and drops the writer's cache, which no longer matches the database.
    func writeTranslations<T: Sendable>(_ body: (Database) throws -> T) throws -> T {
        try writer.withLock { state in
            defer { state.cache = .invalid }
            return try Self.withDatabaseError {
                try pool.write { db in
                    let result = try body(db)
                    try Meta.increment(db, "state_revision")
                    try Meta.increment(db, "change_revision")
                    return result
                }
            }
        }
    }

    func read<T>(_ body: (Database) throws -> T) throws -> T {
        try Self.withDatabaseError { try pool.read(body) }
    }
}

/// Process-local state of the writer side, guarded by `Store.writer`.
struct WriterState {
    var cache = WriterCache.invalid
    var lastPrune: Double = 0
    var warnedNoBody: Set<String> = []
}

/// Process-local counters for metrics, guarded by `Store.counters`.
struct Counters {
    var events = EventCounts()
    var commitLatency = LatencyHistogram()
    var operationsQueued = 0
    /// Decoded objects the audit writer holds (`WriterCache`), as of its last commit.
    var objectCacheEntries = 0
    /// Objects it dropped because its cache was full.
    var objectCacheDropped = 0
}

/// The `meta` table of counters.
enum Meta {
    static func get(_ db: Database, _ name: String) throws -> Int64 {
        try Int64.fetchOne(db.cachedStatement(sql: "SELECT value FROM meta WHERE name = ?"), arguments: [name]) ?? 0
    }

    static func getDouble(_ db: Database, _ name: String) throws -> Double {
        try Double.fetchOne(db.cachedStatement(sql: "SELECT value FROM meta WHERE name = ?"), arguments: [name]) ?? 0
    }

    static func set(_ db: Database, _ name: String, _ value: some DatabaseValueConvertible) throws {
        try db.cachedStatement(sql: "INSERT INTO meta(name, value) VALUES (?, ?) ON CONFLICT(name) DO UPDATE SET value = excluded.value")
            .execute(arguments: [name, value])
    }

    @discardableResult
    static func increment(_ db: Database, _ name: String) throws -> Int64 {
        let value = try get(db, name) + 1
        try set(db, name, value)
        return value
    }
}
