/// Why a store call failed, with a stable `code` (tests and metrics match on it) and a human `reason`.
public struct StoreError: Error, Sendable, Equatable, CustomStringConvertible {
    public enum Code: String, Sendable, Hashable {
        /// SQLite refused (I/O error, disk full, busy beyond the timeout, …).
        case database
        /// A stored row could not be read back (a value this binary does not understand).
        case corruptRecord
        /// The database was migrated by a newer binary; this one must not write to it.
        case schemaTooNew
        /// The group committer was shut down before the batch could be written.
        case shutDown
    }

    public var code: Code
    public var reason: String

    public init(_ code: Code, _ reason: String) {
        self.code = code
        self.reason = reason
    }

    public var description: String { "\(code.rawValue): \(reason)" }
}
