import Glibc

/// Finds the end of a message head (the empty line) incrementally, enforcing the size and
/// line-count limits and CRLF line endings as bytes arrive. Bytes already scanned are not
/// scanned again, so a peer dribbling one byte at a time costs linear time.
struct HTTP1HeadScanner {
    /// Header bytes allowed, request line included (431 beyond).
    let maxHeaderBytes: Int
    /// Header fields allowed (431 beyond).
    let maxHeaderCount: Int
    private var scanned = 0
    private var lineStart = 0
    private var lineCount = 0

    init(maxHeaderBytes: Int, maxHeaderCount: Int) {
        self.maxHeaderBytes = maxHeaderBytes
        self.maxHeaderCount = maxHeaderCount
    }

    /// True once any byte of the head was scanned.
    var hasStarted: Bool { scanned > 0 }

    /// Scans `bytes` (the head so far, from its first byte). Returns the head's length including
    /// the final CRLF CRLF, or nil when more bytes are needed.
    ///
    /// Bare LF and bare CR are refused (400) rather than tolerated: RFC 9112 §2.2 allows either,
    /// and refusing both consistently leaves no room for a proxy and us to disagree.
    mutating func scan(_ bytes: UnsafeRawBufferPointer) throws(HTTPParseError) -> Int? {
        guard let base = bytes.baseAddress else { return nil }
        // Line by line with memchr (vectorized), not byte by byte: this runs for every request.
        while scanned < bytes.count {
            guard let found = memchr(base + scanned, Int32(HTTPBytes.lf), bytes.count - scanned) else {
                // No end of line yet. A CR before the last byte is followed by something else.
                let from = max(lineStart, scanned - 1)
                if bytes.count - 1 > from, memchr(base + from, Int32(HTTPBytes.cr), bytes.count - 1 - from) != nil {
                    throw .bad("bare_cr", "CR not followed by LF in the message head")
                }
                scanned = bytes.count
                if scanned > maxHeaderBytes {
                    throw HTTPParseError(431, "headers_too_large", "message head larger than \(maxHeaderBytes) bytes")
                }
                return nil
            }
            let lf = base.distance(to: UnsafeRawPointer(found))
            guard lf > lineStart, bytes[lf - 1] == HTTPBytes.cr else {
                throw .bad("bare_lf", "LF without CR in the message head")
            }
            if lf - 1 > lineStart, memchr(base + lineStart, Int32(HTTPBytes.cr), lf - 1 - lineStart) != nil {
                throw .bad("bare_cr", "CR not followed by LF in the message head")
            }
            if lf + 1 > maxHeaderBytes {
                throw HTTPParseError(431, "headers_too_large", "message head larger than \(maxHeaderBytes) bytes")
            }
            if lf - lineStart == 1 {
                return lf + 1
            }
            lineCount += 1
            if lineCount - 1 > maxHeaderCount {
                throw HTTPParseError(431, "too_many_headers", "more than \(maxHeaderCount) header fields")
            }
            lineStart = lf + 1
            scanned = lf + 1
        }
        return nil
    }

    /// The lines of a complete head (without CRLFs and without the final empty line).
    static func lines(of head: UnsafeRawBufferPointer) -> [UnsafeRawBufferPointer] {
        var lines: [UnsafeRawBufferPointer] = []
        // One allocation for the usual head (a request line and up to 15 fields), not one per doubling.
        lines.reserveCapacity(16)
        guard let base = head.baseAddress else { return lines }
        var start = 0
        var index = 0
        while index + 1 < head.count {
            // The next CR by memchr (vectorized), not byte by byte.
            guard let found = memchr(base + index, Int32(HTTPBytes.cr), head.count - 1 - index) else { break }
            index = base.distance(to: UnsafeRawPointer(found))
            if head[index + 1] == HTTPBytes.lf {
                if index == start { break }
                lines.append(UnsafeRawBufferPointer(rebasing: head[start..<index]))
                start = index + 2
                index += 2
                continue
            }
            index += 1
        }
        return lines
    }
}
