/// Writes HTTP/1.1 responses and requests to bytes.
enum HTTP1Serializer {
    /// Headers the layer writes itself; a handler's copies are dropped.
    static let managedHeaders: Set<String> = ["content-length", "transfer-encoding", "connection", "keep-alive"]

    /// The response's bytes. `includeBody` is false for HEAD; Content-Length is still the body's.
    /// `announceKeepAlive`: an HTTP/1.0 client asked for keep-alive and must be told it got it.
    static func response(_ response: HTTPResponse, keepAlive: Bool, includeBody: Bool, date: String?,
                         announceKeepAlive: Bool = false) -> [UInt8] {
        var text = "HTTP/1.1 \(response.status) \(HTTPResponse.reasonPhrase(response.status))\r\n"
        for field in response.headers where !managedHeaders.contains(field.name.lowercased()) {
            text += "\(field.name): \(field.value)\r\n"
        }
        if let date, !response.headers.contains("date") { text += "date: \(date)\r\n" }
        let bodyless = response.status == 204 || response.status == 304 || response.status < 200
        if !bodyless { text += "content-length: \(response.body.count)\r\n" }
        if !keepAlive { text += "connection: close\r\n" } else if announceKeepAlive { text += "connection: keep-alive\r\n" }
        text += "\r\n"
        var bytes = Array(text.utf8)
        if includeBody, !bodyless { bytes.append(contentsOf: response.body) }
        return bytes
    }

    /// "HTTP/1.1 100 Continue", sent when a request with Expect: 100-continue is accepted.
    static let continueResponse = Array("HTTP/1.1 100 Continue\r\n\r\n".utf8)

    /// A request's bytes (client side). `host` is the Host header value.
    static func request(method: String, target: String, host: String, headers: HTTPHeaders, body: [UInt8]) -> [UInt8] {
        var text = "\(method) \(target) HTTP/1.1\r\n"
        if !headers.contains("host") { text += "host: \(host)\r\n" }
        for field in headers where !managedHeaders.contains(field.name.lowercased()) {
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
