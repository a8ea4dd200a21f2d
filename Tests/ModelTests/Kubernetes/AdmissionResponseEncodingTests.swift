import Foundation
@testable import Model
import Testing

/// `encodedReview` writes its bytes itself: they must be exactly what `JSONEncoder` writes.
@Suite struct AdmissionResponseEncodingTests {
    static var awkwardText: String {
        var text = ""
        for value in 0..<0x20 { text.unicodeScalars.append(Unicode.Scalar(UInt8(value))) }
        return text + "\u{7f}/\"\\\u{2028}\u{2029}é😀\u{FFFF}<>&'"
    }

    static let responses: [AdmissionResponse] = [
        .allowed,
        .denied("spec.clusterIP: 10.1.2.9 is inside 10.1.2.0/24"),
        .denied(awkwardText),
        .errored(status: 400, message: "request.object.spec.ports[0].port: expected an integer"),
        .errored(status: 418, message: "no reason for this code"),
        .errored(status: 500, message: ""),
        AdmissionResponse.allowed.withWarnings(["a/b", "second \"quoted\"", "ünïcödé"]),
        AdmissionResponse.denied("x").withWarnings([awkwardText]),
    ]

    @Test(arguments: responses)
    func bytesAreJSONEncoders(response: AdmissionResponse) {
        for version in [AdmissionReview.v1, AdmissionReview.v1beta1, "admission.k8s.io/v2"] {
            for uid in ["705ab4f5-6393-11e8-b7cc-42010a800002", "", Self.awkwardText] {
                let ours = response.encodedReview(apiVersion: version, uid: uid)
                let foundation = response.foundationEncodedReview(apiVersion: version, uid: uid)
                #expect(String(decoding: ours, as: UTF8.self) == String(decoding: foundation, as: UTF8.self))
                #expect(!ours.isEmpty)
            }
        }
    }
}
