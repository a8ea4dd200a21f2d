import Foundation
import Model
import TestSupport
import Testing

@testable import Webhook

@Suite struct AdmissionEndpointTests {
    static func state() -> ClusterState {
        var state = ClusterState()
        state.setNode(name: "worker-2", podCIDR: IPv4Prefix("10.1.2.0/24")!)
        state.upsertRoute(.init(id: "r1", prefix: IPv4Prefix("10.1.2.0/24")!, owner: .podCIDR(node: "worker-2")))
        return state
    }

    func decode(_ bytes: [UInt8]) throws -> JSONValue {
        try JSONDecoder().decode(JSONValue.self, from: Data(bytes))
    }

    @Test(arguments: ["admission.k8s.io/v1", "admission.k8s.io/v1beta1"])
    func realReviewIsAllowedInTheSameVersion(version: String) throws {
        let answer = AdmissionEndpoint.answer(try Fixtures.review("kubewarden-service-clusterip.create.request.json", apiVersion: version), state: Self.state())
        #expect(answer.status == 200)
        let body = try decode(answer.body)
        #expect(body["apiVersion"]?.stringValue == version)
        #expect(body["kind"] == "AdmissionReview")
        #expect(body["response"]?["uid"] == "1299d386-525b-4032-98ae-1949f69f9cfc")
        #expect(body["response"]?["allowed"] == true)
    }

    @Test func externalIPInsideAPodCIDRIsDeniedWith403AndTheReason() throws {
        let review = #"{"apiVersion":"admission.k8s.io/v1","kind":"AdmissionReview","request":{"uid":"u-1","kind":{"group":"","version":"v1","kind":"Service"},"namespace":"default","name":"web","operation":"CREATE","object":{"kind":"Service","metadata":{"name":"web","namespace":"default"},"spec":{"clusterIP":"10.96.0.10","externalIPs":["10.1.2.9"],"ports":[{"port":80}]}}}}"#
        let answer = AdmissionEndpoint.answer(Array(review.utf8), state: Self.state())
        #expect(answer.verdict == .denied)
        let response = try #require(try decode(answer.body)["response"])
        #expect(response["uid"] == "u-1")
        #expect(response["allowed"] == false)
        #expect(response["status"]?["code"] == 403)
        let message = response["status"]?["message"]?.stringValue ?? ""
        #expect(message.contains("spec.externalIPs[0]: 10.1.2.9 is inside 10.1.2.0/24"), "\(message)")
        #expect(message.contains("worker-2"))
        #expect(answer.object == "Service default/web")
    }

    @Test func unreadableObjectWithAUIDIsAnsweredInTheProtocol() throws {
        let review = #"{"apiVersion":"admission.k8s.io/v1beta1","kind":"AdmissionReview","request":{"uid":"u-2","kind":{"kind":"Service"},"operation":"CREATE","object":{"metadata":{},"spec":{"ports":[{"port":"http"}]}}}}"#
        let answer = AdmissionEndpoint.answer(Array(review.utf8), state: Self.state())
        #expect(answer.status == 200)
        let body = try decode(answer.body)
        #expect(body["apiVersion"] == "admission.k8s.io/v1beta1")
        #expect(body["response"]?["uid"] == "u-2")
        #expect(body["response"]?["allowed"] == false)
        #expect(body["response"]?["status"]?["code"] == 400)
        #expect(body["response"]?["status"]?["message"]?.stringValue?.contains("request.object.spec.ports[0].port") == true)
    }

    @Test(arguments: [
        ("not json", "not an AdmissionReview"),
        (#"{"apiVersion":"v1","kind":"ConfigMap"}"#, "not an AdmissionReview"),
        (#"{"apiVersion":"admission.k8s.io/v1","kind":"AdmissionReview"}"#, "request: required field is missing"),
        (#"{"apiVersion":"admission.k8s.io/v1","kind":"AdmissionReview","request":{"kind":{"kind":"Service"},"operation":"CREATE"}}"#, "request.uid"),
    ])
    func notAReviewIsA400WithAStatusBody(body: String, expected: String) throws {
        let answer = AdmissionEndpoint.answer(Array(body.utf8), state: Self.state())
        #expect(answer.status == 400)
        let status = try decode(answer.body)
        #expect(status["kind"] == "Status")
        #expect(status["code"] == 400)
        #expect(status["message"]?.stringValue?.contains(expected) == true, "\(status)")
    }
}
