/// One request stream of an HTTP/2 server connection.
final class HTTP2Stream {
    let id: Int32
    var method = ""
    var path = ""
    var authority: String?
    var headers = HTTPHeaders()
    /// Bytes of header names and values received, against the connection's header limit.
    var headerBytes = 0
    /// The header block went past the limits: answered 431 when it ends.
    var headersTooLarge = false
    var head: HTTPRequestHead?
    var policy = RoutePolicy.default
    var body: [UInt8] = []
    /// The request was answered before its body ended (413, 401/403): later DATA is dropped.
    var answeredEarly = false
    /// A refusal (401/403) held until the request body has arrived, so that clients that are
    /// still uploading get a clean answer instead of a reset stream; the body is discarded.
    var deferredRefusal: HTTPResponse?
    /// Bytes of a refused request's body seen (and discarded) so far.
    var discardedBytes = 0
    /// The client sent END_STREAM.
    var requestComplete = false
    var token = 0
    var responseBody: [UInt8] = []
    var responseOffset = 0

    init(id: Int32) { self.id = id }
}
