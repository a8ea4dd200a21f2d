import Testing
@testable import HTTPLayer

@Suite struct HTTP1BodyDecoderTests {
    /// Feeds `text` in pieces of `step` bytes; returns the body and the bytes left over.
    func decode(_ framing: BodyFraming, _ text: String, max: Int = 1 << 20, step: Int = 1) throws(HTTPParseError) -> (String, Int) {
        var decoder = try HTTP1BodyDecoder(framing: framing, maxBytes: max)
        let bytes = Array(text.utf8)
        var offset = 0
        while offset < bytes.count, !decoder.isComplete {
            let end = min(bytes.count, offset + step)
            let result = bytes.withUnsafeBytes { all in
                Result { () throws(HTTPParseError) in try decoder.feed(UnsafeRawBufferPointer(rebasing: all[offset..<end])) }
            }
            offset += try result.get()
        }
        return (String(decoding: decoder.takeBody(), as: UTF8.self), bytes.count - offset)
    }

    @Test(arguments: [1, 3, 1000])
    func decodesChunkedBodiesWithExtensionsAndTrailers(step: Int) throws {
        let (body, left) = try decode(.chunked, "5;ext=1\r\nhello\r\n7\r\n, world\r\n0\r\nX-Trailer: t\r\n\r\nGET", step: step)
        #expect(body == "hello, world")
        #expect(left == 3)
    }

    @Test func contentLengthBodyStopsAtItsLength() throws {
        let (body, left) = try decode(.length(5), "helloGET /", step: 100)
        #expect(body == "hello")
        #expect(left == 5)
    }

    @Test func declaredLengthOverTheLimitIs413BeforeReading() {
        #expect(throws: HTTPParseError(413, "body_too_large", "body of 2048 bytes exceeds 1024")) {
            _ = try HTTP1BodyDecoder(framing: .length(2048), maxBytes: 1024)
        }
    }

    @Test func chunkSizeOverTheLimitIs413() {
        do {
            _ = try decode(.chunked, "400\r\n", max: 100)
            Issue.record("expected 413")
        } catch {
            #expect(error.status == 413)
        }
    }

    static let badChunks = ["zz\r\n", "5\nhello", "5\r\nhelloXX", "\r\n", "ffffffffffffffff\r\n", "5\r\nhello\r\n0\r\nX: y\n"]

    @Test(arguments: badChunks)
    func malformedChunkingIs400(_ text: String) {
        do {
            _ = try decode(.chunked, text)
            Issue.record("expected a 400 for \(text.debugDescription)")
        } catch {
            #expect(error.status == 400)
            #expect(error.code == "invalid_chunk")
        }
    }

    @Test func untilCloseBodyEndsAtEndOfStream() throws {
        var decoder = try HTTP1BodyDecoder(framing: .untilClose, maxBytes: 100)
        let consumed = try Array("abc".utf8).withUnsafeBytes { buffer in
            try Result { () throws(HTTPParseError) in try decoder.feed(buffer) }.get()
        }
        #expect(consumed == 3)
        #expect(!decoder.isComplete)
        try decoder.finishAtEndOfStream()
        #expect(decoder.isComplete)
        #expect(decoder.takeBody() == Array("abc".utf8))
    }
}
