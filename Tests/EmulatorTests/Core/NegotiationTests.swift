import Testing
@testable import Emulator

@Suite struct MediaTypeNegotiationTests {
    static let allowed = ["application/vnd.org.midonet.Router-v3+json", "application/json"]

    @Test(arguments: [
        ("application/vnd.org.midonet.Router-v3+json", "application/vnd.org.midonet.Router-v3+json"),
        ("APPLICATION/VND.ORG.MIDONET.ROUTER-V3+JSON", "application/vnd.org.midonet.Router-v3+json"),
        ("application/json; charset=utf-8", "application/json"),
        ("*/*", "application/vnd.org.midonet.Router-v3+json"),
        ("application/*", "application/vnd.org.midonet.Router-v3+json"),
    ])
    func genericAcceptMatches(header: String, chosen: String) throws {
        #expect(try MediaTypeNegotiation.negotiateAccept(header, allowed: Self.allowed, style: .generic).get() == chosen)
    }

    @Test(arguments: [nil, "", "text/plain", "application/json, */*", "garbage", "application/vnd.org.midonet.Bridge-v4+json"] as [String?])
    func genericAcceptRefuses(header: String?) {
        #expect(MediaTypeNegotiation.negotiateAccept(header, allowed: Self.allowed, style: .generic) == .failure(.notAcceptable))
    }

    @Test func jerseyAcceptTakesListsAndMissingHeaders() throws {
        #expect(try MediaTypeNegotiation.negotiateAccept(nil, allowed: Self.allowed, style: .jersey).get() == Self.allowed[0])
        #expect(try MediaTypeNegotiation.negotiateAccept("text/plain, application/json;q=0.5", allowed: Self.allowed, style: .jersey).get() == "application/json")
        #expect(MediaTypeNegotiation.negotiateAccept("text/plain", allowed: Self.allowed, style: .jersey) == .failure(.notAcceptable))
    }

    @Test(arguments: [
        (nil, NegotiationStyle.generic, 415), (nil, .jersey, 415),
        ("text/plain", .generic, 406), ("text/plain", .jersey, 415),
        ("application/json", .generic, 0), ("application/vnd.org.midonet.router-v3+json", .jersey, 0),
    ] as [(String?, NegotiationStyle, Int)])
    func contentType(header: String?, style: NegotiationStyle, status: Int) {
        let error = MediaTypeNegotiation.checkContentType(header, allowed: Self.allowed, style: style)
        #expect((error?.status ?? 0) == status)
    }
}
