import Foundation
import GRDB
@testable import Store
import Testing

/// Values bound by `DirectBinder` are stored as GRDB's own binding stores them.
@Suite struct DirectBinderTests {
    let queue: DatabaseQueue

    init() throws {
        queue = try DatabaseQueue()
        try queue.write { db in
            try db.execute(sql: "CREATE TABLE t(id INTEGER PRIMARY KEY, s TEXT, b BLOB, d REAL, f INTEGER)")
        }
    }

    static let rows: [(String?, Data?, Double, Bool)] = [
        ("text", Data([1, 2, 3]), 1.5, true), ("", Data(), 0, false), (nil, nil, -2.25, true), ("é\u{0}x\"", Data([0]), 1e300, false),
        (String(repeating: "long ", count: 1000), Data(repeating: 7, count: 100_000), .infinity, true),
    ]

    @Test func directBindingsStoreWhatGRDBStores() throws {
        let (direct, grdb) = try queue.write { db -> ([Row], [Row]) in
            let sql = "INSERT INTO t(s, b, d, f) VALUES (?, ?, ?, ?)"
            for (s, b, d, f) in Self.rows {
                try db.cachedStatement(sql: sql).execute { row in
                    try row.bind(s)
                    try row.bind(b)
                    try row.bind(d)
                    try row.bind(f)
                }
            }
            let direct = try Row.fetchAll(db, sql: "SELECT s, b, d, f, typeof(s), typeof(b) FROM t ORDER BY id")
            try db.execute(sql: "DELETE FROM t")
            for (s, b, d, f) in Self.rows {
                try db.execute(sql: sql, arguments: [s, b, d, f])
            }
            return (direct, try Row.fetchAll(db, sql: "SELECT s, b, d, f, typeof(s), typeof(b) FROM t ORDER BY id"))
        }
        #expect(direct.count == Self.rows.count)
        #expect(direct == grdb)
    }

    @Test func tooFewOrTooManyValuesAreAnErrorAndTheStatementStaysUsable() throws {
        try queue.write { db in
            let statement = try db.cachedStatement(sql: "INSERT INTO t(s, d) VALUES (?, ?)")
            #expect(throws: StoreError.self) { try statement.execute { try $0.bind("only one") } }
            #expect(throws: StoreError.self) {
                try statement.execute { row in
                    try row.bind("a")
                    try row.bind(1.0)
                    try row.bind("three")
                }
            }
            try statement.execute { row in
                try row.bind("ok")
                try row.bind(2.0)
            }
            #expect(try Row.fetchAll(db, sql: "SELECT s, d FROM t") == [["s": "ok", "d": 2.0]])
        }
    }

    @Test func aConstraintViolationIsADatabaseErrorAndTheNextRowIsStored() throws {
        try queue.write { db in
            try db.execute(sql: "CREATE TABLE u(k TEXT PRIMARY KEY)")
            let insert = "INSERT INTO u(k) VALUES (?)"
            try db.cachedStatement(sql: insert).execute { try $0.bind("a") }
            #expect(throws: DatabaseError.self) { try db.cachedStatement(sql: insert).execute { try $0.bind("a") } }
            try db.cachedStatement(sql: insert).execute { try $0.bind("b") }
            #expect(try String.fetchAll(db, sql: "SELECT k FROM u ORDER BY k") == ["a", "b"])
        }
    }
}
