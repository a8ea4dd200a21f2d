import Testing
@testable import HTTPLayer

@Suite struct HTTP1ResponseReaderTests {
    /// Feeds `text` in pieces of `step` bytes until the reader completes.
    func read(_ text: String, method: String = "GET", step: Int = 1) throws(HTTPParseError) -> HTTP1ResponseReader.Progress {
        var reader = HTTP1ResponseReader(method: method, maxBodyBytes: 1 << 20)
        let bytes = Array(text.utf8)
        var offset = 0
        var progress = HTTP1ResponseReader.Progress.needMore
        while offset < bytes.count, progress == .needMore {
            let end = min(bytes.count, offset + step)
            let result = bytes.withUnsafeBytes { all in
                Result { () throws(HTTPParseError) in try reader.receive(UnsafeRawBufferPointer(rebasing: all[offset..<end])) }
            }
            progress = try result.get()
            offset = end
        }
        return progress
    }

    @Test(arguments: [1, 7, 4096])
    func chunkedResponseAfterAnInterimContinue(step: Int) throws {
        let progress = try read("HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 201 Created\r\nTransfer-Encoding: chunked\r\nX-A: b\r\n\r\n3\r\nabc\r\n0\r\n\r\n", step: step)
        guard case .complete(let response, let reusable) = progress else {
            Issue.record("incomplete: \(progress)")
            return
        }
        #expect(response.status == 201)
        #expect(response.text == "abc")
        #expect(response.headers["x-a"] == "b")
        #expect(reusable)
    }

    /// A long body arriving in reads is kept once, by the body decoder: the reader holds no more
    /// than a read besides it (it held every byte received a second time), and the body is
    /// whole, chunked or not.
    @Test(arguments: [false, true])
    func aLongBodyIsHeldOnce(chunked: Bool) throws {
        let body = (0..<(1 << 20)).map { UInt8(truncatingIfNeeded: $0 &* 31) }
        var message = Array("HTTP/1.1 200 OK\r\n".utf8)
        if chunked {
            message += Array("Transfer-Encoding: chunked\r\n\r\n".utf8)
            for start in stride(from: 0, to: body.count, by: 5000) {
                let chunk = body[start..<min(body.count, start + 5000)]
                message += Array("\(String(chunk.count, radix: 16))\r\n".utf8) + chunk + Array("\r\n".utf8)
            }
            message += Array("0\r\n\r\n".utf8)
        } else {
            message += Array("Content-Length: \(body.count)\r\n\r\n".utf8) + body
        }
        var reader = HTTP1ResponseReader(method: "GET", maxBodyBytes: 2 << 20)
        let step = 16 * 1024
        var progress = HTTP1ResponseReader.Progress.needMore
        var mostHeld = 0
        for start in stride(from: 0, to: message.count, by: step) {
            let end = min(message.count, start + step)
            progress = try message.withUnsafeBytes { all in
                try Result { () throws(HTTPParseError) in try reader.receive(UnsafeRawBufferPointer(rebasing: all[start..<end])) }.get()
            }
            mostHeld = max(mostHeld, reader.heldBesidesBody)
        }
        guard case .complete(let response, true) = progress else {
            Issue.record("expected a complete reusable response, got \(progress)")
            return
        }
        #expect(response.body == body)
        #expect(mostHeld <= step)
    }

    @Test func connectionCloseAndHTTP10AreNotReusable() throws {
        let closing = try read("HTTP/1.1 200 OK\r\nContent-Length: 2\r\nConnection: close\r\n\r\nok", step: 100)
        #expect(closing == .complete(ClientResponse(status: 200, headers: ["Content-Length": "2", "Connection": "close"],
                                                    body: Array("ok".utf8)), reusable: false))
        let old = try read("HTTP/1.0 204 No Content\r\n\r\n", step: 100)
        guard case .complete(_, let reusable) = old else {
            Issue.record("incomplete")
            return
        }
        #expect(!reusable)
    }

    @Test func headResponseHasNoBodyDespiteItsLength() throws {
        let progress = try read("HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\n", method: "HEAD", step: 100)
        guard case .complete(let response, true) = progress else {
            Issue.record("expected a complete reusable response, got \(progress)")
            return
        }
        #expect(response.body.isEmpty)
    }

    @Test func bodyDelimitedByCloseEndsAtEndOfStream() throws {
        var reader = HTTP1ResponseReader(method: "GET", maxBodyBytes: 100)
        let bytes = Array("HTTP/1.1 200 OK\r\n\r\npartial".utf8)
        let progress = try bytes.withUnsafeBytes { all in
            try Result { () throws(HTTPParseError) in try reader.receive(all) }.get()
        }
        #expect(progress == .needMore)
        #expect(reader.endOfStream()?.text == "partial")
    }

    @Test(arguments: ["HTTP/1.1 2000 OK\r\n\r\n", "HTTP/2 200 OK\r\n\r\n", "HTTP/1.1 200 OK\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\n"])
    func malformedResponsesAreErrors(_ text: String) {
        #expect(throws: HTTPParseError.self) { try read(text, step: 100) }
    }
}
