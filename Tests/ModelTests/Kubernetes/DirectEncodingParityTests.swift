import Foundation
@testable import Model
import TestSupport
import Testing

/// `KubernetesObject.directlyEncoded` (what the Store keeps) against `JSONEncoder` (what it kept
/// before): the same JSON value, and read back to the same object, for every object of the
/// fixtures and for variants of them with strings that need escaping and members left out.
@Suite struct DirectEncodingParityTests {
    /// Every Service, Endpoints, EndpointSlice, Node and Pod in the fixtures (the audit fixtures
    /// carry none: they are Metadata-level events).
    static func fixtureObjects() throws -> [KubernetesObject] {
        var objects: [KubernetesObject] = []
        for file in ["core.v1.Service.json", "core.v1.Endpoints.json", "core.v1.Node.json", "core.v1.Pod.json", "discovery.k8s.io.v1.EndpointSlice.json"] {
            objects += try KubernetesJSON.decodeObjects(from: try Fixtures.data("roundtrip/\(file)"))
        }
        let reviews = try FileManager.default.contentsOfDirectory(atPath: Fixtures.kubernetes.appendingPathComponent("admissionreview").path)
        for file in reviews where file.hasSuffix(".json") {
            let review = try AdmissionReview.decode(try Fixtures.review(file))
            objects += [review.request?.object, review.request?.oldObject].compactMap { $0 }
        }
        return objects.filter { $0.kind != nil }
    }

    /// Strings that JSON must escape (quote, backslash, controls, `/`, non-ASCII), in every
    /// string the metadata has, and members left out.
    static func variants(of object: KubernetesObject) -> [KubernetesObject] {
        let awkward = "a\"b\\c/d\n\t\u{1}\u{1F}é😀\u{7F}"
        func edited(_ change: (inout ObjectMeta) -> Void) -> KubernetesObject { object.withMetadata(change) }
        return [
            object,
            edited { $0.name = awkward; $0.labels = [awkward: awkward, "": ""]; $0.annotations = ["k": awkward] },
            edited { $0 = ObjectMeta() },
            edited { $0.labels = [:]; $0.annotations = nil; $0.deletionTimestamp = "2024-01-01T00:00:00Z" },
        ]
    }

    static func encodedByFoundation(_ object: KubernetesObject) throws -> Data {
        let encoder = JSONEncoder()
        return switch object {
        case .service(let o): try encoder.encode(o)
        case .endpoints(let o): try encoder.encode(o)
        case .endpointSlice(let o): try encoder.encode(o)
        case .node(let o): try encoder.encode(o)
        case .pod(let o): try encoder.encode(o)
        case .other: Data()
        }
    }

    @Test func sameJSONAndSameObjectAsJSONEncoder() throws {
        let objects = try Self.fixtureObjects()
        #expect(objects.count >= 9)
        var kinds: Set<ObjectKind> = []
        for object in objects {
            for variant in Self.variants(of: object) {
                guard let kind = variant.kind, let direct = variant.directlyEncoded else {
                    Issue.record("\(variant) not encoded")
                    continue
                }
                kinds.insert(kind)
                let reference = try Self.encodedByFoundation(variant)
                #expect(try JSONValue(parsing: direct) == JSONValue(parsing: Array(reference)), "\(String(decoding: direct, as: UTF8.self))")
                #expect(try KubernetesJSON.decodeObject(kind, from: Data(direct)) == variant)
            }
        }
        #expect(kinds == [.service, .endpoints, .endpointSlice, .node, .pod])
    }

    @Test func otherKindsAreNotEncoded() {
        #expect(KubernetesObject.other(kind: "ConfigMap").directlyEncoded == nil)
    }
}
