/// `HOST:PORT` as given to `--listen` (`[::1]:8181` for IPv6).
struct ListenAddress: Equatable, Sendable {
    var host: String
    var port: Int

    /// nil for anything that is not `host:port` with a port in 0…65535.
    init?(_ text: String) {
        guard let colon = text.lastIndex(of: ":"), let port = Int(text[text.index(after: colon)...]), (0...65535).contains(port)
        else { return nil }
        var host = String(text[..<colon])
        if host.hasPrefix("[") && host.hasSuffix("]") { host = String(host.dropFirst().dropLast()) }
        guard !host.isEmpty else { return nil }
        self.host = host
        self.port = port
    }
}
