internal import Glibc

/// Creates bound, listening, non-blocking sockets.
enum ListeningSocket {
    /// Binds `count` SO_REUSEPORT listeners on one address, so the kernel spreads accepts over
    /// the loops. With port 0, the first bind picks the port and the others reuse it.
    static func bind(host: String, port: Int, count: Int, backlog: Int32 = 1024) throws(HTTPLayerError) -> [Socket] {
        guard let address = try SocketAddress.resolve(host: host, port: port, passive: true).first else {
            throw HTTPLayerError(.addressInvalid, "no address for \(host)")
        }
        var sockets: [Socket] = []
        var boundPort = port
        for _ in 0..<max(1, count) {
            var target = address
            if !sockets.isEmpty { setPort(&target, boundPort) }
            let socket = try SocketAddress.makeSocket(for: target)
            var one: Int32 = 1
            _ = setsockopt(socket.fd, SOL_SOCKET, SO_REUSEADDR, &one, socklen_t(MemoryLayout<Int32>.size))
            _ = setsockopt(socket.fd, SOL_SOCKET, SO_REUSEPORT, &one, socklen_t(MemoryLayout<Int32>.size))
            let length = SocketAddress.length(of: target)
            let bound = withUnsafePointer(to: &target) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { Glibc.bind(socket.fd, $0, length) }
            }
            guard bound == 0 else { throw .system(.bindFailed, "bind \(host):\(boundPort)", errno) }
            guard listen(socket.fd, backlog) == 0 else { throw .system(.bindFailed, "listen", errno) }
            if sockets.isEmpty { boundPort = socket.localPort() }
            sockets.append(socket)
        }
        return sockets
    }

    private static func setPort(_ storage: inout sockaddr_storage, _ port: Int) {
        withUnsafeMutableBytes(of: &storage) { raw in
            // sin_port and sin6_port both sit at offset 2, in network byte order.
            raw.storeBytes(of: UInt16(port).bigEndian, toByteOffset: 2, as: UInt16.self)
        }
    }
}
