/// The parts of an absolute http/https URL the client needs.
struct ClientURL: Equatable, Sendable {
    var secure: Bool
    var host: String
    var port: Int
    /// origin-form request-target: path and query.
    var target: String

    /// The pool key: one pool per scheme, host and port.
    var origin: String { "\(secure ? "https" : "http")://\(hostHeader)" }

    /// Host header value: host, plus the port when it is not the scheme's default.
    var hostHeader: String {
        let name = host.contains(":") ? "[\(host)]" : host
        return port == (secure ? 443 : 80) ? name : "\(name):\(port)"
    }

    static func parse(_ text: String) throws(HTTPLayerError) -> ClientURL {
        let secure: Bool
        var rest: Substring
        if text.hasPrefix("http://") {
            secure = false
            rest = text.dropFirst(7)
        } else if text.hasPrefix("https://") {
            secure = true
            rest = text.dropFirst(8)
        } else {
            throw HTTPLayerError(.invalidURL, "\(text): scheme must be http or https")
        }
        let authorityEnd = rest.firstIndex { $0 == "/" || $0 == "?" || $0 == "#" } ?? rest.endIndex
        let authority = rest[..<authorityEnd]
        rest = rest[authorityEnd...]
        if let fragment = rest.firstIndex(of: "#") { rest = rest[..<fragment] }
        guard !authority.isEmpty, !authority.contains("@") else {
            throw HTTPLayerError(.invalidURL, "\(text): missing host or userinfo present")
        }
        var host: Substring
        var portText: Substring?
        if authority.hasPrefix("[") {
            guard let close = authority.firstIndex(of: "]") else { throw HTTPLayerError(.invalidURL, "\(text): bad IPv6 literal") }
            host = authority[authority.index(after: authority.startIndex)..<close]
            let after = authority[authority.index(after: close)...]
            if after.hasPrefix(":") { portText = after.dropFirst() } else if !after.isEmpty {
                throw HTTPLayerError(.invalidURL, "\(text): bad authority")
            }
        } else if let colon = authority.lastIndex(of: ":") {
            host = authority[..<colon]
            portText = authority[authority.index(after: colon)...]
        } else {
            host = authority
        }
        var port = secure ? 443 : 80
        if let portText {
            guard let value = Int(portText), (1...65535).contains(value) else {
                throw HTTPLayerError(.invalidURL, "\(text): bad port")
            }
            port = value
        }
        guard !host.isEmpty else { throw HTTPLayerError(.invalidURL, "\(text): empty host") }
        let target = rest.isEmpty ? "/" : (rest.hasPrefix("?") ? "/" + rest : String(rest))
        return ClientURL(secure: secure, host: String(host), port: port, target: target)
    }
}
