/// Parses header field lines (RFC 9112 §5) strictly.
enum HTTP1FieldParser {
    /// Parses `lines` (no CRLFs) into ordered headers.
    static func parse(_ lines: ArraySlice<UnsafeRawBufferPointer>) throws(HTTPParseError) -> HTTPHeaders {
        var headers = HTTPHeaders()
        headers.reserveCapacity(lines.count)
        for line in lines {
            guard let first = line.first else { continue }
            if first == HTTPBytes.space || first == HTTPBytes.tab {
                // obs-fold (RFC 9112 §5.2): a server MUST reject it or replace it; we reject.
                throw .bad("obs_fold", "obsolete line folding in a header field")
            }
            guard let colon = line.firstIndex(of: HTTPBytes.colon), colon > 0 else {
                throw .bad("invalid_header_name", "header line without a name and colon")
            }
            let name = UnsafeRawBufferPointer(rebasing: line[..<colon])
            // No whitespace between name and colon (RFC 9112 §5.1): it smuggles headers past proxies.
            guard name.allSatisfy(HTTPBytes.isToken) else {
                throw .bad("invalid_header_name", "header name is not a token")
            }
            var valueStart = colon + 1
            var valueEnd = line.count
            while valueStart < valueEnd, line[valueStart] == HTTPBytes.space || line[valueStart] == HTTPBytes.tab {
                valueStart += 1
            }
            while valueEnd > valueStart, line[valueEnd - 1] == HTTPBytes.space || line[valueEnd - 1] == HTTPBytes.tab {
                valueEnd -= 1
            }
            let value = UnsafeRawBufferPointer(rebasing: line[valueStart..<valueEnd])
            guard value.allSatisfy(HTTPBytes.isFieldValueByte) else {
                throw .bad("invalid_header_value", "control character in a header value")
            }
            headers.add(name: String(decoding: name, as: UTF8.self), value: String(decoding: value, as: UTF8.self))
        }
        return headers
    }

    /// The declared Content-Length: nil when absent; 400 when malformed or when copies differ
    /// (RFC 9112 §6.3: identical repeated values may be collapsed, differing ones are an error).
    static func contentLength(_ headers: HTTPHeaders) throws(HTTPParseError) -> Int? {
        var result: Int?
        for field in headers.fields where HTTPHeaders.equalsIgnoringCase(field.name, "content-length") {
            _ = try HTTPHeaders.firstListItem(of: field.value) { item throws(HTTPParseError) in
                guard !item.isEmpty, item.count <= 18, item.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) else {
                    throw .bad("invalid_content_length", "Content-Length is not a decimal number")
                }
                var length = 0
                for digit in item { length = length * 10 + Int(digit - 0x30) }
                if let result, result != length {
                    throw .bad("conflicting_content_length", "Content-Length values differ")
                }
                result = length
                return false
            }
        }
        return result
    }

    /// True when Transfer-Encoding is exactly "chunked"; 501 for any other coding.
    static func isChunked(_ headers: HTTPHeaders) throws(HTTPParseError) -> Bool {
        guard headers.count(of: "transfer-encoding") > 0 else { return false }
        let values = headers.values(for: "transfer-encoding")
        let codings = values.flatMap { $0.split(separator: ",").map { $0.trimmingSpaces() } }
        guard codings.count == 1, let coding = codings.first, HTTPHeaders.equalsIgnoringCase(coding, "chunked") else {
            throw HTTPParseError(501, "unsupported_transfer_encoding", "only Transfer-Encoding: chunked is supported")
        }
        return true
    }
}
