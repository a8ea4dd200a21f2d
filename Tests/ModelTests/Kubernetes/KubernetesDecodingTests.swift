import Foundation
import Model
import TestSupport
import Testing

@Suite struct KubernetesDecodingTests {
    @Test(arguments: [
        "kubewarden-service-clusterip.create.request.json", "kubewarden-service_loadbalancer.create.request.json",
        "kubewarden-service_nodeport.create.request.json",
    ])
    func realServiceReviewsDecode(file: String) throws {
        let review = try AdmissionReview.decode(try Fixtures.review(file))
        let request = try #require(review.request)
        #expect(request.operation == "CREATE")
        guard case .service(let service)? = request.object else {
            Issue.record("object is not a Service")
            return
        }
        #expect(service.spec.ports?.isEmpty == false)
        #expect(request.oldObject == nil)
    }

    @Test func deleteReviewsWithoutObjectDecode() throws {
        let review = try AdmissionReview.decode(try Fixtures.review("kubewarden-pod.delete.request.json"))
        #expect(review.request?.operation == "DELETE")
        #expect(review.request?.object == nil)
    }

    @Test func otherKindsAreNotDecodedAsObjects() throws {
        let review = try AdmissionReview.decode(try Fixtures.review("kubewarden-echo-deployment.update.request.json", apiVersion: "admission.k8s.io/v1beta1"))
        #expect(review.apiVersion == AdmissionReview.v1beta1)
        #expect(review.request?.object == .other(kind: "Deployment"))
    }

    @Test func roundtripReviewsDecode() throws {
        for version in ["v1", "v1beta1"] {
            let data = try Fixtures.data("roundtrip/admission.k8s.io.\(version).AdmissionReview.json")
            // The roundtrip request's kind is a placeholder, so the object is "other"; it must not crash.
            let review = try AdmissionReview.decode(Array(data))
            #expect(review.request?.uid == "uidValue")
        }
    }

    @Test(arguments: ["core.v1.Service.json", "core.v1.Endpoints.json", "core.v1.Node.json", "core.v1.Pod.json", "discovery.k8s.io.v1.EndpointSlice.json"])
    func roundtripObjectsDecodeWithTheirPlaceholders(file: String) throws {
        let objects = try KubernetesJSON.decodeObjects(from: try Fixtures.data("roundtrip/\(file)"))
        #expect(objects.count == 1)
        #expect(objects[0].metadata?.name == "nameValue")
    }

    @Test func targetPortIsNumberOrString() throws {
        let json = #"{"kind":"Service","metadata":{"name":"a"},"spec":{"ports":[{"port":80,"targetPort":8080},{"port":81,"targetPort":"http"},{"port":82}]}}"#
        guard case .service(let service) = try KubernetesJSON.decodeObjects(from: Data(json.utf8))[0] else {
            Issue.record("not a service")
            return
        }
        #expect(service.spec.ports?.map(\.targetPort) == [.int(8080), .string("http"), nil])
        #expect(service.spec.ports?.map(\.protocol) == ["TCP", "TCP", "TCP"])
    }

    @Test(arguments: [
        (#"{"apiVersion":"admission.k8s.io/v1","kind":"AdmissionReview","request":{"uid":"u","kind":{"kind":"Service"},"operation":"CREATE","object":{"metadata":{},"spec":{"ports":[{"port":80},{"port":"x"}]}}}}"#,
         "request.object.spec.ports[1].port"),
        (#"{"apiVersion":"admission.k8s.io/v1","kind":"AdmissionReview","request":{"kind":{"kind":"Service"},"operation":"CREATE"}}"#,
         "request.uid"),
        (#"{"apiVersion":"admission.k8s.io/v1","kind":"AdmissionReview"}"#, "request"),
        (#"{"apiVersion":"admission.k8s.io/v2","kind":"AdmissionReview","request":{}}"#, "apiVersion"),
        (#"{"apiVersion":"admission.k8s.io/v1","kind":"ConfigMap","request":{}}"#, "kind"),
        (#"{"apiVersion":"admission.k8s.io/v1","kind":"AdmissionReview","request":{"uid":"u","kind":{"kind":"Service"},"operation":"CREATE","object":{"metadata":{},"spec":{"ports":[{"port":1e400}]}}}}"#,
         ""),
        (#"{"apiVersion":"admission.k8s.io/v1","kind":"AdmissionReview","request":{"uid":"","kind":{"kind":"Service"},"operation":"CREATE"}}"#,
         "request.uid"),
        ("not json", ""),
    ])
    func badReviewsNameThePath(json: String, path: String) {
        #expect(throws: DecodeError.self) { try AdmissionReview.decode(Array(json.utf8)) }
        do {
            _ = try AdmissionReview.decode(Array(json.utf8))
        } catch {
            if !path.isEmpty { #expect(error.path == path, "\(error)") }
            #expect(!error.reason.isEmpty)
        }
    }

    @Test func realAuditEventsDecode() throws {
        let lines = String(decoding: try Fixtures.data("audit/bmuschko-kube-apiserver-v1.23.17-services.jsonl"), as: UTF8.self)
            .split(separator: "\n")
        let list = "{\"kind\":\"EventList\",\"apiVersion\":\"audit.k8s.io/v1\",\"items\":[" + lines.joined(separator: ",") + "]}"
        let events = try AuditEventList.decode(Array(list.utf8))
        #expect(events.items.count == 4)
        let first = try events.items[0].get()
        #expect(first.stage == "ResponseComplete")
        #expect(first.verb == "list")
        #expect(first.succeeded)
        #expect(first.responseObject == nil)  // level Metadata: no bodies
    }

    @Test func aBadItemIsSkippedNotFatal() throws {
        let list = #"{"kind":"EventList","apiVersion":"audit.k8s.io/v1","items":[{"auditID":"a","stage":"ResponseComplete","verb":"create","objectRef":{"resource":"services","namespace":"d","name":"s"},"responseStatus":{"code":201},"responseObject":{"kind":"Service","metadata":{"name":"s","namespace":"d"},"spec":{"ports":[{"port":"bad"}]}}},{"auditID":"b","stage":"ResponseComplete","verb":"create","objectRef":{"resource":"services","namespace":"d","name":"t"},"responseStatus":{"code":201},"responseObject":{"kind":"Service","metadata":{"name":"t","namespace":"d"},"spec":{"clusterIP":"10.96.0.1","ports":[{"port":80}]}}}]}"#
        let events = try AuditEventList.decode(Array(list.utf8))
        #expect(events.items.count == 2)
        guard case .failure(let error) = events.items[0] else {
            Issue.record("first item should fail")
            return
        }
        #expect(error.path == "items[0].responseObject.spec.ports[0].port")
        let second = try events.items[1].get()
        guard case .service(let service)? = second.responseObject?.first else {
            Issue.record("second item should carry a Service")
            return
        }
        #expect(service.spec.clusterIP == "10.96.0.1")
    }

    /// The reliability corpus's audit batches with invalid UTF-8 in a name (`ff`, `c0af`, `eda080`,
    /// `f4908080`, `80`, `e282`), as they are.
    static let badUTF8Batches = (0...5).map { "Tests/Reliability/corpus/audit/bad-utf8-\($0).json" }

    static func corpus(_ path: String) throws -> [UInt8] {
        Array(try Data(contentsOf: Fixtures.repositoryRoot.appendingPathComponent(path)))
    }

    @Test(arguments: badUTF8Batches)
    func anItemWithInvalidUTF8IsSkippedAlone(file: String) throws {
        let batch = try Self.corpus(file)
        let events = try AuditEventList.decode(batch)
        #expect(events.items.count == 1)
        guard case .failure(let error) = events.items[0] else {
            Issue.record("the item should fail")
            return
        }
        #expect(error.path == "items[0].objectRef.name")
        #expect(error.reason.hasPrefix("string is not valid UTF-8 (byte "), "\(error)")

        // Between two real events: only it fails, the others read as they do alone.
        let lines = String(decoding: try Fixtures.data("audit/bmuschko-kube-apiserver-v1.23.17-services.jsonl"), as: UTF8.self)
            .split(separator: "\n")
        let start = try #require(batch.firstRange(of: Array(#""items":["#.utf8))).upperBound
        let badItem = Array(batch[start..<(batch.count - 2)])  // the file ends with the item and `]}`
        let mixed = Array(#"{"kind":"EventList","apiVersion":"audit.k8s.io/v1","items":["#.utf8) + Array(lines[0].utf8) + [0x2C]
            + badItem + [0x2C] + Array(lines[1].utf8) + Array("]}".utf8)
        let decoded = try AuditEventList.decode(mixed)
        #expect(decoded.items.count == 3)
        #expect(try decoded.items[0].get().auditID == AuditEventList.decode(Array(("{\"items\":[" + lines[0] + "]}").utf8)).items[0].get().auditID)
        guard case .failure(let middle) = decoded.items[1] else {
            Issue.record("the middle item should fail")
            return
        }
        #expect(middle.path == "items[1].objectRef.name")
        #expect(try decoded.items[2].get().stage == "ResponseComplete")
        // Foundation's JSONDecoder (what main used) fails the same item and only it.
        let foundation = try JSONDecoder().decode(AuditEventList.self, from: Data(mixed))
        #expect(foundation.items.map { (try? $0.get()) == nil } == [false, true, false])
    }

    @Test func invalidUTF8InTheEnvelopeFailsTheBatchOnlyWhereItIsRead() throws {
        let item = #"{"auditID":"a","stage":"ResponseComplete","verb":"get"}"#
        // In a field the list does not read: the batch is read (as Foundation reads it).
        let unread = Array(#"{"kind":"EventList","metadata":{"x":""#.utf8) + [0xFF] + Array(#""},"items":["#.utf8) + Array(item.utf8) + Array("]}".utf8)
        #expect(try AuditEventList.decode(unread).items.count == 1)
        // In `kind`, which it reads: the batch is not an EventList.
        let read = Array(#"{"kind":"EventList"#.utf8) + [0xFF] + Array(#"","items":["#.utf8) + Array(item.utf8) + Array("]}".utf8)
        do {
            _ = try AuditEventList.decode(read)
            Issue.record("decoded")
        } catch {
            #expect(error.path == "kind")
        }
    }

    @Test func aUTF16ReviewDecodesAsItsUTF8() throws {
        // The reliability corpus's UTF-16 review (little-endian, with a byte order mark) and the same
        // review in UTF-8 with a UTF-8 byte order mark.
        let utf16 = try AdmissionReview.decode(try Self.corpus("Tests/Reliability/corpus/validate/utf16.json"))
        let utf8 = try AdmissionReview.decode(try Self.corpus("Tests/Reliability/corpus/validate/bom.json"))
        let request = try #require(utf16.request)
        #expect(request.uid == "0b1e5f5e-7e2a-4e0c-9a0a-1f2e3d4c5b6a")
        #expect(request.uid == utf8.request?.uid)
        #expect(request.object == utf8.request?.object)
        guard case .service(let service)? = request.object else {
            Issue.record("object is not a Service")
            return
        }
        #expect(service.spec.clusterIP == "10.96.7.7")
    }

    @Test func deletecollectionListsTheDeletedObjects() throws {
        let list = #"{"items":[{"auditID":"c","stage":"ResponseComplete","verb":"deletecollection","objectRef":{"resource":"pods","namespace":"d"},"responseStatus":{"code":200},"responseObject":{"kind":"PodList","items":[{"metadata":{"name":"p1","namespace":"d"}},{"metadata":{"name":"p2","namespace":"d"}}]}}]}"#
        let event = try AuditEventList.decode(Array(list.utf8)).items[0].get()
        #expect(event.responseObject?.compactMap { $0.metadata?.key } == ["d/p1", "d/p2"])
    }

    @Test(arguments: ["[]", #"{"kind":"Status"}"#, #"{"kind":"EventList","apiVersion":"audit.k8s.io/v1beta1","items":[]}"#, #"{"kind":"EventList"}"#])
    func notAnEventListIsAnError(json: String) {
        #expect(throws: DecodeError.self) { try AuditEventList.decode(Array(json.utf8)) }
    }
}
