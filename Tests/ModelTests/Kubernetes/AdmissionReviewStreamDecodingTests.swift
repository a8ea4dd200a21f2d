import Foundation
@testable import Model
import TestSupport
import Testing

/// The one-pass read of a review (`AdmissionReview.streamedForValidation`, the fast path of
/// `decodeForValidation`) against the node-tree read (`decodeForValidationFromDocument`): when
/// it reads a review, the node tree reads the same review; when the node tree refuses one, it
/// gives up. For the fixtures, reviews of each kind the Validator checks, and tens of thousands
/// of edits of them that keep the members in kube-apiserver's order.
@Suite struct AdmissionReviewStreamDecodingTests {
    typealias Reference = JSONTreeDecoderParityTests

    enum Comparison: Equatable {
        /// Both read the review, alike.
        case same
        /// The stream gave up; the node tree read it or said why not.
        case leftToTheTree
        /// Both refused it.
        case bothRefused
        case differs(String)
    }

    static func compare(_ bytes: [UInt8]) -> Comparison {
        let streamed = AdmissionReview.streamedForValidation(bytes)
        let tree = Result { () throws(DecodeError) in try AdmissionReview.decodeForValidationFromDocument(bytes) }
        switch (streamed, tree) {
        case (let streamed?, .success(let tree)):
            let (a, b) = (Reference.summary(streamed), Reference.summary(tree))
            return a == b ? .same : .differs("streamed \(a), node tree \(b)")
        case (let streamed?, .failure(let error)):
            return .differs("streamed \(Reference.summary(streamed)), node tree refused: \(error)")
        case (nil, .success):
            return .leftToTheTree
        case (nil, .failure):
            return .bothRefused
        }
    }

    // MARK: Reviews

    /// A review as kube-apiserver writes it (its members in the order of the Go struct) around
    /// `object` (JSON) of `kind`.
    static func review(kind: (group: String, version: String, kind: String), resource: String, operation: String, object: String, oldObject: String = "null") -> [UInt8] {
        Array(
            """
            {"kind":"AdmissionReview","apiVersion":"admission.k8s.io/v1","request":{"uid":"8f3f0d1e-2b6a-4c1d-9e57-0a4b3c2d1e0f",\
            "kind":{"group":"\(kind.group)","version":"\(kind.version)","kind":"\(kind.kind)"},\
            "resource":{"group":"\(kind.group)","version":"\(kind.version)","resource":"\(resource)"},\
            "requestKind":{"group":"\(kind.group)","version":"\(kind.version)","kind":"\(kind.kind)"},\
            "requestResource":{"group":"\(kind.group)","version":"\(kind.version)","resource":"\(resource)"},\
            "name":"web","namespace":"shop","operation":"\(operation)",\
            "userInfo":{"username":"system:serviceaccount:kube-system:endpoint-controller","uid":"2c1e","groups":["system:serviceaccounts","system:authenticated"]},\
            "object":\(object),"oldObject":\(oldObject),"dryRun":false,\
            "options":{"kind":"\(operation == "CREATE" ? "CreateOptions" : "UpdateOptions")","apiVersion":"meta.k8s.io/v1"}}}
            """.utf8)
    }

    static func roundtripObject(_ name: String) throws -> String {
        String(decoding: try Fixtures.data("roundtrip/\(name)"), as: UTF8.self)
    }

    /// Reviews of a Service, an Endpoints and an EndpointSlice (the roundtrip objects: every field
    /// set), CREATE and UPDATE, plus the hand-written objects a controller sends.
    static func kindReviews() throws -> [(String, [UInt8])] {
        let service = try roundtripObject("core.v1.Service.json")
        let endpoints = try roundtripObject("core.v1.Endpoints.json")
        let slice = try roundtripObject("discovery.k8s.io.v1.EndpointSlice.json")
        let liveService = #"""
            {"kind":"Service","apiVersion":"v1","metadata":{"name":"web","namespace":"shop","uid":"0b6d","resourceVersion":"42",\#
            "creationTimestamp":"2025-03-14T09:20:11Z","labels":{"app":"web"},"annotations":{"kubectl.kubernetes.io/last-applied-configuration":\#
            "{\"apiVersion\":\"v1\",\"kind\":\"Service\",\"metadata\":{\"annotations\":{},\"name\":\"web\"},\"spec\":{\"ports\":[{\"port\":80}]}}\n"},\#
            "managedFields":[{"manager":"kubectl","operation":"Update","fieldsV1":{"f:spec":{"f:ports":{"k:{\"port\":80,\"protocol\":\"TCP\"}":{".":{}}}}}}]},\#
            "spec":{"ports":[{"name":"http","protocol":"TCP","port":80,"targetPort":"http","nodePort":30080},{"port":443,"targetPort":8443}],\#
            "selector":{"app":"web"},"clusterIP":"10.96.0.10","clusterIPs":["10.96.0.10","fd00::a"],"type":"LoadBalancer",\#
            "externalIPs":["192.0.2.1"],"loadBalancerIP":"198.51.100.7","sessionAffinity":"None","ipFamilies":["IPv4","IPv6"],\#
            "ipFamilyPolicy":"PreferDualStack","externalTrafficPolicy":"Local","internalTrafficPolicy":"Cluster"},\#
            "status":{"loadBalancer":{"ingress":[{"ip":"198.51.100.7"},{"hostname":"lb.example"}]}}}
            """#
        let liveEndpoints = #"""
            {"kind":"Endpoints","apiVersion":"v1","metadata":{"name":"web","namespace":"shop","labels":{"app":"web"}},\#
            "subsets":[{"addresses":[{"ip":"10.244.1.5","nodeName":"n1","targetRef":{"kind":"Pod","name":"web-1"}}],\#
            "notReadyAddresses":[{"ip":"10.244.2.9","hostname":"web-2"}],"ports":[{"name":"http","port":8080,"protocol":"TCP"},{"port":53,"protocol":"UDP"}]}]}
            """#
        let liveSlice = #"""
            {"kind":"EndpointSlice","apiVersion":"discovery.k8s.io/v1","metadata":{"name":"web-x7k2p","namespace":"shop",\#
            "labels":{"kubernetes.io/service-name":"web","endpointslice.kubernetes.io/managed-by":"endpointslice-controller.k8s.io"}},\#
            "addressType":"IPv4","endpoints":[{"addresses":["10.244.1.5"],"conditions":{"ready":true,"serving":true,"terminating":false},\#
            "nodeName":"n1","targetRef":{"kind":"Pod","name":"web-1"}},{"addresses":["10.244.2.9"],"conditions":{"ready":false}}],\#
            "ports":[{"name":"http","protocol":"TCP","port":8080},{"port":null}]}
            """#
        let serviceKind = (group: "", version: "v1", kind: "Service")
        let endpointsKind = (group: "", version: "v1", kind: "Endpoints")
        let sliceKind = (group: "discovery.k8s.io", version: "v1", kind: "EndpointSlice")
        return [
            ("roundtrip Service", review(kind: serviceKind, resource: "services", operation: "CREATE", object: service)),
            ("roundtrip Endpoints", review(kind: endpointsKind, resource: "endpoints", operation: "UPDATE", object: endpoints, oldObject: endpoints)),
            ("roundtrip EndpointSlice", review(kind: sliceKind, resource: "endpointslices", operation: "CREATE", object: slice)),
            ("Service", review(kind: serviceKind, resource: "services", operation: "UPDATE", object: liveService, oldObject: liveService)),
            ("Endpoints", review(kind: endpointsKind, resource: "endpoints", operation: "CREATE", object: liveEndpoints)),
            ("EndpointSlice", review(kind: sliceKind, resource: "endpointslices", operation: "UPDATE", object: liveSlice, oldObject: liveSlice)),
            ("Deployment (not checked)", review(kind: (group: "apps", version: "v1", kind: "Deployment"), resource: "deployments", operation: "CREATE", object: #"{"kind":"Deployment","spec":{"replicas":3}}"#)),
            ("CONNECT", review(kind: serviceKind, resource: "services", operation: "CONNECT", object: #"{"kind":"ServiceProxyOptions","path":"/"}"#)),
        ]
    }

    static func allReviews() throws -> [(String, [UInt8])] { try Reference.reviews() + kindReviews() }

    @Test func reviewsOfTheUsualShapeAreReadInOnePassAlike() throws {
        var leftToTheTree: [String] = []
        for (name, bytes) in try Self.allReviews() {
            let comparison = Self.compare(bytes)
            #expect(comparison == .same || comparison == .leftToTheTree, "\(name): \(comparison)")
            if comparison == .leftToTheTree { leftToTheTree.append(name) }
        }
        // Every review but the Pod's (the Validator does not check Pods: the node tree reads them),
        // including those whose members are sorted by name (objects before the operation).
        #expect(leftToTheTree == ["kubewarden-pod.delete.request.json", "kubewarden-pod.delete.request.json v1beta1"])
    }

    @Test func decodeForValidationTakesTheOnePassRead() throws {
        for (name, bytes) in try Self.kindReviews() {
            let review = try AdmissionReview.decodeForValidation(bytes)
            #expect(AdmissionReview.streamedForValidation(bytes) != nil, "\(name)")
            #expect(Reference.summary(review) == Reference.summary(try AdmissionReview.decodeForValidationFromDocument(bytes)), "\(name)")
        }
    }

    // MARK: Edits that keep the order of members

    /// The byte range of every value in `bytes` (a valid document), in document order.
    static func valueRanges(_ bytes: [UInt8]) -> [Range<Int>] {
        var ranges: [Range<Int>] = []
        var i = 0
        func whitespace() { while i < bytes.count, [0x20, 0x0A, 0x0D, 0x09].contains(bytes[i]) { i += 1 } }
        func string() {
            i += 1
            while bytes[i] != UInt8(ascii: "\"") { i += bytes[i] == UInt8(ascii: "\\") ? 2 : 1 }
            i += 1
        }
        func value() {
            whitespace()
            let start = i
            switch bytes[i] {
            case UInt8(ascii: "\""): string()
            case UInt8(ascii: "{"), UInt8(ascii: "["):
                let close = bytes[i] == UInt8(ascii: "{") ? UInt8(ascii: "}") : UInt8(ascii: "]")
                i += 1
                whitespace()
                while bytes[i] != close {
                    if close == UInt8(ascii: "}") {
                        string()
                        whitespace()
                        i += 1  // ':'
                    }
                    value()
                    whitespace()
                    if bytes[i] == UInt8(ascii: ",") { i += 1; whitespace() }
                }
                i += 1
            default:
                while i < bytes.count, !",}] \n\r\t".utf8.contains(bytes[i]) { i += 1 }
            }
            ranges.append(start..<i)
        }
        value()
        return ranges
    }

    static let replacements: [String] = Reference.replacements + [
        "\"\"", #""a\"b""#, #""\u00e9""#, "\"é\"", #""\ud800""#, "0", "80", "01", "[\"x\"]", "[null]", "[{}]", #"{"ip":"10.0.0.1"}"#,
        #"{"kind":"Service"}"#, #"{"port":1}"#, "\"ClusterIP\"", "\"CONNECT\"", "\"DELETE\"", #"{"group":"","version":"v1","kind":"Node"}"#,
    ]

    /// Every value replaced by each replacement, every member duplicated after itself with a
    /// different value, and cuts and stray bytes at a spread of offsets.
    static func edits(of bytes: [UInt8]) -> [[UInt8]] {
        var result: [[UInt8]] = []
        // At most 80 values of each review, evenly spread (the roundtrip objects have hundreds).
        let all = valueRanges(bytes)
        let step = max(1, (all.count + 79) / 80)
        for range in stride(from: 0, to: all.count, by: step).map({ all[$0] }) {
            for replacement in replacements {
                result.append(Array(bytes[..<range.lowerBound]) + Array(replacement.utf8) + Array(bytes[range.upperBound...]))
            }
            // The same member again, null: the last of repeated names wins.
            if range.lowerBound > 0, let colon = bytes[..<range.lowerBound].lastIndex(of: UInt8(ascii: ":")),
                let quote = bytes[..<colon].lastIndex(of: UInt8(ascii: "\"")),
                let open = bytes[..<quote].lastIndex(of: UInt8(ascii: "\"")), open + 1 < quote
            {
                let member = Array(bytes[open..<colon]) + Array(":null,".utf8)
                result.append(Array(bytes[..<open]) + member + Array(bytes[open...]))
                result.append(Array(bytes[..<range.upperBound]) + Array(",".utf8) + Array(bytes[open..<colon]) + Array(":null".utf8) + Array(bytes[range.upperBound...]))
            }
        }
        for offset in stride(from: 0, to: bytes.count, by: max(1, bytes.count / 40)) {
            result.append(Array(bytes[..<offset]))
            for stray: UInt8 in [0x00, 0x22, 0x2C, 0x5C, 0x7D, 0xC3] {
                result.append(Array(bytes[..<offset]) + [stray] + Array(bytes[offset...]))
            }
        }
        return result
    }

    /// Off the cooperative pool (`onOwnThread`): ten thousand decodes, each done twice.
    @Test func editsAreReadAlikeOrLeftToTheNodeTree() async throws {
        let reviews = try Self.allReviews()
        let (counts, differing) = try await onOwnThread { () -> ([String: Int], [String]) in
            var counts: [String: Int] = [:]
            var differing: [String] = []
            for (name, bytes) in reviews {
                for (i, edit) in Self.edits(of: bytes).enumerated() {
                    switch Self.compare(edit) {
                    case .same: counts["same", default: 0] += 1
                    case .leftToTheTree: counts["left to the tree", default: 0] += 1
                    case .bothRefused: counts["both refused", default: 0] += 1
                    case .differs(let why):
                        if differing.count < 5 { differing.append("\(name) edit \(i): \(why): \(String(decoding: edit, as: UTF8.self))") }
                        counts["differs", default: 0] += 1
                    }
                }
            }
            return (counts, differing)
        }
        #expect(differing.isEmpty, "\(counts): \(differing)")
        // Each outcome is common: the edits exercise the one-pass read, its giving up, and refusals.
        #expect(counts["same", default: 0] > 2000 && counts["left to the tree", default: 0] > 1000 && counts["both refused", default: 0] > 1000, "\(counts)")
    }

    // MARK: Order

    /// An object is read as the request's last `kind` and `operation` say, wherever they are.
    @Test func objectsAreReadAsTheKindAndOperationSayWhereverTheyAre() throws {
        let service = #"{"kind":"Service","metadata":{"name":"a","namespace":"b"},"spec":{"clusterIP":"10.0.0.1"}}"#
        let kindFirst = Array(#"{"kind":"AdmissionReview","apiVersion":"admission.k8s.io/v1","request":{"uid":"u","kind":{"kind":"Service"},"operation":"CREATE","object":\#(service)}}"#.utf8)
        let objectFirst = Array(#"{"kind":"AdmissionReview","apiVersion":"admission.k8s.io/v1","request":{"uid":"u","object":\#(service),"kind":{"kind":"Service"},"operation":"CREATE"}}"#.utf8)
        let kindAgain = Array(#"{"kind":"AdmissionReview","apiVersion":"admission.k8s.io/v1","request":{"uid":"u","kind":{"kind":"Service"},"operation":"CREATE","object":\#(service),"kind":{"kind":"Deployment"}}}"#.utf8)
        let operationAgain = Array(#"{"kind":"AdmissionReview","apiVersion":"admission.k8s.io/v1","request":{"uid":"u","kind":{"kind":"Service"},"operation":"CREATE","oldObject":\#(service),"operation":"CONNECT"}}"#.utf8)
        for (review, expected) in [(kindFirst, "Service"), (objectFirst, "Service"), (kindAgain, "other Deployment"), (operationAgain, "other Service")] {
            #expect(Self.compare(review) == .same)
            let request = try #require(AdmissionReview.streamedForValidation(review)?.request)
            switch request.object ?? request.oldObject {
            case .service(let decoded)?: #expect(expected == "Service" && decoded.spec.clusterIP == "10.0.0.1")
            case .other(let kind)?: #expect(expected == "other \(kind)")
            default: Issue.record("read as \(String(describing: request.object))")
            }
        }
    }
}
