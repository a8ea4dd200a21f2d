import Foundation
import Model
@testable import Store
import Testing

@Suite struct StoredJSONTests {
    static let cluster = ClusterObjects([
        Audit.service(resourceVersion: "1"), Audit.endpoints(ips: ["10.1.1.5", "10.1.2.7"], resourceVersion: "2"),
        Audit.node(hostID: "5b1d6c2e-0f4a-4d8e-9a51-3c0c1e7d2a11", resourceVersion: "3"), Audit.node("worker-2", podCIDR: "10.1.2.0/24", resourceVersion: "4"),
        Audit.pod("a", resourceVersion: "5"), Audit.pod("b", node: "worker-2", resourceVersion: "6"),
    ])

    static let objects: [MidoNetObject] = [TranslationKey.global, .service("default/web"), .serviceEndpoints("default/web"), .node("worker-1"), .pod("default/a"), .pod("default/b")]
        .flatMap { Translator().translate($0, lookup: cluster, pods: { cluster.pods[$0] }).objects }

    @Test func objectsAreWhatTheSynthesizedDecoderReads() throws {
        #expect(Self.objects.contains { $0.host == .named("worker-2") })
        #expect(Self.objects.contains { if case .id = $0.host { true } else { false } })
        let decoded = try JSONDecoder().decode([MidoNetObject].self, from: Data(StoredJSON.encode(Self.objects)))
        #expect(decoded == Self.objects)
    }

    @Test func operationsAreWhatTheSynthesizedDecoderReads() throws {
        for operation in [MidoNetOperation.create(Self.objects[0]), .update(Self.objects[1]), .delete(Self.objects[2])] {
            #expect(try StoredJSON.decodeOperation(StoredJSON.encode(operation)) == operation)
        }
    }

    @Test func stringsAreEscaped() throws {
        var object = Self.objects[0]
        object.path = "/a\"b\\c\n\u{1}é"
        object.body = ["name": "tab\there", "n": .double(1.5), "ok": true, "none": .null, "list": [1, "x"]]
        #expect(try StoredJSON.decodeObjects(StoredJSON.encode([object])) == [object])
    }

    @Test func anUnreadableRowIsACorruptRecord() {
        #expect(throws: StoreError(.corruptRecord, "")) {
            do { _ = try StoredJSON.decodeObjects(Array("[{\"kind\":\"Nope\"}]".utf8)) } catch let error as StoreError {
                throw StoreError(error.code, "")
            }
        }
    }
}
