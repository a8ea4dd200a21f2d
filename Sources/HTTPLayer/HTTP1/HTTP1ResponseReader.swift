/// Reads one HTTP/1.1 response (client side) from bytes as they arrive: skips interim 1xx
/// responses, then decodes the body by Content-Length, chunked coding or connection close.
struct HTTP1ResponseReader {
    enum Progress: Equatable {
        case needMore
        /// `reusable`: the connection may carry another request (keep-alive, no stray bytes).
        case complete(ClientResponse, reusable: Bool)
    }

    /// Limits of a response head the client accepts.
    static let maxHeaderBytes = 64 * 1024
    static let maxHeaderCount = 256

    let method: String
    let maxBodyBytes: Int
    private var scanner = HTTP1HeadScanner(maxHeaderBytes: maxHeaderBytes, maxHeaderCount: maxHeaderCount)
    private var head: ParsedResponseHead?
    private var decoder: HTTP1BodyDecoder?
    /// Bytes received and not consumed yet: a head still coming in, or what a read brought past
    /// the body. The body itself is kept once, in `decoder`.
    private var inbound: [UInt8] = []
    private var start = 0
    private var receivedAny = false

    init(method: String, maxBodyBytes: Int) {
        self.method = method
        self.maxBodyBytes = maxBodyBytes
    }

    /// True once any response byte arrived.
    var hasReceivedBytes: Bool { receivedAny }

    /// Bytes held besides the body (a head coming in, bytes past the body): for tests.
    var heldBesidesBody: Int { inbound.count }

    mutating func receive(_ bytes: UnsafeRawBufferPointer) throws(HTTPParseError) -> Progress {
        receivedAny = receivedAny || !bytes.isEmpty
        inbound.append(contentsOf: bytes)
        // A second reference to the same storage (no copy): `advance` never mutates `inbound`
        // before it is done with `all`.
        let buffer = inbound
        let result = buffer.withUnsafeBytes { all in
            Result { () throws(HTTPParseError) -> Progress in try advance(all) }
        }
        // What the body took is the decoder's now: keeping it here too held every response twice,
        // and each read appended to a buffer the size of all that came before.
        if case .success(.needMore) = result, start > 0 {
            inbound = Array(buffer[start...])
            start = 0
        }
        return try result.get()
    }

    private mutating func advance(_ all: UnsafeRawBufferPointer) throws(HTTPParseError) -> Progress {
        while true {
            if head == nil {
                let rest = UnsafeRawBufferPointer(rebasing: all[start...])
                guard let length = try scanner.scan(rest) else { return .needMore }
                let parsed = try HTTP1ResponseHeadParser.parse(UnsafeRawBufferPointer(rebasing: rest[0..<length]),
                                                              requestMethod: method)
                start += length
                scanner = HTTP1HeadScanner(maxHeaderBytes: Self.maxHeaderBytes, maxHeaderCount: Self.maxHeaderCount)
                if parsed.status < 200 { continue }  // 100 Continue and other interim responses
                head = parsed
                decoder = try HTTP1BodyDecoder(framing: parsed.framing, maxBytes: maxBodyBytes)
            }
            // Taken out while it is fed, so that its body is not shared and grows in place (a
            // copy left in `decoder` made every read copy the whole body so far).
            guard let head, var body = decoder.take() else { return .needMore }
            start += try body.feed(UnsafeRawBufferPointer(rebasing: all[start...]))
            decoder = body
            guard body.isComplete else { return .needMore }
            let response = ClientResponse(status: head.status, headers: head.headers, body: body.takeBody())
            decoder = body
            inbound = []
            return .complete(response, reusable: head.keepAlive && start == all.count)
        }
    }

    /// The server closed the connection: the response, if its body was delimited by the close.
    mutating func endOfStream() -> ClientResponse? {
        guard let head, var body = decoder, (try? body.finishAtEndOfStream()) != nil else { return nil }
        decoder = body
        return ClientResponse(status: head.status, headers: head.headers, body: body.takeBody())
    }
}
