internal import Glibc

/// How many fields of each name that decides a message's framing or connection handling a head
/// has, counted while its fields are parsed: a head is searched only for the fields it has.
struct FramingFieldCounts: Equatable {
    var host = 0
    var contentLength = 0
    var transferEncoding = 0
    var connection = 0
    var expect = 0
    /// The index in the headers of the last Content-Length field.
    var lastContentLength = 0
    /// The last Content-Length field's value when it is a plain decimal number (the usual case,
    /// read here from the bytes); nil when it is anything else (a list, or not a number).
    var lastContentLengthValue: Int?

    /// Counts field `index`, named `name`. Names are compared only with the known names of
    /// their length.
    @inline(__always) mutating func count(_ name: UnsafeRawBufferPointer, value: UnsafeRawBufferPointer, index: Int) {
        switch name.count {
        case 4: if Self.equalsIgnoringCase(name, "host") { host += 1 }
        case 6: if Self.equalsIgnoringCase(name, "expect") { expect += 1 }
        case 10: if Self.equalsIgnoringCase(name, "connection") { connection += 1 }
        case 14:
            if Self.equalsIgnoringCase(name, "content-length") {
                contentLength += 1
                lastContentLength = index
                lastContentLengthValue = Self.plainDecimal(value)
            }
        case 17: if Self.equalsIgnoringCase(name, "transfer-encoding") { transferEncoding += 1 }
        default: break
        }
    }

    /// `bytes` as a decimal number of 1 to 18 digits; nil for anything else.
    static func plainDecimal(_ bytes: UnsafeRawBufferPointer) -> Int? {
        guard !bytes.isEmpty, bytes.count <= 18 else { return nil }
        var value = 0
        for byte in bytes {
            guard byte >= 0x30 && byte <= 0x39 else { return nil }
            value = value * 10 + Int(byte - 0x30)
        }
        return value
    }

    /// `name` equals the literal `known`, ignoring ASCII case.
    @inline(__always) static func equalsIgnoringCase(_ name: UnsafeRawBufferPointer, _ known: StaticString) -> Bool {
        HTTPHeaders.equalsIgnoringCase(name, UnsafeRawBufferPointer(start: known.utf8Start, count: known.utf8CodeUnitCount))
    }
}

/// Parses header field lines (RFC 9112 §5) strictly.
enum HTTP1FieldParser {
    /// Parses `lines` (no CRLFs) into ordered headers.
    static func parse(_ lines: ArraySlice<UnsafeRawBufferPointer>) throws(HTTPParseError) -> HTTPHeaders {
        var counts = FramingFieldCounts()
        return try parse(lines, counting: &counts)
    }

    /// Parses `lines` (no CRLFs) into ordered headers, counting the fields that decide framing.
    static func parse(_ lines: ArraySlice<UnsafeRawBufferPointer>, counting counts: inout FramingFieldCounts) throws(HTTPParseError) -> HTTPHeaders {
        var memo = HTTP1HeadMemo(remembering: false)
        return try parse(lines, counting: &counts, memo: &memo)
    }

    /// Parses `lines`, taking a line equal to the one at the same place in the previous head
    /// from `memo` (still counted), and remembering the others there.
    static func parse(
        _ lines: ArraySlice<UnsafeRawBufferPointer>, counting counts: inout FramingFieldCounts, memo: inout HTTP1HeadMemo
    ) throws(HTTPParseError) -> HTTPHeaders {
        var headers = HTTPHeaders()
        headers.reserveCapacity(lines.count)
        defer { memo.keepFields(lines.count) }
        for (index, line) in zip(0..., lines) {
            if let remembered = memo.field(index, line) {
                counts.count(
                    UnsafeRawBufferPointer(rebasing: line[remembered.name]), value: UnsafeRawBufferPointer(rebasing: line[remembered.value]),
                    index: headers.count)
                headers.add(remembered.field)
                continue
            }
            guard let first = line.first else { continue }
            if first == HTTPBytes.space || first == HTTPBytes.tab {
                // obs-fold (RFC 9112 §5.2): a server MUST reject it or replace it; we reject.
                throw .bad("obs_fold", "obsolete line folding in a header field")
            }
            guard let base = line.baseAddress, let found = memchr(base, Int32(HTTPBytes.colon), line.count),
                  case let colon = base.distance(to: UnsafeRawPointer(found)), colon > 0 else {
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
            guard HTTPBytes.areFieldValueBytes(value) else {
                throw .bad("invalid_header_value", "control character in a header value")
            }
            counts.count(name, value: value, index: headers.count)
            let field = HTTPHeaders.Field(
                name: CommonStrings.fieldName(name) ?? String(decoding: name, as: UTF8.self),
                value: CommonStrings.fieldValue(value) ?? String(decoding: value, as: UTF8.self))
            memo.remember(field: field, at: index, line: line, name: 0..<colon, value: valueStart..<valueEnd)
            headers.add(field)
        }
        return headers
    }

    /// The declared Content-Length: nil when absent; 400 when malformed or when copies differ
    /// (RFC 9112 §6.3: identical repeated values may be collapsed, differing ones are an error).
    static func contentLength(_ headers: HTTPHeaders) throws(HTTPParseError) -> Int? {
        var result: Int?
        for field in headers.fields where HTTPHeaders.equalsIgnoringCase(field.name, "content-length") {
            try contentLength(field.value, into: &result)
        }
        return result
    }

    /// The declared Content-Length when `counts` says where its only field is (the usual head);
    /// otherwise as `contentLength(_:)` finds it.
    static func contentLength(_ headers: HTTPHeaders, counts: FramingFieldCounts) throws(HTTPParseError) -> Int? {
        guard counts.contentLength == 1 else { return counts.contentLength == 0 ? nil : try contentLength(headers) }
        if let value = counts.lastContentLengthValue { return value }
        var result: Int?
        try contentLength(headers.fields[counts.lastContentLength].value, into: &result)
        return result
    }

    /// Reads the items of one Content-Length value into `result`, which holds the value of the
    /// fields before (items and fields must all agree).
    private static func contentLength(_ value: String, into result: inout Int?) throws(HTTPParseError) {
        _ = try HTTPHeaders.firstListItem(of: value) { item throws(HTTPParseError) in
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
