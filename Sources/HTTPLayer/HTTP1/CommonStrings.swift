import Glibc

/// Strings that arrive in nearly every HTTP/1.1 request. A request head is turned into a method,
/// a target and a `String` per field name and value; for these, the parser takes a string literal
/// instead of validating and copying the bytes again (and, past 15 bytes, allocating). Go's `net/textproto` keeps a table of common header names for the same reason.
///
/// Matching is exact, byte for byte: a name is kept as received, so "Content-Type" and
/// "content-type" are two entries.
enum CommonStrings {
    /// The method token of a request line, when it is a common one.
    static func method(_ bytes: UnsafeRawBufferPointer) -> String? {
        switch bytes.count {
        case 3:
            if matches(bytes, "GET") { return "GET" }
            if matches(bytes, "PUT") { return "PUT" }
        case 4:
            if matches(bytes, "POST") { return "POST" }
            if matches(bytes, "HEAD") { return "HEAD" }
        case 5: if matches(bytes, "PATCH") { return "PATCH" }
        case 6: if matches(bytes, "DELETE") { return "DELETE" }
        default: break
        }
        return nil
    }

    /// A field name as kube-apiserver (Go, canonical case) or curl and nghttp2 (lowercase) send it.
    static func fieldName(_ bytes: UnsafeRawBufferPointer) -> String? {
        switch bytes.count {
        case 4:
            if matches(bytes, "Host") { return "Host" }
            if matches(bytes, "host") { return "host" }
        case 6:
            if matches(bytes, "Accept") { return "Accept" }
            if matches(bytes, "accept") { return "accept" }
        case 8:
            if matches(bytes, "Audit-Id") { return "Audit-Id" }
            if matches(bytes, "audit-id") { return "audit-id" }
        case 10:
            if matches(bytes, "User-Agent") { return "User-Agent" }
            if matches(bytes, "user-agent") { return "user-agent" }
            if matches(bytes, "Connection") { return "Connection" }
            if matches(bytes, "connection") { return "connection" }
        case 12:
            if matches(bytes, "Content-Type") { return "Content-Type" }
            if matches(bytes, "content-type") { return "content-type" }
        case 14:
            if matches(bytes, "Content-Length") { return "Content-Length" }
            if matches(bytes, "content-length") { return "content-length" }
        case 15:
            if matches(bytes, "Accept-Encoding") { return "Accept-Encoding" }
            if matches(bytes, "accept-encoding") { return "accept-encoding" }
        default: break
        }
        return nil
    }

    /// A field value that many requests carry.
    static func fieldValue(_ bytes: UnsafeRawBufferPointer) -> String? {
        switch bytes.count {
        case 3: if matches(bytes, "*/*") { return "*/*" }
        case 4: if matches(bytes, "gzip") { return "gzip" }
        case 16: if matches(bytes, "application/json") { return "application/json" }
        case 21: if matches(bytes, "application/json, */*") { return "application/json, */*" }
        // What kube-apiserver sends as its User-Agent on admission calls.
        case 24: if matches(bytes, "kube-apiserver-admission") { return "kube-apiserver-admission" }
        // Go's default User-Agent (the audit webhook backend sets none).
        case 18: if matches(bytes, "Go-http-client/1.1") { return "Go-http-client/1.1" }
        default: break
        }
        return nil
    }

    /// Every string the tables above give, for tests: each must come back for its own bytes.
    static let all: [String] = [
        "GET", "PUT", "POST", "HEAD", "PATCH", "DELETE",
        "Host", "host", "Accept", "accept", "Audit-Id", "audit-id", "User-Agent", "user-agent", "Connection", "connection",
        "Content-Type", "content-type", "Content-Length", "content-length", "Accept-Encoding", "accept-encoding",
        "*/*", "gzip", "application/json", "application/json, */*", "kube-apiserver-admission", "Go-http-client/1.1",
    ]

    /// `bytes` are exactly `text` (a literal of more than one character).
    @inline(__always)
    static func matches(_ bytes: UnsafeRawBufferPointer, _ text: StaticString) -> Bool {
        guard bytes.count == text.utf8CodeUnitCount, let base = bytes.baseAddress else { return false }
        return memcmp(base, text.utf8Start, bytes.count) == 0
    }
}
