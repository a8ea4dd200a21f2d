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

    /// Appends the response's bytes to `bytes` (a connection's output buffer): no intermediate
    /// strings or arrays, as this runs once per response.
    static func append(_ response: HTTPResponse, keepAlive: Bool, includeBody: Bool, date: String?,
                       announceKeepAlive: Bool = false, to bytes: inout [UInt8]) {
        if response.status == 200 {
            append("HTTP/1.1 200 OK\r\n", to: &bytes)
        } else {
            append("HTTP/1.1 ", to: &bytes)
            appendDecimal(response.status, to: &bytes)
            bytes.append(UInt8(ascii: " "))
            append(HTTPResponse.reasonPhrase(response.status), to: &bytes)
            append("\r\n", to: &bytes)
        }
        for field in response.headers where !isManaged(field.name) {
            appendField(field.name, field.value, to: &bytes)
        }
        if let date, !response.headers.contains("date") { appendField("date", date, to: &bytes) }
        let bodyless = response.status == 204 || response.status == 304 || response.status < 200
        if !bodyless {
            append("content-length: ", to: &bytes)
            appendDecimal(response.body.count, to: &bytes)
            append("\r\n", to: &bytes)
        }
        if !keepAlive {
            appendField("connection", "close", to: &bytes)
        } else if announceKeepAlive {
            appendField("connection", "keep-alive", to: &bytes)
        }
        append("\r\n", to: &bytes)
        if includeBody, !bodyless { bytes.append(contentsOf: response.body) }
    }

    static func appendField(_ name: String, _ value: String, to bytes: inout [UInt8]) {
        append(name, to: &bytes)
        append(": ", to: &bytes)
        append(value, to: &bytes)
        append("\r\n", to: &bytes)
    }

    /// Appends a literal's bytes in one copy.
    @inline(__always) static func append(_ text: StaticString, to bytes: inout [UInt8]) {
        bytes.append(contentsOf: UnsafeBufferPointer(start: text.utf8Start, count: text.utf8CodeUnitCount))
    }

    /// Appends a string's UTF-8 in one copy (appending its `utf8` view went through the generic
    /// sequence path: ~170 instructions per call, nine calls per response).
    @inline(__always) static func append(_ text: String, to bytes: inout [UInt8]) {
        var text = text
        text.withUTF8 { bytes.append(contentsOf: $0) }
    }

    /// `value` (not negative) in decimal.
    static func appendDecimal(_ value: Int, to bytes: inout [UInt8]) {
        var digits: (UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8,
                     UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8) =
            (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
        var count = 0
        var rest = value.magnitude
        withUnsafeMutableBytes(of: &digits) { buffer in
            repeat {
                buffer[19 - count] = UInt8(ascii: "0") + UInt8(rest % 10)
                rest /= 10
                count += 1
            } while rest > 0
            bytes.append(contentsOf: buffer[(20 - count)...])
        }
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
