/// Outcome of one read or write on a connection's transport.
enum TransportResult {
    case bytes(Int)
    case wouldBlock
    /// TLS needs the socket writable before it can read (rare in TLS 1.3; renegotiation is off).
    case wantWrite
    case endOfFile
    case failed(HTTPLayerError)
}

/// Reads and writes application bytes over a socket, through TLS when there is a stream.
/// Shared by server and client connections; the socket and TLS stream stay owned by them.
enum Transport {
    static func read(_ socket: Socket, _ tls: TLSStream?, into buffer: UnsafeMutableRawBufferPointer) -> TransportResult {
        if let tls {
            switch tls.read(into: buffer) {
            case .done(let count): return .bytes(count)
            case .wantRead: return .wouldBlock
            case .wantWrite: return .wantWrite
            case .closed: return .endOfFile
            case .failed(let error): return .failed(error)
            }
        }
        return TransportResult(socket.read(into: buffer))
    }

    static func write(_ socket: Socket, _ tls: TLSStream?, _ bytes: UnsafeRawBufferPointer) -> TransportResult {
        if let tls {
            switch tls.write(bytes) {
            case .done(let count): return .bytes(count)
            case .wantRead, .wantWrite: return .wouldBlock
            case .closed: return .endOfFile
            case .failed(let error): return .failed(error)
            }
        }
        return TransportResult(socket.write(bytes))
    }
}

extension TransportResult {
    init(_ result: IOResult) {
        switch result {
        case .bytes(let count): self = .bytes(count)
        case .wouldBlock: self = .wouldBlock
        case .endOfFile: self = .endOfFile
        case .failed(let error): self = .failed(error)
        }
    }
}
