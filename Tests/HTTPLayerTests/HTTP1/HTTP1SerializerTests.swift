@testable import HTTPLayer
import Testing

@Suite struct HTTP1SerializerTests {
    func text(_ bytes: [UInt8]) -> String { String(decoding: bytes, as: UTF8.self) }

    @Test func writesStatusHeadersDateLengthAndBody() {
        var response = HTTPResponse.json(body: Array(#"{"a":1}"#.utf8))
        response.headers.add(name: "X-Trace", value: "é 1")
        let bytes = HTTP1Serializer.response(response, keepAlive: true, includeBody: true, date: "Mon, 30 Nov 2026 04:00:00 GMT")
        #expect(text(bytes) == "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\nX-Trace: é 1\r\n"
            + "date: Mon, 30 Nov 2026 04:00:00 GMT\r\ncontent-length: 7\r\n\r\n{\"a\":1}")
    }

    @Test func dropsTheHandlersFramingHeadersAndKeepsItsDate() {
        let response = HTTPResponse(
            status: 404,
            headers: ["Content-Length": "99", "TRANSFER-ENCODING": "chunked", "connection": "keep-alive", "Keep-Alive": "timeout=5",
                      "Date": "yesterday", "Content-Lengthy": "kept"],
            body: Array("no".utf8))
        let bytes = HTTP1Serializer.response(response, keepAlive: false, includeBody: true, date: "today")
        #expect(text(bytes) == "HTTP/1.1 404 Not Found\r\nDate: yesterday\r\nContent-Lengthy: kept\r\ncontent-length: 2\r\nconnection: close\r\n\r\nno")
    }

    @Test func headAnswersAndBodylessStatusesCarryNoBody() {
        let head = HTTP1Serializer.response(.text("hello"), keepAlive: true, includeBody: false, date: nil)
        #expect(text(head) == "HTTP/1.1 200 OK\r\ncontent-type: text/plain; charset=utf-8\r\ncontent-length: 5\r\n\r\n")
        let noContent = HTTP1Serializer.response(HTTPResponse(status: 204, headers: [:], body: []), keepAlive: true, includeBody: true, date: nil)
        #expect(text(noContent) == "HTTP/1.1 204 No Content\r\n\r\n")
        let http10 = HTTP1Serializer.response(HTTPResponse(status: 200, headers: [:], body: []), keepAlive: true, includeBody: true,
                                              date: nil, announceKeepAlive: true)
        #expect(text(http10) == "HTTP/1.1 200 OK\r\ncontent-length: 0\r\nconnection: keep-alive\r\n\r\n")
    }

    @Test(arguments: [0, 7, 10, 99, 1478, 65536, 8 * 1024 * 1024, Int.max])
    func decimalsAreWrittenExactly(_ value: Int) {
        var bytes: [UInt8] = [UInt8(ascii: "x")]
        HTTP1Serializer.appendDecimal(value, to: &bytes)
        #expect(text(bytes) == "x\(value)")
    }
}
