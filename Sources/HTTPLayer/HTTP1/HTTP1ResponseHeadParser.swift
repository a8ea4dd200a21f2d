/// A response head as the client reads it.
struct ParsedResponseHead: Equatable {
    var status: Int
    var headers: HTTPHeaders
    var framing: BodyFraming
    /// False when the server said Connection: close, spoke HTTP/1.0, or delimits by close.
    var keepAlive: Bool
}

/// Parses a complete response head (RFC 9112 §4) and decides the body framing (§6.3).
enum HTTP1ResponseHeadParser {
    static func parse(_ head: UnsafeRawBufferPointer, requestMethod: String) throws(HTTPParseError) -> ParsedResponseHead {
        let lines = HTTP1HeadScanner.lines(of: head)
        guard let statusLine = lines.first, statusLine.count >= 12 else {
            throw .bad("invalid_status_line", "missing status line")
        }
        let text = String(decoding: statusLine, as: UTF8.self)
        let isHTTP11 = text.hasPrefix("HTTP/1.1 ")
        guard isHTTP11 || text.hasPrefix("HTTP/1.0 ") else { throw .bad("invalid_status_line", "not HTTP/1.x") }
        let codeBytes = Array(statusLine[9..<12])
        guard codeBytes.allSatisfy(HTTPBytes.isDigit), statusLine.count == 12 || statusLine[12] == HTTPBytes.space,
              let status = Int(String(decoding: codeBytes, as: UTF8.self)) else {
            throw .bad("invalid_status_line", "malformed status code")
        }
        let headers = try HTTP1FieldParser.parse(lines.dropFirst())
        let framing: BodyFraming
        if requestMethod == "HEAD" || status < 200 || status == 204 || status == 304 {
            framing = .none
        } else if try HTTP1FieldParser.isChunked(headers) {
            framing = .chunked
        } else if let length = try HTTP1FieldParser.contentLength(headers) {
            framing = length == 0 ? .none : .length(length)
        } else {
            framing = .untilClose
        }
        let keepAlive = isHTTP11 && framing != .untilClose && !headers.listContains("connection", token: "close")
        return ParsedResponseHead(status: status, headers: headers, framing: framing, keepAlive: keepAlive)
    }
}
