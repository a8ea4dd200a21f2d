import Foundation
import Model
import Testing

@testable import Store

/// The audit writer's bounded cache of decoded objects (`WriterCache`), and ingest through a
/// cache far smaller than the cluster.
@Suite struct WriterCacheTests {
    static func id(_ index: Int) -> ObjectID { ObjectID(kind: .service, key: "default/svc-\(index)") }

    static func stored(_ index: Int, version: Int = 1) -> StoredObject {
        StoredObject(
            version: ObjectVersion(uid: "uid-\(index)", resourceVersion: "\(version)"), deleted: false, nodeName: nil, serviceKey: nil,
            object: nil, updatedAt: 0)
    }

    @Test func neverHoldsMoreThanItsLimit() {
        var cache = WriterCache(revision: 1, limit: 100)
        for index in 0..<10_000 {
            cache.set(Self.id(index), Self.stored(index))
            #expect(cache.count <= 100)
        }
        #expect(cache.count >= 50)
        #expect(cache.dropped == 10_000 - cache.count)
    }

    @Test func whatIsUsedEveryGenerationStays() {
        var cache = WriterCache(revision: 1, limit: 10)
        cache.set(Self.id(0), Self.stored(0))
        for index in 1..<1_000 {
            cache.set(Self.id(index), Self.stored(index))
            // Looked up once per generation (5 entries): moved up each time, never dropped.
            if index % 4 == 0 { #expect(cache.entry(Self.id(0)) != nil) }
        }
        #expect(cache.entry(Self.id(0))??.version.uid == "uid-0")
        // One not used since it was set is gone after two generations.
        #expect(cache.entry(Self.id(1)) == nil)
    }

    @Test func aNewerEntryReplacesTheOlderGenerationsCopy() {
        var cache = WriterCache(revision: 1, limit: 4)
        cache.set(Self.id(0), Self.stored(0, version: 1))
        cache.set(Self.id(1), Self.stored(1))
        // id 0 is now in the older generation; setting it again must not leave both copies.
        cache.set(Self.id(0), Self.stored(0, version: 2))
        #expect(cache.count == 2)
        #expect(cache.entry(Self.id(0))??.version.resourceVersion == "2")
    }

    @Test func knownAbsentIsAnEntryToo() {
        var cache = WriterCache(revision: 1, limit: 10)
        cache.set(Self.id(7), nil)
        guard case .some(.none) = cache.entry(Self.id(7)) else {
            Issue.record("an object known to be absent is not remembered as absent")
            return
        }
        #expect(cache.entry(Self.id(8)) == nil)
    }

    @Test func removeAllReachesBothGenerations() {
        var cache = WriterCache(revision: 1, limit: 6)
        for index in 0..<5 { cache.set(Self.id(index), Self.stored(index)) }
        cache.removeAll { id, _ in id.key.hasSuffix("-1") || id.key.hasSuffix("-4") }
        #expect(cache.count == 3)
        #expect(cache.entry(Self.id(1)) == nil)
        #expect(cache.entry(Self.id(4)) == nil)
        #expect(cache.entry(Self.id(0)) != nil)
    }

    /// The same audit traffic through a store whose writer keeps a few of its 16 objects and one
    /// that keeps them all: the same translations and the same queued operations, in the same order.
    @Test(arguments: [2, 5, 9]) func ingestThroughATinyCacheQueuesWhatAFullOneDoes(limit: Int) throws {
        let tiny = try TemporaryStore(configuration: Store.Configuration(cacheLimit: limit))
        let full = try TemporaryStore()
        let names = (0..<8).map { "web-\($0)" }
        var batches: [[AuditEvent]] = []
        batches.append(names.indices.flatMap { index in
            [
                Audit.event("create", Audit.service(names[index], clusterIP: "10.96.2.\(index + 1)", uid: "uid-\(index)", resourceVersion: "\(10 + index)")),
                Audit.event("create", Audit.endpoints(names[index], ips: ["10.2.1.\(index + 1)"], uid: "uid-\(index)-ep", resourceVersion: "\(30 + index)")),
            ]
        })
        for round in 1...3 {
            batches.append(names.indices.map { index in
                Audit.event(
                    "update",
                    Audit.endpoints(
                        names[index], ips: ["10.2.\(round + 1).\(index + 1)", "10.2.9.\(index + 1)"], uid: "uid-\(index)-ep",
                        resourceVersion: "\(100 * round + index)"))
            })
        }
        // The same objects again and again, a few others between: found in the older generation,
        // then written while a copy is there.
        batches.append((0..<12).map { step in
            let index = step % 2 == 0 ? 0 : step % 5
            return Audit.event(
                "update",
                Audit.endpoints(names[index], ips: ["10.3.\(step).\(index + 1)"], uid: "uid-\(index)-ep", resourceVersion: "\(1_000 + step)"))
        })
        // A late, older state: stale in both, which only the stored versions can tell.
        batches.append([Audit.event("update", Audit.endpoints(names[0], ips: ["10.2.7.1"], uid: "uid-0-ep", resourceVersion: "35"))])
        for batch in batches {
            let small = try tiny.store.ingest(batch)
            let large = try full.store.ingest(batch)
            #expect(small.events == large.events)
            #expect(small.operationsQueued == large.operationsQueued)
        }
        #expect(try tiny.store.queuedOperations().map(\.operation) == full.store.queuedOperations().map(\.operation))
        for name in names {
            let key = TranslationKey.serviceEndpoints("default/\(name)")
            #expect(try tiny.store.translation(key).objects == full.store.translation(key).objects)
        }
        let statistics = try tiny.store.statistics()
        #expect(statistics.objectCacheLimit == limit)
        #expect(statistics.objectCacheEntries <= limit)
        #expect(statistics.objectCacheDropped > 0)
        #expect(try full.store.statistics().objectCacheDropped == 0)
    }
}
