import Model
import TestSupport
import Testing

/// Whole reviews, from real AdmissionReview bodies and the Kubernetes round-trip objects.
@Suite struct ValidatorReviewTests {
    typealias F = ValidationFixtures

    @Test(arguments: [
        ("kubewarden-service-clusterip.create.request.json", [String]()),
        ("kubewarden-service_nodeport.create.request.json", ["spec.type: NodePort: MidoNet does not program node ports; only service addresses get rules"]),
        ("kubewarden-service_loadbalancer.create.request.json", ["spec.type: LoadBalancer: MidoNet does not program node ports; only service addresses get rules"]),
        ("kubewarden-pod.delete.request.json", []),
        ("kubewarden-echo-deployment.update.request.json", []),
        ("kubewarden-echo-deployment.delete.request.json", []),
    ])
    func realRequestsAreAllowed(file: String, warnings: [String]) throws {
        let review = try AdmissionReview.decode(try Fixtures.review(file))
        let verdict = Validator.review(try #require(review.request), state: F.state)
        #expect(verdict.isAllowed)
        #expect(verdict.warnings == warnings)
    }

    @Test func aRealServiceInsideAnOperatorRouteIsDenied() throws {
        var state = F.state
        state.upsertRoute(.init(id: "9c1d", prefix: IPv4Prefix("10.43.0.0/16")!, owner: .operatorRoute(nextHop: "10.0.0.1")))
        let review = try AdmissionReview.decode(try Fixtures.review("kubewarden-service-clusterip.create.request.json"))
        let verdict = Validator.review(try #require(review.request), state: state)
        #expect(verdict.message == "spec.clusterIPs[0]: 10.43.22.39 is inside 10.43.0.0/16, operator route 9c1d via 10.0.0.1 on the MidoNet cluster router")
        let body = String(decoding: verdict.response.encodedReview(answering: review), as: UTF8.self)
        #expect(body.contains("\"uid\":\"1299d386-525b-4032-98ae-1949f69f9cfc\""))
        #expect(body.contains("\"allowed\":false"))
    }

    @Test(arguments: [
        ("core.v1.Service.json", "", "Service", [
            "invalidValue spec.type", "invalidValue spec.ports[0].protocol", "invalidValue spec.clusterIPs[0]", "invalidValue spec.clusterIP",
            "invalidValue spec.externalIPs[0]", "invalidValue spec.loadBalancerIP", "invalidValue status.loadBalancer.ingress[0].ip",
            "invalidValue spec.ipFamilies[0]",
        ]),
        ("core.v1.Endpoints.json", "", "Endpoints", [
            "invalidValue subsets[0].addresses[0].ip", "invalidValue subsets[0].notReadyAddresses[0].ip",
            "invalidValue subsets[0].ports[0].protocol",
        ]),
        ("discovery.k8s.io.v1.EndpointSlice.json", "discovery.k8s.io", "EndpointSlice", [
            "invalidValue addressType", "invalidValue ports[0].protocol",
        ]),
    ])
    func roundTripPlaceholdersAreDeniedWithTheirPaths(file: String, group: String, kind: String, expected: [String]) throws {
        let review = try AdmissionReview.decode(try F.roundtripReview(file, group: group, kind: kind))
        let verdict = Validator.review(try #require(review.request), state: F.state)
        #expect(verdict.summary == expected)
        #expect(verdict.response.status?.code == 403)
    }

    @Test(arguments: ["admission.k8s.io.v1.AdmissionReview.json", "admission.k8s.io.v1beta1.AdmissionReview.json"])
    func roundTripReviewsOfOtherKindsAreAllowed(file: String) throws {
        let review = try AdmissionReview.decode(Array(try Fixtures.data("roundtrip/\(file)")))
        let request = try #require(review.request)
        #expect(request.dryRun)
        #expect(Validator.review(request, state: F.state) == .allowed)
        let body = String(decoding: AdmissionVerdict.allowed.response.encodedReview(answering: review), as: UTF8.self)
        #expect(body == "{\"apiVersion\":\"\(review.apiVersion)\",\"kind\":\"AdmissionReview\",\"response\":{\"allowed\":true,\"uid\":\"uidValue\"}}")
    }

    @Test(arguments: ["DELETE", "CONNECT"])
    func deleteAndConnectAreAlwaysAllowed(operation: String) {
        let conflicting = F.service("s", clusterIP: "10.1.2.9", ports: [("SCTP", 1)])
        let request = F.request(.service(conflicting), operation: operation, oldObject: .service(conflicting))
        #expect(Validator.review(request, state: F.state) == .allowed)
        #expect(Validator.review(F.request(nil, operation: operation, oldObject: .service(conflicting)), state: F.state) == .allowed)
    }

    @Test func aCreateWithoutItsObjectIsDenied() {
        let verdict = Validator.review(F.request(nil, operation: "CREATE", oldObject: nil), state: F.state)
        #expect(verdict.summary == ["missingObject request.object"])
    }

    @Test func nodesAndPodsAreNotChecked() {
        let node = Node(metadata: ObjectMeta(name: "worker-9"), spec: NodeSpec(podCIDR: "10.1.2.0/24"))
        #expect(Validator.review(F.request(.node(node)), state: F.state) == .allowed)
        let pod = Pod(metadata: ObjectMeta(name: "p", namespace: "default"), status: PodStatus(podIP: "10.1.2.1"))
        #expect(Validator.review(F.request(.pod(pod)), state: F.state) == .allowed)
        #expect(Validator.review(F.request(nil, operation: "CREATE").withKind("Deployment", group: "apps"), state: F.state) == .allowed)
    }
}

extension AdmissionRequest {
    func withKind(_ kind: String, group: String) -> AdmissionRequest {
        var copy = self
        copy.kind = GroupVersionKind(group: group, version: "v1", kind: kind)
        return copy
    }
}
