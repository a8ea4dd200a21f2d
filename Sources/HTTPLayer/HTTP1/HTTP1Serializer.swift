/// Writes HTTP/1.1 responses and requests to bytes.
enum HTTP1Serializer {
    /// Headers the layer writes itself; a handler's copies are dropped.
    static let managedHeaders = ["content-length", "transfer-encoding", "connection", "keep-alive"]

    static func isManaged(_ name: String) -> Bool {
        managedHeaders.contains { HTTPHeaders.equalsIgnoringCase(name, $0) }
    }

    /// The response's bytes. `includeBody` is false for HEAD; Content-Length is still the body's.
    /// `announceKeepAlive`: an HTTP/1.0 client asked for keep-alive and must be told it got it.
    static func response(_ response: HTTPResponse, keepAlive: Bool, includeBody: Bool, date: String?,
                         announceKeepAlive: Bool = false) -> [UInt8] {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(160 + (includeBody ? response.body.count : 0))
        append(response, keepAlive: keepAlive, includeBody: includeBody, date: date, announceKeepAlive: announceKeepAlive, to: &bytes)
        return bytes
    }

    /// Appends the response's bytes to `bytes` (a connection's output buffer). The head is
    /// written into a buffer on the stack and appended in one copy, then the body: this runs
    /// once per response, and a dozen small appends to the array cost more than the head itself.
    static func append(_ response: HTTPResponse, keepAlive: Bool, includeBody: Bool, date: String?,
                       announceKeepAlive: Bool = false, to bytes: inout [UInt8]) {
        let written = withUnsafeTemporaryAllocation(byteCount: 1024, alignment: 1) { buffer -> Bool in
            var head = FixedHead(buffer)
            writeHead(response, keepAlive: keepAlive, date: date, announceKeepAlive: announceKeepAlive, to: &head)
            guard !head.overflowed else { return false }
            bytes.append(contentsOf: UnsafeRawBufferPointer(rebasing: buffer[..<head.count]))
            return true
        }
        // A head of more than 1 KiB (long header values): written to the array directly.
        if !written { writeHead(response, keepAlive: keepAlive, date: date, announceKeepAlive: announceKeepAlive, to: &bytes) }
        if includeBody, !isBodyless(response.status) { bytes.append(contentsOf: response.body) }
    }

    static func isBodyless(_ status: Int) -> Bool { status == 204 || status == 304 || status < 200 }

    /// The status line, the fields and the empty line that ends the head.
    static func writeHead<Sink: HeadSink>(_ response: HTTPResponse, keepAlive: Bool, date: String?,
                                          announceKeepAlive: Bool, to sink: inout Sink) {
        if response.status == 200 {
            sink.write("HTTP/1.1 200 OK\r\n")
        } else {
            sink.write("HTTP/1.1 ")
            sink.writeDecimal(response.status)
            sink.write(" ")
            sink.write(HTTPResponse.reasonPhrase(response.status))
            sink.write("\r\n")
        }
        for field in response.headers where !isManaged(field.name) {
            sink.writeField(field.name, field.value)
        }
        if let date, !response.headers.contains("date") { sink.writeField("date", date) }
        if !isBodyless(response.status) {
            sink.write("content-length: ")
            sink.writeDecimal(response.body.count)
            sink.write("\r\n")
        }
        if !keepAlive {
            sink.write("connection: close\r\n")
        } else if announceKeepAlive {
            sink.write("connection: keep-alive\r\n")
        }
        sink.write("\r\n")
    }

    /// `value` (not negative) in decimal.
    static func appendDecimal(_ value: Int, to bytes: inout [UInt8]) {
        bytes.writeDecimal(value)
    }

    /// "HTTP/1.1 100 Continue", sent when a request with Expect: 100-continue is accepted.
    static let continueResponse = Array("HTTP/1.1 100 Continue\r\n\r\n".utf8)

    /// A request's bytes (client side). `host` is the Host header value.
    static func request(method: String, target: String, host: String, headers: HTTPHeaders, body: [UInt8]) -> [UInt8] {
        var text = "\(method) \(target) HTTP/1.1\r\n"
        if !headers.contains("host") { text += "host: \(host)\r\n" }
        for field in headers where !isManaged(field.name) {
            text += "\(field.name): \(field.value)\r\n"
        }
        if !body.isEmpty || method == "POST" || method == "PUT" || method == "PATCH" {
            text += "content-length: \(body.count)\r\n"
        }
        text += "\r\n"
        var bytes = Array(text.utf8)
        bytes.append(contentsOf: body)
        return bytes
    }
}
