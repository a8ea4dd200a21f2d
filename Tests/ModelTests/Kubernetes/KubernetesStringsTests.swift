@testable import Model
import Testing

@Suite struct KubernetesStringsTests {
    func common(_ text: String) -> String? {
        Array(text.utf8).withUnsafeBufferPointer { KubernetesStrings.common($0) }
    }

    @Test func everyCommonValueComesBackForItsOwnBytes() {
        for text in KubernetesStrings.all {
            #expect(common(text) == text)
        }
    }

    @Test func otherBytesOfTheSameLengthAreNotTakenForThem() {
        for text in ["v2", "tcp", "none", "Create", "service", "clusterIP", "admission.k8s.io/v2", "", "x"] {
            #expect(common(text) == nil, "\(text)")
        }
    }

    @Test func decodedValuesAreTheSameWithOrWithoutTheTable() throws {
        // A review whose strings are all common values, and the same review through Decodable.
        let review = Array(#"{"apiVersion":"admission.k8s.io/v1","kind":"AdmissionReview","request":{"uid":"u","kind":{"group":"","version":"v1","kind":"Service"},"operation":"CREATE","namespace":"default","object":{"kind":"Service","apiVersion":"v1","metadata":{"name":"s","namespace":"default"},"spec":{"type":"ClusterIP","ports":[{"port":80,"protocol":"TCP"}],"ipFamilyPolicy":"SingleStack","ipFamilies":["IPv4"]}}}}"#.utf8)
        let document = try JSONDocument(parsing: review)
        let direct = try AdmissionReview.decode(document)
        let reference = try AdmissionReview.decodeUsingDecodable(document)
        #expect(JSONTreeDecoderParityTests.summary(direct) == JSONTreeDecoderParityTests.summary(reference))
        #expect(direct.request?.operation == "CREATE" && direct.apiVersion == "admission.k8s.io/v1")
    }
}
