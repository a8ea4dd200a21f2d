import GRDB
import Testing

@testable import Store

/// `Store` itself: what its configuration sets on the connection that writes.
@Suite struct StoreTests {
    /// The webhook's writer keeps 64 MiB of pages; the applier asks for less
    /// (`Store.Configuration.writerPageCacheKiB`).
    @Test(arguments: [nil, 8192] as [Int?])
    func theWriterPageCacheIsTheConfiguredOne(kib: Int?) throws {
        var configuration = Store.Configuration()
        if let kib { configuration.writerPageCacheKiB = kib }
        let temp = try TemporaryStore(configuration: configuration)
        let cacheSize = try temp.store.write { db in try Int.fetchOne(db, sql: "PRAGMA cache_size") }
        #expect(cacheSize == -(kib ?? 65_536))
    }
}
