import Model
import Testing

@Suite struct AdmissionResponseTests {
    static let uid = "705ab4f5-6393-11e8-b7cc-42010a800002"

    static func body(_ response: AdmissionResponse, apiVersion: String = AdmissionReview.v1) -> String {
        String(decoding: response.encodedReview(apiVersion: apiVersion, uid: uid), as: UTF8.self)
    }

    static let deniedBody: String =
        #"{"apiVersion":"admission.k8s.io/v1","kind":"AdmissionReview","response":{"allowed":false,"status":{"code":403,"#
        + #""message":"spec.clusterIP: 10.1.2.9 is inside 10.1.2.0/24","reason":"Forbidden","status":"Failure"},"#
        + #""uid":"705ab4f5-6393-11e8-b7cc-42010a800002"}}"#
    static let erroredBody: String =
        #"{"apiVersion":"admission.k8s.io/v1","kind":"AdmissionReview","response":{"allowed":false,"status":{"code":400,"#
        + #""message":"request.object.spec.ports[0].port: expected an integer","reason":"BadRequest","status":"Failure"},"#
        + #""uid":"705ab4f5-6393-11e8-b7cc-42010a800002"}}"#
    static let warningBody: String =
        #"{"apiVersion":"admission.k8s.io/v1","kind":"AdmissionReview","response":{"allowed":true,"#
        + #""uid":"705ab4f5-6393-11e8-b7cc-42010a800002","warnings":["spec.sessionAffinity: ClientIP is not programmed"]}}"#
    static let allowedV1: String =
        #"{"apiVersion":"admission.k8s.io/v1","kind":"AdmissionReview","response":{"allowed":true,"uid":"705ab4f5-6393-11e8-b7cc-42010a800002"}}"#
    static let allowedV1beta1: String =
        #"{"apiVersion":"admission.k8s.io/v1beta1","kind":"AdmissionReview","response":{"allowed":true,"uid":"705ab4f5-6393-11e8-b7cc-42010a800002"}}"#

    static let encodings: [(AdmissionResponse, String, String)] = [
        (.allowed, AdmissionReview.v1, allowedV1),
        (.allowed, AdmissionReview.v1beta1, allowedV1beta1),
        (.allowed, "admission.k8s.io/v2", allowedV1),
        (.denied("spec.clusterIP: 10.1.2.9 is inside 10.1.2.0/24"), AdmissionReview.v1, deniedBody),
        (.errored(status: 400, message: "request.object.spec.ports[0].port: expected an integer"), AdmissionReview.v1, erroredBody),
        (AdmissionResponse.allowed.withWarnings(["spec.sessionAffinity: ClientIP is not programmed"]), AdmissionReview.v1, warningBody),
    ]

    @Test(arguments: encodings)
    func reviewsAreEncodedAsTheApiserverExpects(response: AdmissionResponse, apiVersion: String, expected: String) {
        #expect(Self.body(response, apiVersion: apiVersion) == expected)
    }

    @Test(arguments: [(400, "BadRequest"), (403, "Forbidden"), (422, "Invalid"), (500, "InternalError"), (429, nil)])
    func erroredResponsesCarryTheirCode(code: Int, reason: String?) {
        let response = AdmissionResponse.errored(status: code, message: "m")
        #expect(!response.allowed)
        #expect(response.status?.code == code)
        #expect(response.status?.reason == reason)
    }

    @Test func theUidIsCopiedOnlyWhenEncodingAndOnEveryKindOfResponse() {
        #expect(AdmissionResponse.denied("no").uid == "")
        for response in [AdmissionResponse.allowed, .denied("no"), .errored(status: 500, message: "x")] {
            #expect(Self.body(response).contains("\"uid\":\"\(Self.uid)\""))
        }
    }

    @Test(arguments: [
        ("plain", "plain"),
        ("tab\there\nnewline\r\u{7f}del\u{0}", "tabherenewlinedel"),
        ("", ""),
        ("\n", ""),
        ("é 😀 ok", "é 😀 ok"),
        (String(repeating: "a", count: 119), String(repeating: "a", count: 119)),
        (String(repeating: "a", count: 120), String(repeating: "a", count: 118) + "…"),
        (String(repeating: "😀", count: 200), String(repeating: "😀", count: 118) + "…"),
    ])
    func warningsLoseControlCharactersAndStayUnder120(text: String, expected: String) {
        #expect(AdmissionResponse.sanitizedWarning(text) == expected)
        #expect(AdmissionResponse.sanitizedWarning(text).unicodeScalars.count < 120)
    }

    @Test func withWarningsDropsEmptyAndRepeatedTexts() {
        let response = AdmissionResponse.denied("no").withWarnings(["a", "", "\n", "a", "b"]).withWarnings(["b", "c"])
        #expect(response.warnings == ["a", "b", "c"])
        #expect(AdmissionResponse.allowed.withWarnings([""]).warnings == nil)
    }

    @Test func verdictsBecomeResponses() {
        let violation = Violation(code: .routeConflict, path: "spec.clusterIP", value: "10.1.2.9", reason: "10.1.2.9 is inside x")
        let denied = AdmissionVerdict.denied([violation, violation]).withWarnings(["w"])
        #expect(denied.response == .denied("spec.clusterIP: 10.1.2.9 is inside x; spec.clusterIP: 10.1.2.9 is inside x").withWarnings(["w"]))
        #expect(AdmissionVerdict.allowed.withWarnings(["w", "w"]).response == .allowed.withWarnings(["w"]))
    }

    @Test(arguments: [
        (#"{"apiVersion":"admission.k8s.io/v1beta1","kind":"AdmissionReview","request":{"uid":"u-1","object":{"spec":{"ports":[{"port":"x"}]}}}}"#,
         AdmissionReviewHeader(apiVersion: AdmissionReview.v1beta1, uid: "u-1")),
        (#"{"request":{"uid":"u-2"}}"#, AdmissionReviewHeader(apiVersion: AdmissionReview.v1, uid: "u-2")),
        (#"{"apiVersion":"admission.k8s.io/v1","request":{}}"#, nil),
        ("not json", nil),
    ])
    func theHeaderOfAnUnreadableReviewCanStillBeRead(body: String, expected: AdmissionReviewHeader?) {
        #expect(AdmissionReviewHeader.read(Array(body.utf8)) == expected)
    }

    @Test func anUnreadableReviewIsAnsweredWithItsUid() throws {
        let body = Array(#"{"apiVersion":"admission.k8s.io/v1","kind":"AdmissionReview","request":{"uid":"u-3","kind":{"kind":"Service"},"operation":"CREATE","object":{"metadata":{},"spec":{"ports":[{"port":"x"}]}}}}"#.utf8)
        #expect(throws: DecodeError.self) { try AdmissionReview.decode(body) }
        let header = try #require(AdmissionReviewHeader.read(body))
        let answer = String(decoding: AdmissionResponse.errored(status: 400, message: "bad").encodedReview(apiVersion: header.apiVersion, uid: header.uid), as: UTF8.self)
        #expect(answer.contains("\"uid\":\"u-3\""))
    }
}
