/// How a message's body is delimited.
enum BodyFraming: Equatable, Sendable {
    case none
    case length(Int)
    case chunked
    /// Response bodies only: until the peer closes.
    case untilClose
}

/// A request head after strict parsing, with its framing decided.
struct ParsedRequestHead: Equatable {
    var method: String
    var target: String
    var version: HTTPVersion
    var headers: HTTPHeaders
    var framing: BodyFraming
    /// False for HTTP/1.0 without keep-alive and for "Connection: close".
    var keepAlive: Bool
    /// "Expect: 100-continue" was sent.
    var expectsContinue: Bool
}

/// Parses a complete request head (as found by `HTTP1HeadScanner`).
enum HTTP1RequestHeadParser {
    static func parse(_ head: UnsafeRawBufferPointer) throws(HTTPParseError) -> ParsedRequestHead {
        var memo = HTTP1HeadMemo(remembering: false)
        return try parse(head, memo: &memo)
    }

    /// Parses `head`, taking lines equal to those of the connection's previous head from `memo`
    /// (and remembering this head's lines there).
    static func parse(_ head: UnsafeRawBufferPointer, memo: inout HTTP1HeadMemo) throws(HTTPParseError) -> ParsedRequestHead {
        let lines = HTTP1HeadScanner.lines(of: head)
        guard let requestLine = lines.first else { throw .bad("invalid_request_line", "empty request") }
        let method: String, target: String, version: HTTPVersion
        if let remembered = memo.requestLine(requestLine) {
            (method, target, version) = (remembered.method, remembered.target, remembered.version)
        } else {
            (method, target, version) = try parseRequestLine(requestLine)
            memo.remember(requestLine: requestLine, method: method, target: target, version: version)
        }
        var counts = FramingFieldCounts()
        let headers = try HTTP1FieldParser.parse(lines.dropFirst(), counting: &counts, memo: &memo)

        let contentLength = try HTTP1FieldParser.contentLength(headers, counts: counts)
        let chunked = counts.transferEncoding > 0 ? try HTTP1FieldParser.isChunked(headers) : false
        let framing: BodyFraming
        if chunked {
            // RFC 9112 §6.1: both present is how request smuggling starts; refuse instead of choosing.
            guard contentLength == nil else {
                throw .bad("content_length_and_transfer_encoding", "both Content-Length and Transfer-Encoding")
            }
            guard version == .http1_1 else {
                throw .bad("transfer_encoding_http10", "Transfer-Encoding in an HTTP/1.0 request")
            }
            framing = .chunked
        } else if let contentLength, contentLength > 0 {
            framing = .length(contentLength)
        } else {
            framing = .none
        }

        let hosts = counts.host
        if version == .http1_1, hosts != 1 {
            throw .bad(hosts == 0 ? "missing_host" : "multiple_host", "HTTP/1.1 needs exactly one Host header")
        }

        var expectsContinue = false
        if counts.expect > 0, let expect = headers["expect"] {
            guard HTTPHeaders.equalsIgnoringCase(expect.trimmingCharacters(), "100-continue") else {
                throw HTTPParseError(417, "unsupported_expectation", "only Expect: 100-continue is supported")
            }
            expectsContinue = version == .http1_1
        }

        let keepAlive: Bool
        if counts.connection > 0, headers.listContains("connection", token: "close") {
            keepAlive = false
        } else if version == .http1_0 {
            keepAlive = counts.connection > 0 && headers.listContains("connection", token: "keep-alive")
        } else {
            keepAlive = true
        }
        return ParsedRequestHead(method: method, target: target, version: version, headers: headers,
                                 framing: framing, keepAlive: keepAlive, expectsContinue: expectsContinue)
    }

    private static func parseRequestLine(_ line: UnsafeRawBufferPointer) throws(HTTPParseError) -> (String, String, HTTPVersion) {
        // Exactly two spaces, found without building an array of parts.
        guard let firstSpace = line.firstIndex(of: HTTPBytes.space),
              let secondSpace = line[(firstSpace + 1)...].firstIndex(of: HTTPBytes.space),
              !line[(secondSpace + 1)...].contains(HTTPBytes.space) else {
            throw .bad("invalid_request_line", "request line is not METHOD SP target SP version")
        }
        let method = UnsafeRawBufferPointer(rebasing: line[..<firstSpace])
        let target = UnsafeRawBufferPointer(rebasing: line[(firstSpace + 1)..<secondSpace])
        let versionBytes = UnsafeRawBufferPointer(rebasing: line[(secondSpace + 1)...])
        guard !method.isEmpty, !target.isEmpty,
              method.allSatisfy(HTTPBytes.isToken),
              target.allSatisfy({ $0 > 0x20 && $0 < 0x7F }) else {
            throw .bad("invalid_request_line", "request line is not METHOD SP target SP version")
        }
        let version: HTTPVersion
        if CommonStrings.matches(versionBytes, "HTTP/1.1") {
            version = .http1_1
        } else if CommonStrings.matches(versionBytes, "HTTP/1.0") {
            version = .http1_0
        } else {
            let versionText = String(decoding: versionBytes, as: UTF8.self)
            let bytes = Array(versionText.utf8)
            if bytes.count == 8, versionText.hasPrefix("HTTP/"), bytes[6] == UInt8(ascii: "."),
               HTTPBytes.isDigit(bytes[5]), HTTPBytes.isDigit(bytes[7]) {
                throw HTTPParseError(505, "unsupported_version", "\(versionText) is not supported")
            }
            throw .bad("invalid_request_line", "malformed HTTP version")
        }
        return (CommonStrings.method(method) ?? String(decoding: method, as: UTF8.self), String(decoding: target, as: UTF8.self), version)
    }
}

extension HTTPBytes {
    static func isDigit(_ byte: UInt8) -> Bool { byte >= 0x30 && byte <= 0x39 }
}

extension String {
    func trimmingCharacters() -> String { Substring(self).trimmingSpaces() }
}
