@testable import Model
import Testing

/// `AdmissionReview.decodeForValidation` (what `/validate` runs) against `decode`: the same review
/// but for the fields it leaves out (annotations; a Service's labels and selector), and the same
/// verdict, for every review fixture and systematic mutations of them.
@Suite struct AdmissionReviewValidationDecodingTests {
    typealias Outcome = DirectDecodingParityTests.Outcome
    typealias Reference = JSONTreeDecoderParityTests

    /// `review` without what `decodeForValidation` leaves out.
    static func withoutUnvalidatedFields(_ review: AdmissionReview) -> AdmissionReview {
        var review = review
        if var request = review.request {
            request.object = request.object.map(strip)
            request.oldObject = request.oldObject.map(strip)
            review.request = request
        }
        return review
    }

    static func strip(_ object: KubernetesObject) -> KubernetesObject {
        switch object {
        case .service(var service):
            service.metadata.annotations = nil
            service.metadata.labels = nil
            service.spec.selector = nil
            return .service(service)
        case .endpoints(var endpoints):
            endpoints.metadata.annotations = nil
            return .endpoints(endpoints)
        case .endpointSlice(var slice):
            slice.metadata.annotations = nil
            return .endpointSlice(slice)
        case .node(var node):
            node.metadata.annotations = nil
            return .node(node)
        case .pod(var pod):
            pod.metadata.annotations = nil
            return .pod(pod)
        case .other:
            return object
        }
    }

    /// Whether an error at `path` is in a field `decodeForValidation` does not read, in a review
    /// of `kind` (a Service's labels and selector are left out, other kinds' labels are read).
    static func isLeftOut(_ path: String, kind: String?) -> Bool {
        guard path.hasPrefix("request.object.") || path.hasPrefix("request.oldObject.") else { return false }
        if path.contains(".metadata.annotations") { return true }
        return kind == "Service" && (path.contains(".metadata.labels") || path.contains(".spec.selector"))
    }

    /// Compares the two decodes of `bytes`; returns a description of each difference.
    static func differences(_ name: String, _ bytes: [UInt8]) -> [String] {
        let full = Outcome { () throws(DecodeError) in Reference.summary(withoutUnvalidatedFields(try AdmissionReview.decode(bytes))) }
        let lean = Outcome { () throws(DecodeError) in Reference.summary(try AdmissionReview.decodeForValidation(bytes)) }
        switch (full, lean) {
        case (.value, .value), (.error, .error):
            guard full != lean else { break }
            return ["\(name): decode \(full), decodeForValidation \(lean)"]
        case (.error(let error), .value):
            // Only an error in a field left out may disappear.
            let kind = (try? AdmissionReview.decodeForValidation(bytes))?.request?.kind.kind
            guard isLeftOut(error.path, kind: kind) else {
                return ["\(name): decode failed (\(error)), decodeForValidation did not"]
            }
        case (.value, .error(let error)):
            return ["\(name): decodeForValidation failed (\(error)), decode did not"]
        }
        // Both read the review: the verdicts agree.
        if let request = try? AdmissionReview.decode(bytes).request, let lean = try? AdmissionReview.decodeForValidation(bytes).request {
            let state = ClusterState()
            let verdicts = (Validator.review(request, state: state), Validator.review(lean, state: state))
            if verdicts.0 != verdicts.1 { return ["\(name): verdict \(verdicts.0), for validation \(verdicts.1)"] }
        }
        return []
    }

    @Test func fixturesDecodeTheSameButForTheFieldsLeftOut() throws {
        var differing: [String] = []
        var leftOut = 0
        for (name, bytes) in try Reference.reviews() {
            differing += Self.differences(name, bytes)
            let full = try AdmissionReview.decode(bytes)
            if Reference.summary(full) != Reference.summary(Self.withoutUnvalidatedFields(full)) { leftOut += 1 }
        }
        #expect(differing.isEmpty, "\(differing.prefix(5))")
        // The fixtures carry labels or selectors: the comparison above is not of identical values.
        #expect(leftOut > 0)
    }

    @Test func mutatedReviewsDecodeTheSameButForTheFieldsLeftOut() throws {
        var differing: [String] = []
        var compared = 0
        for (name, bytes) in try Reference.reviews() {
            for (i, mutation) in try Reference.mutations(of: bytes, maxPaths: 60).enumerated() {
                differing += Self.differences("\(name) mutation \(i)", mutation)
                compared += 1
            }
        }
        #expect(compared > 500)
        #expect(differing.isEmpty, "\(differing.count) differ: \(differing.prefix(5))")
    }

    @Test func annotationsLabelsAndSelectorOfAServiceAreLeftOut() throws {
        let review = #"""
            {"apiVersion":"admission.k8s.io/v1","kind":"AdmissionReview","request":{"uid":"u","kind":{"group":"","version":"v1","kind":"Service"},
             "operation":"CREATE","namespace":"ns","name":"s","object":{"kind":"Service","apiVersion":"v1",
             "metadata":{"name":"s","namespace":"ns","labels":{"a":"b"},"annotations":{"kubectl.kubernetes.io/last-applied-configuration":"{}"}},
             "spec":{"clusterIP":"10.0.0.1","ports":[{"port":80}],"selector":{"app":"s"}}}}}
            """#
        let full = try AdmissionReview.decode(Array(review.utf8))
        let lean = try AdmissionReview.decodeForValidation(Array(review.utf8))
        guard case .service(let service)? = full.request?.object, case .service(let leanService)? = lean.request?.object else {
            Issue.record("not a Service")
            return
        }
        #expect(service.metadata.labels == ["a": "b"] && service.spec.selector == ["app": "s"] && service.metadata.annotations != nil)
        #expect(leanService.metadata.labels == nil && leanService.spec.selector == nil && leanService.metadata.annotations == nil)
        #expect(leanService.spec.clusterIP == "10.0.0.1" && leanService.metadata.key == "ns/s")
    }

    @Test func anEndpointSliceKeepsItsLabelsForItsServiceName() throws {
        let review = #"""
            {"apiVersion":"admission.k8s.io/v1","kind":"AdmissionReview","request":{"uid":"u","kind":{"group":"discovery.k8s.io","version":"v1","kind":"EndpointSlice"},
             "operation":"CREATE","namespace":"ns","name":"s-1","object":{"kind":"EndpointSlice","apiVersion":"discovery.k8s.io/v1",
             "metadata":{"name":"s-1","namespace":"ns","labels":{"kubernetes.io/service-name":"s"},"annotations":{"x":"y"}},
             "addressType":"IPv4","endpoints":[]}}}
            """#
        let lean = try AdmissionReview.decodeForValidation(Array(review.utf8))
        guard case .endpointSlice(let slice)? = lean.request?.object else {
            Issue.record("not an EndpointSlice")
            return
        }
        #expect(slice.metadata.labels == ["kubernetes.io/service-name": "s"])
        #expect(slice.metadata.annotations == nil)
    }
}
