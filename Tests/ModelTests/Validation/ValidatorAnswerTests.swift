import Model
import Testing

@Suite struct ValidatorAnswerTests {
    typealias F = ValidationFixtures

    @Test func aReadableReviewIsAnsweredWithItsVerdictUidAndVersion() throws {
        let answer = Validator.answer(try F.wrappedRequest("kubewarden-service_nodeport.create.request.json", apiVersion: AdmissionReview.v1beta1), state: F.state)
        let body = String(decoding: try #require(answer.body), as: UTF8.self)
        #expect(body == #"{"apiVersion":"admission.k8s.io/v1beta1","kind":"AdmissionReview","response":{"allowed":true,"#
            + #""uid":"1299d386-525b-4032-98ae-1949f69f9cfc","warnings":["spec.type: NodePort: MidoNet does not program node ports; "#
            + #"only service addresses get rules"]}}"#)
        #expect(answer.verdict?.isAllowed == true)
        #expect(answer.error == nil)
    }

    @Test func aDeniedReviewCarriesTheMessage() throws {
        let answer = Validator.answer(try F.roundtripReview("core.v1.Endpoints.json", group: "", kind: "Endpoints"), state: F.state)
        let body = String(decoding: try #require(answer.body), as: UTF8.self)
        #expect(body.contains(#""code":403,"message":"subsets[0].addresses[0].ip: \"ipValue\" is not an IP address; "#))
        #expect(body.contains(#""uid":"rt-1""#))
    }

    @Test func anUnreadableObjectIsErroredWithItsPath() throws {
        let body = Array(
            #"{"apiVersion":"admission.k8s.io/v1","kind":"AdmissionReview","request":{"uid":"u-9","kind":{"kind":"Service"},"#
                .utf8) + Array(#""operation":"CREATE","object":{"metadata":{},"spec":{"ports":[{"port":"http"}]}}}}"#.utf8)
        let answer = Validator.answer(body, state: F.state)
        #expect(answer.error?.path == "request.object.spec.ports[0].port")
        let text = String(decoding: try #require(answer.body), as: UTF8.self)
        #expect(text.contains(#""code":400,"message":"cannot read the AdmissionReview: request.object.spec.ports[0].port: expected an integer""#))
        #expect(text.contains(#""uid":"u-9""#))
    }

    @Test(arguments: ["", "{}", #"{"apiVersion":"admission.k8s.io/v1","kind":"AdmissionReview","request":{"uid":""}}"#, "[1,2]"])
    func whatIsNotAReviewGetsNoBody(text: String) {
        let answer = Validator.answer(Array(text.utf8), state: F.state)
        #expect(answer.body == nil)
        #expect(answer.error != nil)
    }
}
