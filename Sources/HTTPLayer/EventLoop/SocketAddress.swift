internal import Glibc

/// Resolution and formatting of IPv4/IPv6 socket addresses.
enum SocketAddress {
    /// Resolves `host` (a name or a literal) for a TCP socket. Blocking for names: call off the loops.
    static func resolve(host: String, port: Int, passive: Bool) throws(HTTPLayerError) -> [sockaddr_storage] {
        var hints = addrinfo()
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        hints.ai_family = AF_UNSPEC
        hints.ai_flags = passive ? AI_PASSIVE : 0
        var result: UnsafeMutablePointer<addrinfo>?
        let lookupHost = host.hasPrefix("[") && host.hasSuffix("]") ? String(host.dropFirst().dropLast()) : host
        let status = getaddrinfo(lookupHost.isEmpty ? nil : lookupHost, String(port), &hints, &result)
        guard status == 0, let first = result else {
            throw HTTPLayerError(.addressInvalid, "cannot resolve \(host): \(String(cString: gai_strerror(status)))")
        }
        defer { freeaddrinfo(first) }
        var addresses: [sockaddr_storage] = []
        var cursor: UnsafeMutablePointer<addrinfo>? = first
        while let info = cursor {
            if let address = info.pointee.ai_addr {
                var storage = sockaddr_storage()
                withUnsafeMutableBytes(of: &storage) { target in
                    target.copyMemory(from: UnsafeRawBufferPointer(start: address, count: Int(info.pointee.ai_addrlen)))
                }
                addresses.append(storage)
            }
            cursor = info.pointee.ai_next
        }
        return addresses
    }

    static func length(of storage: sockaddr_storage) -> socklen_t {
        storage.ss_family == sa_family_t(AF_INET6)
            ? socklen_t(MemoryLayout<sockaddr_in6>.size) : socklen_t(MemoryLayout<sockaddr_in>.size)
    }

    static func port(of storage: sockaddr_storage) -> Int {
        var copy = storage
        return withUnsafeBytes(of: &copy) { raw in
            if storage.ss_family == sa_family_t(AF_INET6) {
                return Int(UInt16(bigEndian: raw.load(as: sockaddr_in6.self).sin6_port))
            }
            return Int(UInt16(bigEndian: raw.load(as: sockaddr_in.self).sin_port))
        }
    }

    /// "1.2.3.4:5678" or "[::1]:5678".
    static func describe(_ storage: sockaddr_storage) -> String {
        var copy = storage
        var text = [CChar](repeating: 0, count: Int(INET6_ADDRSTRLEN) + 1)
        let family = Int32(storage.ss_family)
        let ok = withUnsafeMutableBytes(of: &copy) { raw -> Bool in
            guard let base = raw.baseAddress else { return false }
            if family == AF_INET6 {
                return inet_ntop(AF_INET6, base + 8, &text, socklen_t(text.count)) != nil
            }
            return inet_ntop(AF_INET, base + 4, &text, socklen_t(text.count)) != nil
        }
        guard ok else { return "unknown" }
        let host = String(decoding: text.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        let port = port(of: storage)
        return family == AF_INET6 ? "[\(host)]:\(port)" : "\(host):\(port)"
    }

    /// A new non-blocking TCP socket for `storage`'s family.
    static func makeSocket(for storage: sockaddr_storage) throws(HTTPLayerError) -> Socket {
        let type = Int32(SOCK_STREAM.rawValue) | Int32(SOCK_NONBLOCK.rawValue) | Int32(SOCK_CLOEXEC.rawValue)
        let fd = socket(Int32(storage.ss_family), type, 0)
        guard fd >= 0 else { throw .system(.bindFailed, "socket", errno) }
        return Socket(fd: fd)
    }
}
