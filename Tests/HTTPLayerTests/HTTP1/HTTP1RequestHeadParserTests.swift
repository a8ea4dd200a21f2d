import Testing
@testable import HTTPLayer

@Suite struct HTTP1RequestHeadParserTests {
    /// Scans and parses `text` as one request head.
    func parse(_ text: String, maxHeaderBytes: Int = 16384, maxHeaderCount: Int = 100) throws(HTTPParseError) -> ParsedRequestHead? {
        let bytes = Array(text.utf8)
        var scanner = HTTP1HeadScanner(maxHeaderBytes: maxHeaderBytes, maxHeaderCount: maxHeaderCount)
        let result = bytes.withUnsafeBytes { buffer in
            Result { () throws(HTTPParseError) -> ParsedRequestHead? in
                guard let length = try scanner.scan(buffer) else { return nil }
                return try HTTP1RequestHeadParser.parse(UnsafeRawBufferPointer(rebasing: buffer[0..<length]))
            }
        }
        return try result.get()
    }

    @Test func parsesAPostWithContentLength() throws {
        let head = try #require(try parse("POST /validate?timeout=10s HTTP/1.1\r\nHost: a\r\nContent-Length: 12\r\nX-A:  b \r\n\r\n"))
        #expect(head.method == "POST")
        #expect(head.target == "/validate?timeout=10s")
        #expect(head.framing == .length(12))
        #expect(head.keepAlive)
        #expect(head.headers["x-a"] == "b")
    }

    @Test func incompleteHeadNeedsMoreBytes() throws {
        #expect(try parse("GET / HTTP/1.1\r\nHost: a\r\n") == nil)
    }

    @Test func chunkedAndHTTP10KeepAliveAreRecognised() throws {
        let chunked = try #require(try parse("POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n"))
        #expect(chunked.framing == .chunked)
        let old = try #require(try parse("GET / HTTP/1.0\r\n\r\n"))
        #expect(!old.keepAlive)
        let closing = try #require(try parse("GET / HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n"))
        #expect(!closing.keepAlive)
        let repeated = try #require(try parse("POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 3\r\nContent-Length: 3\r\n\r\n"))
        #expect(repeated.framing == .length(3))
    }

    static let refusals: [(String, Int, String)] = [
        ("POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n", 400, "content_length_and_transfer_encoding"),
        ("POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 5\r\nContent-Length: 6\r\n\r\n", 400, "conflicting_content_length"),
        ("POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 5, 6\r\n\r\n", 400, "conflicting_content_length"),
        ("POST / HTTP/1.1\r\nHost: a\r\nContent-Length: -1\r\n\r\n", 400, "invalid_content_length"),
        ("POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 0x10\r\n\r\n", 400, "invalid_content_length"),
        ("POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 5,\r\n\r\n", 400, "invalid_content_length"),
        ("POST / HTTP/1.1\r\nHost: a\r\nContent-Length: ,5\r\n\r\n", 400, "invalid_content_length"),
        ("POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 5 5\r\n\r\n", 400, "invalid_content_length"),
        ("POST / HTTP/1.1\r\nHost: a\r\nContent-Length: +5\r\n\r\n", 400, "invalid_content_length"),
        ("POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 1234567890123456789\r\n\r\n", 400, "invalid_content_length"),
        ("POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 5\r\nContent-Length: 5, 7\r\n\r\n", 400, "conflicting_content_length"),
        ("GET / HTTP/1.1\r\nHost: a\r\nX-A: b\r\n c\r\n\r\n", 400, "obs_fold"),
        ("GET / HTTP/1.1\r\nHost: a\r\nX-A : b\r\n\r\n", 400, "invalid_header_name"),
        ("GET / HTTP/1.1\r\nHost: a\r\nX-A: b\u{1}c\r\n\r\n", 400, "invalid_header_value"),
        ("GET / HTTP/1.1\nHost: a\r\n\r\n", 400, "bare_lf"),
        ("GET / HTTP/1.1\r\nHost: a\rX: b\r\n\r\n", 400, "bare_cr"),
        ("GET / HTTP/1.1\r\n\r\n", 400, "missing_host"),
        ("GET / HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n", 400, "multiple_host"),
        ("GET  / HTTP/1.1\r\nHost: a\r\n\r\n", 400, "invalid_request_line"),
        ("GET / HTTP/2.0\r\nHost: a\r\n\r\n", 505, "unsupported_version"),
        ("GET / FOO\r\nHost: a\r\n\r\n", 400, "invalid_request_line"),
        ("GET / HTTP/1.1 \r\nHost: a\r\n\r\n", 400, "invalid_request_line"),
        ("GET / HTTP/1.1 x\r\nHost: a\r\n\r\n", 400, "invalid_request_line"),
        ("GET / \r\nHost: a\r\n\r\n", 400, "invalid_request_line"),
        ("GET /\r\nHost: a\r\n\r\n", 400, "invalid_request_line"),
        ("GET\r\nHost: a\r\n\r\n", 400, "invalid_request_line"),
        (" / HTTP/1.1\r\nHost: a\r\n\r\n", 400, "invalid_request_line"),
        ("G(T / HTTP/1.1\r\nHost: a\r\n\r\n", 400, "invalid_request_line"),
        ("GET /\u{7F} HTTP/1.1\r\nHost: a\r\n\r\n", 400, "invalid_request_line"),
        ("POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: gzip, chunked\r\n\r\n", 501, "unsupported_transfer_encoding"),
        ("POST / HTTP/1.1\r\nHost: a\r\nExpect: magic\r\n\r\n", 417, "unsupported_expectation"),
    ]

    @Test(arguments: refusals)
    func refusesMalformedOrAmbiguousHeads(_ text: String, _ status: Int, _ code: String) {
        #expect(throws: HTTPParseError.self) { try parse(text) }
        do {
            _ = try parse(text)
        } catch {
            #expect(error.status == status)
            #expect(error.code == code)
        }
    }

    @Test func contentLengthListsOfOneValueCollapse() throws {
        let list = try #require(try parse("POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 7 ,\t7, 7\r\nContent-Length: 7\r\n\r\n"))
        #expect(list.framing == .length(7))
        let longest = try #require(try parse("POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 000000000000000042\r\n\r\n"))
        #expect(longest.framing == .length(42))
        let zero = try #require(try parse("POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 0\r\n\r\n"))
        #expect(zero.framing == .none)
    }

    @Test func connectionTokensAreFoundInListsCaseInsensitively() throws {
        let closing = try #require(try parse("GET / HTTP/1.1\r\nHost: a\r\nConnection: keep-alive ,\tClose\r\n\r\n"))
        #expect(!closing.keepAlive)
        let notQuite = try #require(try parse("GET / HTTP/1.1\r\nHost: a\r\nConnection: closed, xclose, close-ish\r\n\r\n"))
        #expect(notQuite.keepAlive)
        let old = try #require(try parse("GET / HTTP/1.0\r\nConnection: upgrade\r\nconnection: Keep-Alive\r\n\r\n"))
        #expect(old.keepAlive)
        let headers: HTTPHeaders = ["Connection": "a,,b", "X": "close"]
        #expect(headers.listContains("connection", token: "b"))
        #expect(!headers.listContains("connection", token: ""))
        #expect(!headers.listContains("connection", token: "close"))
    }

    @Test func trimmingRemovesOnlySpacesAndTabs() {
        #expect(Substring(" \t a b\t ").trimmingSpaces() == "a b")
        #expect(Substring(" \t ").trimmingSpaces() == "")
        #expect(Substring("é ").trimmingSpaces() == "é")
        #expect(Substring("\u{a0}x").trimmingSpaces() == "\u{a0}x")
    }

    @Test func targetsSplitIntoPathAndQuery() {
        #expect(RequestTarget.split("/validate?timeout=10s") == ("/validate", "timeout=10s"))
        #expect(RequestTarget.split("/a/b") == ("/a/b", nil))
        #expect(RequestTarget.split("/?") == ("/", ""))
        #expect(RequestTarget.split("?x") == ("/", "x"))
        #expect(RequestTarget.split("https://host:8443/audit?x=1") == ("/audit", "x=1"))
        #expect(RequestTarget.split("https://host?x=1") == ("/", "x=1"))
        #expect(RequestTarget.split("https://host") == ("/", nil))
        #expect(RequestTarget.split("/é?ü=1") == ("/é", "ü=1"))
    }

    @Test func tooManyHeadersIs431() {
        let fields = (0..<101).map { "X-\($0): v\r\n" }.joined()
        do {
            _ = try parse("GET / HTTP/1.1\r\nHost: a\r\n\(fields)\r\n")
            Issue.record("expected 431")
        } catch {
            #expect(error.status == 431)
            #expect(error.code == "too_many_headers")
        }
    }

    @Test func oversizedHeadIs431EvenBeforeItEnds() {
        let big = String(repeating: "a", count: 20000)
        do {
            _ = try parse("GET / HTTP/1.1\r\nHost: a\r\nX-Big: \(big)")
            Issue.record("expected 431")
        } catch {
            #expect(error.status == 431)
            #expect(error.code == "headers_too_large")
        }
    }

    /// Scans `text` fed in pieces cut at `cuts`: the head's length, nil, or the error's code.
    func scanInPieces(_ text: String, cuts: [Int], maxHeaderBytes: Int = 16384) -> String {
        let bytes = Array(text.utf8)
        var scanner = HTTP1HeadScanner(maxHeaderBytes: maxHeaderBytes, maxHeaderCount: 100)
        for end in cuts + [bytes.count] {
            let result = bytes.withUnsafeBytes { buffer in
                Result { () throws(HTTPParseError) in try scanner.scan(UnsafeRawBufferPointer(rebasing: buffer[0..<end])) }
            }
            switch result {
            case .success(let length?): return "\(length)"
            case .success(nil): continue
            case .failure(let error): return error.code
            }
        }
        return "incomplete"
    }

    @Test(arguments: [
        "GET / HTTP/1.1\r\nHost: a\r\n\r\nrest",
        "GET / HTTP/1.1\r\nHost: a\rX: b\r\n\r\n",
        "GET / HTTP/1.1\r\nHost: a\r\r\n\r\n",
        "GET / HTTP/1.1\nHost: a\r\n\r\n",
        "GET / HTTP/1.1\r\nHost: a\r\n\n",
        "GET / HTTP/1.1\r\nHost: a\r\n\r",
        "\r\n",
    ])
    func scanningInPiecesFindsWhatScanningWholeFinds(_ text: String) {
        let whole = scanInPieces(text, cuts: [])
        // Every single cut, and one byte at a time: a CR at the end of one piece and what follows
        // it in the next are judged together.
        for cut in 1..<text.utf8.count {
            #expect(scanInPieces(text, cuts: [cut]) == whole, "cut at \(cut)")
        }
        #expect(scanInPieces(text, cuts: Array(1..<text.utf8.count)) == whole)
    }

    @Test func aHeadOfExactlyTheLimitPassesAndOneByteMoreIs431() {
        let head = "GET / HTTP/1.1\r\nHost: a\r\n\r\n"
        let size = head.utf8.count
        #expect(scanInPieces(head, cuts: [], maxHeaderBytes: size) == "\(size)")
        #expect(scanInPieces(head, cuts: [], maxHeaderBytes: size - 1) == "headers_too_large")
        #expect(scanInPieces(head, cuts: [10], maxHeaderBytes: size - 1) == "headers_too_large")
    }

    @Test func fieldsThatDecideFramingAreCountedWhileParsed() throws {
        let lines = ["HOST: a", "content-length: 7", "X: y", "Content-Length: 7", "Connection: close", "Transfer-Encoding: x"]
        let storage = lines.map { Array($0.utf8) }
        var counts = FramingFieldCounts()
        let headers = try withUnsafeBufferPointers(storage) { buffers throws(HTTPParseError) in
            try HTTP1FieldParser.parse(buffers[...], counting: &counts)
        }
        #expect(counts == FramingFieldCounts(host: 1, contentLength: 2, transferEncoding: 1, connection: 1, expect: 0,
                                             lastContentLength: 3, lastContentLengthValue: 7))
        #expect(try HTTP1FieldParser.contentLength(headers, counts: counts) == 7)
        // Names and values are kept as received, common ones included.
        #expect(headers.fields.map(\.name) == ["HOST", "content-length", "X", "Content-Length", "Connection", "Transfer-Encoding"])
        #expect(headers["connection"] == "close")
    }

    /// Field values are checked eight bytes at a time: a forbidden byte must be found, and an
    /// allowed one (tab, obs-text) accepted, at every offset of that stride.
    @Test func fieldValueBytesAreCheckedAtEveryOffset() throws {
        for length in 1...20 {
            for position in 0..<length {
                for (byte, allowed) in [(UInt8(0x09), true), (0x7F, false), (0x00, false), (0x1F, false), (0x80, true), (0xFF, true), (0x7E, true)] {
                    var value = Array(repeating: UInt8(ascii: "v"), count: length)
                    value[position] = byte
                    #expect(value.withUnsafeBytes { HTTPBytes.areFieldValueBytes($0) } == allowed, "\(byte) at \(position) of \(length)")
                    #expect(value.withUnsafeBytes { bytes in bytes.allSatisfy(HTTPBytes.isFieldValueByte) } == allowed)
                }
            }
        }
    }

    @Test func commonMethodsAndFieldsAreTheStringsReceived() throws {
        let head = try #require(try parse("PATCH /x HTTP/1.1\r\nhost: a\r\nContent-Type: application/json\r\nAccept: */*\r\nUser-Agent: kube-apiserver-admission\r\n\r\n"))
        #expect(head.method == "PATCH")
        #expect(head.headers.fields.map(\.name) == ["host", "Content-Type", "Accept", "User-Agent"])
        #expect(head.headers.fields.map(\.value) == ["a", "application/json", "*/*", "kube-apiserver-admission"])
        let unusual = try #require(try parse("PROPFIND /x HTTP/1.1\r\nHost: a\r\n\r\n"))
        #expect(unusual.method == "PROPFIND")
    }

    /// Calls `body` with a buffer pointer to each of `arrays`' bytes.
    func withUnsafeBufferPointers<R>(_ arrays: [[UInt8]], _ body: ([UnsafeRawBufferPointer]) throws(HTTPParseError) -> R) throws(HTTPParseError) -> R {
        var copies: [UnsafeMutableRawBufferPointer] = []
        defer { copies.forEach { $0.deallocate() } }
        for array in arrays {
            let copy = UnsafeMutableRawBufferPointer.allocate(byteCount: array.count, alignment: 1)
            copy.copyBytes(from: array)
            copies.append(copy)
        }
        return try body(copies.map { UnsafeRawBufferPointer($0) })
    }

    @Test func queryItemsAreSplitAndDecoded() {
        let head = HTTPRequestHead(method: "POST", target: "/audit?timeout=30s&x=a%20b", headers: [:],
                                   httpVersion: .http1_1, connection: ConnectionInfo(remoteAddress: "x"))
        #expect(head.path == "/audit")
        #expect(head.query == "timeout=30s&x=a%20b")
        #expect(head.queryItem("timeout") == "30s")
        #expect(head.queryItem("x") == "a b")
        #expect(head.queryItem("missing") == nil)
    }

    @Test func headersLookUpCaseInsensitivelyAndKeepOrder() {
        var headers: HTTPHeaders = ["Content-Type": "application/json", "X-A": "1"]
        headers.add(name: "x-a", value: "2")
        #expect(headers["content-type"] == "application/json")
        #expect(headers.values(for: "X-a") == ["1", "2"])
        headers.replaceOrAdd(name: "X-A", value: "3")
        #expect(headers.values(for: "x-a") == ["3"])
        #expect(headers.fields.map(\.name) == ["Content-Type", "X-A"])
    }

    // MARK: A connection's previous head (HTTP1HeadMemo)

    /// Parses `text` (a complete head) with `memo`, or on its own.
    static func parse(_ text: String, memo: inout HTTP1HeadMemo) -> Result<ParsedRequestHead, HTTPParseError> {
        let bytes = Array(text.utf8)
        return bytes.withUnsafeBytes { buffer in
            Result { () throws(HTTPParseError) in try HTTP1RequestHeadParser.parse(buffer, memo: &memo) }
        }
    }

    static func parseAlone(_ text: String) -> Result<ParsedRequestHead, HTTPParseError> {
        var memo = HTTP1HeadMemo(remembering: false)
        return parse(text, memo: &memo)
    }

    /// Heads one keep-alive connection might send in turn: the same again, one line changed,
    /// lines reordered, fewer, more, a name's case changed, a line that was valid before the
    /// next turns bad, and refusals after remembered lines.
    static let connectionHeads: [String] = [
        "POST /validate?timeout=10s HTTP/1.1\r\nHost: api:8443\r\nContent-Type: application/json\r\nContent-Length: 12\r\nUser-Agent: kube-apiserver-admission\r\n\r\n",
        "POST /validate?timeout=10s HTTP/1.1\r\nHost: api:8443\r\nContent-Type: application/json\r\nContent-Length: 12\r\nUser-Agent: kube-apiserver-admission\r\n\r\n",
        "POST /validate?timeout=10s HTTP/1.1\r\nHost: api:8443\r\nContent-Type: application/json\r\nContent-Length: 1400\r\nUser-Agent: kube-apiserver-admission\r\n\r\n",
        "POST /validate?timeout=10s HTTP/1.1\r\nContent-Type: application/json\r\nHost: api:8443\r\nContent-Length: 1400\r\n\r\n",
        "POST /validate?timeout=10s HTTP/1.1\r\nContent-Type: application/json\r\nHost: api:8443\r\n\r\n",
        "POST /validate?timeout=10s HTTP/1.1\r\nContent-Type: application/json\r\nHost: api:8443\r\nContent-Length: 7\r\nTransfer-Encoding: chunked\r\n\r\n",
        "POST /validate?timeout=10s HTTP/1.1\r\nContent-Type: application/json\r\nHost: api:8443\r\nTransfer-Encoding: chunked\r\n\r\n",
        "POST /validate?timeout=10s HTTP/1.1\r\nContent-Type: application/json\r\nHost: api:8443\r\nHost: api:8443\r\n\r\n",
        "POST /validate?timeout=10s HTTP/1.1\r\ncontent-type: application/json\r\nHost: api:8443\r\nContent-Length: 3\r\nContent-Length: 3\r\n\r\n",
        "POST /validate?timeout=10s HTTP/1.1\r\ncontent-type: application/json\r\nHost: api:8443\r\nContent-Length: 3\r\nContent-Length: 4\r\n\r\n",
        "POST /validate?timeout=10s HTTP/1.1\r\ncontent-type: application/json\r\nHost: api:8443\r\nContent-Length: 3\r\n x\r\n\r\n",
        "POST /validate?timeout=10s HTTP/1.1\r\ncontent-type: application/json\r\nHost : api:8443\r\n\r\n",
        "POST /validate?timeout=10s HTTP/1.1\r\ncontent-type: application/json\r\nHost: api:8443\r\nConnection: close\r\n\r\n",
        "POST /validate?timeout=10s HTTP/1.0\r\ncontent-type: application/json\r\nHost: api:8443\r\nConnection: close\r\n\r\n",
        "POST /validate?timeout=10s HTTP/1.0\r\ncontent-type: application/json\r\nHost: api:8443\r\nConnection: keep-alive\r\nExpect: 100-continue\r\n\r\n",
        "GET /healthz HTTP/1.1\r\ncontent-type: application/json\r\nHost: api:8443\r\nConnection: keep-alive\r\nExpect: 100-continue\r\n\r\n",
        "GET /healthz HTTP/1.1\r\ncontent-type: application/json\r\nHost: api:8443\r\nConnection: keep-alive\r\nExpect: nothing\r\n\r\n",
        "GET  /healthz HTTP/1.1\r\nHost: api:8443\r\n\r\n",
        "GET /healthz HTTP/1.1\r\nHost: api:8443\r\n\r\n",
    ]

    @Test func aConnectionsHeadsParseAsTheyDoAlone() {
        var memo = HTTP1HeadMemo(remembering: true)
        for (i, head) in Self.connectionHeads.enumerated() {
            let remembered = Self.parse(head, memo: &memo)
            let alone = Self.parseAlone(head)
            switch (remembered, alone) {
            case (.success(let a), .success(let b)): #expect(a == b, "head \(i)")
            case (.failure(let a), .failure(let b)): #expect(a.reason == b.reason && a.status == b.status, "head \(i)")
            default: Issue.record("head \(i): \(remembered) with the memo, \(alone) alone")
            }
        }
        // The comparison is of lines taken from the memo, not only of lines parsed anew.
        #expect(memo.reused > 40)
    }

    @Test func linesSentAgainAreTakenFromTheMemoAndStillCounted() throws {
        var memo = HTTP1HeadMemo(remembering: true)
        let head = "POST /audit HTTP/1.1\r\nHost: a\r\nContent-Length: 5\r\nX-Trace: 1\r\n\r\n"
        _ = Self.parse(head, memo: &memo)
        #expect(memo.reused == 0)
        let again = try Self.parse(head, memo: &memo).get()
        #expect(memo.reused == 4)
        // Framing and the Host rule come from the remembered lines too.
        #expect(again.framing == .length(5))
        #expect(again.headers["x-trace"] == "1")
        let changed = try Self.parse("POST /audit HTTP/1.1\r\nHost: a\r\nContent-Length: 5\r\nX-Trace: 2\r\n\r\n", memo: &memo).get()
        #expect(memo.reused == 7)
        #expect(changed.headers["x-trace"] == "2")
        // A head parsed on its own remembers nothing.
        var alone = HTTP1HeadMemo(remembering: false)
        _ = Self.parse(head, memo: &alone)
        _ = Self.parse(head, memo: &alone)
        #expect(alone.reused == 0)
    }
}
