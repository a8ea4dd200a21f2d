import Foundation
import Testing
@testable import HTTPLayer

@Suite struct HTTP1ServerTests {
    @Test func curlGetsAndPostsOverPlainHTTP() throws {
        let server = try TestServer.start()
        defer { server.stop() }
        let get = try ProcessRunner.curl(["--http1.1", "\(server.http)/hello"])
        #expect(get.status == 0)
        #expect(get.stdout == "ok")
        let post = try ProcessRunner.curl(["--http1.1", "-X", "POST", "--data-binary", "hello body", "\(server.http)/echo"])
        #expect(post.stdout == "hello body")
    }
}
