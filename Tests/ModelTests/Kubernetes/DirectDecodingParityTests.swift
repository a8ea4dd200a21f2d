import Foundation
@testable import Model
import TestSupport
import Testing

/// The same documents through the `Decodable` path (`init(from:)` on `JSONTreeDecoder`, the
/// reference) and the direct one (`init(json:)` on `JSONValueReader`, what the webhook runs):
/// equal values, or `DecodeError`s with the same path and reason, for every fixture and for
/// systematic mutations of them (each value deleted, replaced by a value of another kind or range,
/// or by a string that is not UTF-8; a member name that is not UTF-8 added to each object).
@Suite struct DirectDecodingParityTests {
    typealias Reference = JSONTreeDecoderParityTests

    /// What a decode produced, in comparable form.
    enum Outcome<T: Equatable>: Equatable, CustomStringConvertible {
        case value(T)
        case error(DecodeError)

        init(_ body: () throws(DecodeError) -> T) {
            do throws(DecodeError) {
                self = .value(try body())
            } catch {
                self = .error(error)
            }
        }

        var isError: Bool {
            if case .error = self { return true }
            return false
        }

        var description: String {
            switch self {
            case .value(let v): "value \(v)"
            case .error(let e): "error \(e)"
            }
        }
    }

    /// What a document is read as.
    enum DocumentKind: Sendable {
        /// An AdmissionReview: the review, its checked entry point and its header.
        case review
        /// One object or a List of them (`KubernetesJSON.decodeObjects`).
        case objects
        /// An audit EventList.
        case eventList
    }

    /// Tallies of a run of comparisons.
    struct Tally: Sendable {
        var documents = 0
        /// Decodes compared (each document is decoded both ways by several entry points).
        var comparisons = 0
        /// Comparisons where both ways failed (with the same error).
        var failures = 0
        /// Audit items that failed alone (with the same error) in lists that decoded.
        var itemFailures = 0
        var differing: [String] = []
    }

    // MARK: Comparing the two paths

    /// `T` both ways from one parsed document.
    static func both<T: Decodable & JSONDirectDecodable, R: Equatable>(
        _ type: T.Type, _ document: JSONDocument, _ project: (T) -> R
    ) -> (decodable: Outcome<R>, direct: Outcome<R>) {
        let decodable = Outcome { () throws(DecodeError) in project(try KubernetesJSON.decode(T.self, from: document)) }
        let direct = Outcome { () throws(DecodeError) in project(try document.decodeDirectly(T.self)) }
        return (decodable, direct)
    }

    /// Decodes `bytes` both ways through every entry point of `kind`, into `tally`.
    static func compare(_ name: String, _ bytes: [UInt8], as kind: DocumentKind, into tally: inout Tally) {
        tally.documents += 1
        let document: JSONDocument
        do {
            document = try JSONDocument(parsing: bytes)
        } catch {
            // Not JSON: one parser serves both paths, so there is nothing to compare but the header.
            if kind == .review { record(name, bytes, AdmissionReviewHeader.readUsingDecodable(bytes), AdmissionReviewHeader.read(bytes), into: &tally) }
            return
        }
        func check<R: Equatable>(_ what: String, _ pair: (decodable: Outcome<R>, direct: Outcome<R>)) {
            record("\(name) \(what)", bytes, pair.decodable, pair.direct, into: &tally)
            if pair.decodable.isError { tally.failures += 1 }
        }
        switch kind {
        case .review:
            check("AdmissionReview", both(AdmissionReview.self, document, Reference.summary))
            check("AdmissionReview.decode", (
                Outcome { () throws(DecodeError) in Reference.summary(try AdmissionReview.decodeUsingDecodable(document)) },
                Outcome { () throws(DecodeError) in Reference.summary(try AdmissionReview.decode(document)) }))
            record("\(name) header", bytes, AdmissionReviewHeader.readUsingDecodable(bytes), AdmissionReviewHeader.read(bytes), into: &tally)
        case .objects:
            check("AnyObject", both(KubernetesJSON.AnyObject.self, document, \.object))
            check("decodeObjects", (
                Outcome { () throws(DecodeError) in try KubernetesJSON.decodeObjectsUsingDecodable(from: document) },
                Outcome { () throws(DecodeError) in try KubernetesJSON.decodeObjects(from: document) }))
        case .eventList:
            let (decodable, direct) = both(AuditEventList.self, document, Reference.summary)
            check("AuditEventList", (decodable, direct))
            check("AuditEventList.decode", (
                Outcome { () throws(DecodeError) in Reference.summary(try AuditEventList.decodeUsingDecodable(document)) },
                Outcome { () throws(DecodeError) in Reference.summary(try AuditEventList.decode(document)) }))
            if case .value(let list) = direct {
                tally.itemFailures += list.items.filter { if case .failure = $0 { true } else { false } }.count
            }
        }
    }

    static func record<R: Equatable>(_ name: String, _ bytes: [UInt8], _ decodable: R, _ direct: R, into tally: inout Tally) {
        tally.comparisons += 1
        if decodable != direct {
            tally.differing.append("\(name): Decodable \(decodable), direct \(direct) for \(String(decoding: bytes.prefix(400), as: UTF8.self))")
        }
    }

    // MARK: Documents

    /// Every AdmissionReview fixture (v1 and v1beta1 envelopes, the roundtrip ones as they are).
    static func reviews() throws -> [(String, [UInt8])] { try Reference.reviews() }

    /// The roundtrip objects, and Lists of them (`List` and a typed `…List` whose items lack `kind`).
    static func objectDocuments() throws -> [(String, [UInt8])] {
        let objects = try Reference.objectDocuments()
        let texts = objects.map { String(decoding: $0.1, as: UTF8.self) }
        let list = #"{"apiVersion":"v1","kind":"List","items":["# + texts.joined(separator: ",") + "]}"
        let services = #"{"apiVersion":"v1","kind":"ServiceList","metadata":{},"items":[{"metadata":{"name":"a"},"spec":{"ports":[{"port":80}]}},"#
            + (texts.first { $0.contains(#""kind": "Service""#) || $0.contains(#""kind":"Service""#) } ?? "{}") + "]}"
        return objects + [("List", Array(list.utf8)), ("ServiceList", Array(services.utf8))]
    }

    /// Every audit fixture line that is an Event, one per EventList, each fixture as one list, and
    /// `richEventList` (the fixtures are Metadata and Request level: none carries a responseObject).
    static func eventLists() throws -> [(String, [UInt8])] {
        try Reference.eventLists() + [("rich EventList", Array(richEventList.utf8))]
    }

    /// RequestResponse events of every kind translated, and the cases `AuditEvent` tells apart:
    /// deletecollection (a List body), delete (body not read), a status subresource, another
    /// subresource, another resource, a failed write.
    static let richEventList = #"""
        {"kind":"EventList","apiVersion":"audit.k8s.io/v1","metadata":{},"items":[
        {"level":"RequestResponse","auditID":"e1","stage":"ResponseComplete","verb":"create","objectRef":{"resource":"services","namespace":"d","name":"s","apiVersion":"v1"},"responseStatus":{"metadata":{},"code":201},"responseObject":{"kind":"Service","apiVersion":"v1","metadata":{"name":"s","namespace":"d","uid":"u1","resourceVersion":"10","labels":{"app":"s","tier":"web"},"annotations":{"midonet.org/host-id":"h"}},"spec":{"type":"LoadBalancer","clusterIP":"10.96.0.10","clusterIPs":["10.96.0.10"],"ipFamilies":["IPv4"],"ipFamilyPolicy":"SingleStack","ports":[{"name":"http","protocol":"TCP","port":80,"targetPort":8080,"nodePort":30080},{"name":"dns","protocol":"UDP","port":53,"targetPort":"dns"}],"selector":{"app":"s"},"externalIPs":["192.0.2.1"],"loadBalancerIP":"192.0.2.2","sessionAffinity":"None","externalTrafficPolicy":"Cluster","internalTrafficPolicy":"Cluster"},"status":{"loadBalancer":{"ingress":[{"ip":"192.0.2.2"},{"hostname":"lb.example"}]}}},"stageTimestamp":"2024-01-01T00:00:00Z"},
        {"level":"RequestResponse","auditID":"e2","stage":"ResponseComplete","verb":"update","objectRef":{"resource":"endpoints","namespace":"d","name":"s"},"responseStatus":{"code":200},"responseObject":{"kind":"Endpoints","metadata":{"name":"s","namespace":"d"},"subsets":[{"addresses":[{"ip":"10.1.2.3","nodeName":"n1","hostname":"p1"}],"notReadyAddresses":[{"ip":"10.1.2.4"}],"ports":[{"name":"http","port":8080,"protocol":"TCP"}]}]}},
        {"level":"RequestResponse","auditID":"e3","stage":"ResponseComplete","verb":"create","objectRef":{"resource":"endpointslices","namespace":"d","name":"s-x","apiGroup":"discovery.k8s.io","apiVersion":"v1"},"responseStatus":{"code":201},"responseObject":{"kind":"EndpointSlice","metadata":{"name":"s-x","namespace":"d","labels":{"kubernetes.io/service-name":"s"}},"addressType":"IPv4","endpoints":[{"addresses":["10.1.2.3"],"conditions":{"ready":true,"serving":true,"terminating":false},"nodeName":"n1","hostname":"p1"}],"ports":[{"name":"http","protocol":"TCP","port":8080}]}},
        {"level":"RequestResponse","auditID":"e4","stage":"ResponseComplete","verb":"patch","objectRef":{"resource":"nodes","name":"n1","subresource":"status"},"responseStatus":{"code":200},"responseObject":{"kind":"Node","metadata":{"name":"n1","annotations":{"midonet.org/tunnel-endpoint-ip":"192.0.2.9"}},"spec":{"podCIDR":"10.1.2.0/24","podCIDRs":["10.1.2.0/24","fd00::/64"]},"status":{"addresses":[{"type":"InternalIP","address":"192.0.2.9"},{"type":"Hostname","address":"n1"}]}}},
        {"level":"RequestResponse","auditID":"e5","stage":"ResponseComplete","verb":"create","objectRef":{"resource":"pods","namespace":"d","name":"p1"},"responseStatus":{"code":201},"responseObject":{"kind":"Pod","metadata":{"name":"p1","namespace":"d","deletionTimestamp":"2024-01-01T00:00:00Z"},"spec":{"nodeName":"n1","hostNetwork":false},"status":{"phase":"Running","podIP":"10.1.2.3"}}},
        {"level":"RequestResponse","auditID":"e6","stage":"ResponseComplete","verb":"deletecollection","objectRef":{"resource":"pods","namespace":"d"},"responseStatus":{"code":200},"responseObject":{"kind":"PodList","items":[{"metadata":{"name":"p1","namespace":"d"},"spec":{"nodeName":"n1"}},{"metadata":{"name":"p2","namespace":"d"}}]}},
        {"level":"RequestResponse","auditID":"e7","stage":"ResponseComplete","verb":"delete","objectRef":{"resource":"services","namespace":"d","name":"s"},"responseStatus":{"code":200},"responseObject":{"kind":"Status","status":"Success"}},
        {"level":"RequestResponse","auditID":"e8","stage":"ResponseComplete","verb":"create","objectRef":{"resource":"pods","namespace":"d","name":"p1","subresource":"binding"},"responseStatus":{"code":201},"responseObject":{"kind":"Status"}},
        {"level":"RequestResponse","auditID":"e9","stage":"ResponseComplete","verb":"create","objectRef":{"resource":"configmaps","namespace":"d","name":"c"},"responseStatus":{"code":201},"responseObject":{"kind":"ConfigMap","data":{"a":"b"}}},
        {"level":"RequestResponse","auditID":"e10","stage":"ResponseComplete","verb":"create","objectRef":{"resource":"services","namespace":"d","name":"t"},"responseStatus":{"code":422,"status":"Failure"},"responseObject":{"kind":"Status","code":422}}
        ]}
        """#

    // MARK: Mutations

    /// `bytes` with each of (at most `maxPaths` of) its values deleted and replaced by values of
    /// other kinds and ranges (`JSONTreeDecoderParityTests.mutations`: null, a string, fractions,
    /// numbers too big for `Int` or `Double`, a boolean, arrays, objects), and by a string that is
    /// not UTF-8 where it was a string, and with a member named by one where it was an object.
    static func mutations(of bytes: [UInt8], maxPaths: Int) throws -> [[UInt8]] {
        try Reference.mutations(of: bytes, maxPaths: maxPaths) + invalidUTF8Mutations(of: bytes, maxPaths: maxPaths)
            + everyMemberReplaced(of: bytes, maxPaths: maxPaths)
    }

    /// Each object of `bytes` (at most `maxPaths` of them) with all its members replaced at once
    /// by a value of one kind: several errors in one object, so that the one reported shows the
    /// order fields are read in (the first in declaration order, for `init(from:)`).
    static func everyMemberReplaced(of bytes: [UInt8], maxPaths: Int) throws -> [[UInt8]] {
        let original = try JSONValue(parsing: bytes)
        let objects = Reference.paths(original).filter { if case .object? = Reference.value(original, at: $0[...]) { true } else { false } }
        let step = max(1, (objects.count + maxPaths - 1) / maxPaths)
        var result: [[UInt8]] = []
        for path in stride(from: 0, to: objects.count, by: step).map({ objects[$0] }) {
            guard case .object(let fields)? = Reference.value(original, at: path[...]) else { continue }
            for replacement: JSONValue in [.array([]), .object([:]), .string("x"), .double(1.5), .bool(true), .null] {
                let replaced = JSONValue.object(fields.mapValues { _ in replacement })
                result.append(Reference.replacing(original, at: path[...], with: replaced).bytes)
            }
        }
        return result
    }

    /// `JSONTreeDecoderParityTests.invalidUTF8Mutations` over at most `maxPaths` paths, evenly
    /// spread, taking turns through the invalid sequences.
    static func invalidUTF8Mutations(of bytes: [UInt8], maxPaths: Int) throws -> [[UInt8]] {
        let original = try JSONValue(parsing: bytes)
        let markerText = JSONValue.string(Reference.marker).serialized
        let all = Reference.paths(original)
        let step = max(1, (all.count + maxPaths - 1) / maxPaths)
        var result: [[UInt8]] = []
        for (turn, path) in stride(from: 0, to: all.count, by: step).map({ all[$0] }).enumerated() {
            let sequence = Reference.invalidSequences[turn % Reference.invalidSequences.count]
            let marked: JSONValue
            switch Reference.value(original, at: path[...]) {
            case .string?: marked = Reference.replacing(original, at: path[...], with: .string(Reference.marker))
            case .object(var fields)?:
                fields[Reference.marker] = 1
                marked = Reference.replacing(original, at: path[...], with: .object(fields))
            default: continue
            }
            let parts = marked.serialized.components(separatedBy: markerText)
            guard parts.count == 2 else { continue }
            result.append(Array(parts[0].utf8) + Array("\"ev".utf8) + sequence + Array("l\"".utf8) + Array(parts[1].utf8))
        }
        return result
    }

    /// Each document and its mutations compared, off the cooperative pool (thousands of decodes).
    static func compareMutations(of documents: [(String, [UInt8])], as kind: DocumentKind, maxPaths: Int) async throws -> Tally {
        try await onOwnThread {
            var tally = Tally()
            for (name, bytes) in documents {
                compare(name, bytes, as: kind, into: &tally)
                for (i, mutation) in try mutations(of: bytes, maxPaths: maxPaths).enumerated() {
                    compare("\(name) mutation \(i)", mutation, as: kind, into: &tally)
                }
            }
            return tally
        }
    }

    // MARK: Fixtures as they are

    @Test func reviewFixturesDecodeTheSame() throws {
        var tally = Tally()
        let documents = try Self.reviews()
        for (name, bytes) in documents { Self.compare(name, bytes, as: .review, into: &tally) }
        #expect(tally.differing.isEmpty, "\(tally.differing.prefix(3))")
        #expect(documents.count >= 14)
        #expect(tally.failures == 0)
    }

    @Test func objectFixturesDecodeTheSame() throws {
        var tally = Tally()
        for (name, bytes) in try Self.objectDocuments() { Self.compare(name, bytes, as: .objects, into: &tally) }
        #expect(tally.differing.isEmpty, "\(tally.differing.prefix(3))")
        #expect(tally.documents == 7)
        #expect(tally.failures == 0)
    }

    @Test func auditFixturesDecodeTheSame() throws {
        var tally = Tally()
        let documents = try Self.eventLists()
        for (name, bytes) in documents { Self.compare(name, bytes, as: .eventList, into: &tally) }
        #expect(tally.differing.isEmpty, "\(tally.differing.prefix(3))")
        #expect(documents.count >= 20)
        // Some fixtures are not audit.k8s.io/v1 EventLists (v1alpha1, a bare Event): those fail both ways.
        #expect(tally.failures > 0 && tally.failures < tally.comparisons)
    }

    @Test func theRichEventListDecodesEveryKind() throws {
        let list = try AuditEventList.decode(Array(Self.richEventList.utf8))
        let kinds: [String] = list.items.map {
            switch $0 {
            case .success(let event): event.responseObject.map { $0.map { $0.kind?.rawValue ?? "other" }.joined(separator: ",") } ?? "not read"
            case .failure(let error): "\(error)"
            }
        }
        // A failed write's body is a Status, not the object: that item is skipped.
        #expect(kinds == [
            "Service", "Endpoints", "EndpointSlice", "Node", "Pod", "Pod,Pod", "", "not read", "not read",
            "items[9].responseObject.metadata: required field is missing",
        ])
    }

    // MARK: Mutations

    @Test func mutatedReviewsDecodeTheSame() async throws {
        let tally = try await Self.compareMutations(of: try Self.reviews(), as: .review, maxPaths: 80)
        #expect(tally.differing.isEmpty, "\(tally.differing.prefix(5))")
        #expect(tally.comparisons > 45_000)
        #expect(tally.failures > 7_000)
    }

    @Test func mutatedObjectsDecodeTheSame() async throws {
        let tally = try await Self.compareMutations(of: try Self.objectDocuments(), as: .objects, maxPaths: 80)
        #expect(tally.differing.isEmpty, "\(tally.differing.prefix(5))")
        #expect(tally.comparisons > 16_000)
        #expect(tally.failures > 2_500)
    }

    @Test func mutatedEventListsDecodeTheSame() async throws {
        let fixtures = try await Self.compareMutations(of: try Reference.eventLists(), as: .eventList, maxPaths: 30)
        #expect(fixtures.differing.isEmpty, "\(fixtures.differing.prefix(5))")
        #expect(fixtures.comparisons > 15_000)
        // The rich list: every path, since it is the one with objects in it.
        let rich = try await Self.compareMutations(of: [("rich EventList", Array(Self.richEventList.utf8))], as: .eventList, maxPaths: 1_000)
        #expect(rich.differing.isEmpty, "\(rich.differing.prefix(5))")
        #expect(rich.comparisons > 8_000)
        #expect(rich.itemFailures > 1_000)
        #expect(rich.failures > 50)
    }

    // MARK: Specific cases

    /// Cases the mutations do not make: repeated and escaped member names, a review too short to
    /// hold its request, null and wrong kinds at the top, an unknown kind, CONNECT.
    static let specificReviews: [String] = [
        #"{"apiVersion":"admission.k8s.io/v1","kind":"AdmissionReview"}"#,
        #"{"apiVersion":"admission.k8s.io/v1","kind":"AdmissionReview","request":null}"#,
        #"{"apiVersion":"admission.k8s.io/v1","kind":"AdmissionReview","request":{"uid":"","kind":{"kind":"Pod"},"operation":"DELETE"}}"#,
        #"{"apiVersion":"admission.k8s.io/v2","kind":"AdmissionReview","request":{}}"#,
        #"{"apiVersion":"admission.k8s.io/v1","kind":"Review","request":{}}"#,
        #"{"kind":"AdmissionReview","request":{}}"#,
        #"{"apiVersion":"admission.k8s.io/v1","kind":"AdmissionReview","request":{"uid":"u","kind":{"kind":"Service"},"operation":"CREATE","object":{"metadata":{},"spec":{"ports":[{"port":80},{"port":81,"port":"x"}]}}}}"#,
        #"{"apiVersion":"admission.k8s.io/v1","kind":"AdmissionReview","request":{"uid":"u","kind":{"kind":"Service"},"operation":"CREATE","object":{"metadata":{},"spec":{"ports":[{"port":"x","port":81}]}}}}"#,
        #"{"apiVersion":"admission.k8s.io/v1","kind":"AdmissionReview","request":{"uid":"u","kind":{"kind":"Service"},"operation":"CREATE","object":{"metadata":{},"spec":{"ports":[{"\u0070ort":1.5}]}}}}"#,
        #"{"apiVersion":"admission.k8s.io/v1","kind":"AdmissionReview","request":{"uid":"u","kind":{"kind":"Service"},"operation":"CREATE","object":{"metadata":{"labels":{"a.b/c":1}},"spec":{}}}}"#,
        #"{"apiVersion":"admission.k8s.io/v1","kind":"AdmissionReview","request":{"uid":"u","kind":{"kind":"Service"},"operation":"CONNECT","object":[1]}}"#,
        #"{"apiVersion":"admission.k8s.io/v1","kind":"AdmissionReview","request":{"uid":"u","kind":{"kind":"Widget"},"operation":"CREATE","object":7,"oldObject":null}}"#,
        #"{"apiVersion":"admission.k8s.io/v1","kind":"AdmissionReview","request":{"uid":"u","kind":{"kind":"Node"},"operation":"UPDATE","object":{"metadata":{}},"oldObject":{"metadata":null}}}"#,
        #"{"apiVersion":"admission.k8s.io/v1","kind":"AdmissionReview","request":{"uid":"u","kind":{"kind":"Service"},"operation":"CREATE","object":{"metadata":{},"spec":{"ports":[{"port":80,"targetPort":8.5},{"port":80,"targetPort":null}]}}}}"#,
        #"{"apiVersion":"admission.k8s.io/v1","kind":"AdmissionReview","request":{"uid":"u","kind":{"kind":"EndpointSlice"},"operation":"CREATE","object":{"metadata":{},"endpoints":[{"addresses":null}]}}}"#,
        "null", "[]", #""x""#, "1", "{}",
    ]

    @Test(arguments: specificReviews)
    func specificReviewsDecodeTheSame(json: String) {
        var tally = Tally()
        Self.compare(json, Array(json.utf8), as: .review, into: &tally)
        Self.compare(json, Array(json.utf8), as: .objects, into: &tally)
        Self.compare(json, Array(json.utf8), as: .eventList, into: &tally)
        #expect(tally.differing.isEmpty, "\(tally.differing)")
    }

    /// The paths and reasons themselves, pinned (both ways agree, and agree with this).
    @Test(arguments: [
        (#"{"apiVersion":"admission.k8s.io/v1","kind":"AdmissionReview","request":{"uid":"u","kind":{"kind":"Service"},"operation":"CREATE","object":{"metadata":{},"spec":{"ports":[{"port":80},{"port":"80"}]}}}}"#,
         "request.object.spec.ports[1].port", "expected an integer"),
        (#"{"apiVersion":"admission.k8s.io/v1","kind":"AdmissionReview","request":{"uid":"u","kind":{"kind":"Service"},"operation":"CREATE","object":{"metadata":{},"spec":{"ports":[{"port":1e400}]}}}}"#,
         "request.object.spec.ports[0].port", "Parsed JSON number <1e400> does not fit in Int."),
        (#"{"apiVersion":"admission.k8s.io/v1","kind":"AdmissionReview","request":{"uid":"u","kind":{"kind":"Service"},"operation":"CREATE","object":{"spec":{}}}}"#,
         "request.object.metadata", "required field is missing"),
        (#"{"apiVersion":"admission.k8s.io/v1","kind":"AdmissionReview","request":{"uid":null}}"#, "request.uid", "expected a string, found null"),
        (#"{"apiVersion":"admission.k8s.io/v1","kind":"AdmissionReview","request":{"uid":"u","kind":{"kind":"Service"},"operation":"CREATE","object":{"metadata":{"labels":{"a":"b","c.d/e":true}}}}}"#,
         "request.object.metadata.labels.c.d/e", "expected a string"),
        (#"{"apiVersion":"admission.k8s.io/v2","kind":"AdmissionReview"}"#, "apiVersion",
         "expected admission.k8s.io/v1 or admission.k8s.io/v1beta1, found \"admission.k8s.io/v2\""),
    ])
    func errorsNameThePathAndTheReason(json: String, path: String, reason: String) {
        let direct = Outcome { () throws(DecodeError) in Reference.summary(try AdmissionReview.decode(Array(json.utf8))) }
        #expect(direct == .error(DecodeError(path: path, reason: reason)))
        let document = try? JSONDocument(parsing: Array(json.utf8))
        let decodable = Outcome { () throws(DecodeError) in
            guard let document else { throw DecodeError(path: "", reason: "not JSON") }
            return Reference.summary(try AdmissionReview.decodeUsingDecodable(document))
        }
        #expect(decodable == direct)
    }

    @Test func invalidUTF8IsAnErrorWhereItIsRead() {
        let review = Array(#"{"apiVersion":"admission.k8s.io/v1","kind":"AdmissionReview","request":{"uid":"u","kind":{"kind":"Service"},"operation":"CREATE","object":{"metadata":{"name":"s"#.utf8)
            + [0xFF] + Array(#""}}}}"#.utf8)
        var tally = Tally()
        Self.compare("invalid name", review, as: .review, into: &tally)
        #expect(tally.differing.isEmpty, "\(tally.differing)")
        let direct = Outcome { () throws(DecodeError) in Reference.summary(try AdmissionReview.decode(review)) }
        guard case .error(let error) = direct else {
            Issue.record("decoded")
            return
        }
        #expect(error.path == "request.object.metadata.name")
        #expect(error.reason.hasPrefix("string is not valid UTF-8 (byte "))
    }
}
