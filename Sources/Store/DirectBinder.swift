import Foundation
import GRDB
import GRDBSQLite

/// Binds the values of one execution straight to a statement's SQLite handle, in parameter
/// order, for the rows the ingest writer inserts by the dozen per event.
///
/// GRDB's `StatementArguments` boxes every value as an existential and frees them after the
/// step: ~3,700 instructions per argument list, and the outbox's rows (six values an op, a
/// dozen ops per event) made it 12 % of an updating event (`scripts/bench-store-instructions.sh`).
/// Strings and blobs are copied by SQLite (`SQLITE_TRANSIENT`), so they need not outlive the call.
struct DirectBinder {
    private let handle: SQLiteStatement
    private var index: CInt = 1

    fileprivate init(handle: SQLiteStatement) { self.handle = handle }

    private static let transient = unsafeBitCast(-1 as Int, to: sqlite3_destructor_type.self)

    mutating func bind(_ value: String?) throws {
        guard var value else { return try bindNull() }
        try check(value.withUTF8 { bytes in
            // "" is bound from a literal: SQLite binds NULL for a null pointer.
            guard let base = bytes.baseAddress, bytes.count > 0 else { return sqlite3_bind_text(handle, index, "", 0, Self.transient) }
            return base.withMemoryRebound(to: CChar.self, capacity: bytes.count) {
                sqlite3_bind_text(handle, index, $0, CInt(bytes.count), Self.transient)
            }
        })
    }

    mutating func bind(_ value: Data?) throws {
        guard let value else { return try bindNull() }
        try check(value.withUnsafeBytes { bytes in
            // sqlite3_bind_blob with a null pointer binds NULL: an empty blob is zeroblob(0).
            guard let base = bytes.baseAddress, bytes.count > 0 else { return sqlite3_bind_zeroblob(handle, index, 0) }
            return sqlite3_bind_blob(handle, index, base, CInt(bytes.count), Self.transient)
        })
    }

    mutating func bind(_ value: Double) throws { try check(sqlite3_bind_double(handle, index, value)) }

    mutating func bind(_ value: Int64) throws { try check(sqlite3_bind_int64(handle, index, value)) }

    mutating func bind(_ value: Bool) throws { try check(sqlite3_bind_int64(handle, index, value ? 1 : 0)) }

    mutating func bindNull() throws { try check(sqlite3_bind_null(handle, index)) }

    private mutating func check(_ code: CInt) throws {
        guard code == SQLITE_OK else {
            throw StoreError(.database, "binding parameter \(index): \(String(cString: sqlite3_errstr(code)))")
        }
        index += 1
    }

    fileprivate var bound: CInt { index - 1 }
}

extension Statement {
    /// Runs the statement once with the values `bind` gives (every parameter, in order), through
    /// GRDB's execution (its transaction bookkeeping and error handling unchanged).
    func execute(binding bind: (inout DirectBinder) throws -> Void) throws {
        let count = CInt(sqlite3_bind_parameter_count(sqliteStatement))
        if arguments.isEmpty, count > 0 {
            // Once per cached statement: GRDB then takes the bindings as set, and `execute()`
            // only resets the statement (which keeps them) before stepping.
            try setArguments(StatementArguments(Array(repeating: DatabaseValue.null, count: Int(count))))
        }
        // Bindings change only on a reset statement (the last execution left it done).
        sqlite3_reset(sqliteStatement)
        var binder = DirectBinder(handle: sqliteStatement)
        try bind(&binder)
        guard binder.bound == count else {
            throw StoreError(.database, "\(binder.bound) values bound for \(count) parameters: \(sql)")
        }
        try execute()
    }
}
