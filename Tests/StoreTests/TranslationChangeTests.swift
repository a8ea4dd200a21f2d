import Foundation
import Model
@testable import Store
import Testing

/// The parallel half of an ingest transaction (`TranslationPipeline`): what the writer fetches
/// for a unit is everything its translation reads, so helpers translate it as the writer would.
@Suite struct TranslationChangeTests {
    /// Nodes (one with a MidoNet host annotation), pods on them and off them, Services with
    /// Endpoints, one with EndpointSlices, one without endpoints, endpoints without a Service.
    static let cluster: [KubernetesObject] = {
        var objects: [KubernetesObject] = [
            Audit.node("worker-1", podCIDR: "10.1.1.0/24", resourceVersion: "1"),
            Audit.node("worker-2", podCIDR: "10.1.2.0/24", hostID: "0a1b2c3d-0000-4000-8000-000000000002", uid: "uid-node-2", resourceVersion: "2"),
            Audit.pod("pod-a", node: "worker-1", resourceVersion: "3"),
            Audit.pod("pod-b", node: "worker-2", resourceVersion: "4"),
            Audit.pod("pod-c", node: "worker-9", resourceVersion: "5"),
            Audit.service("web", resourceVersion: "6"),
            Audit.endpoints("web", ips: ["10.1.1.9", "10.1.2.9"], resourceVersion: "7"),
            Audit.service("sliced", clusterIP: "10.96.0.11", uid: "uid-sliced", resourceVersion: "8"),
            Audit.service("lonely", clusterIP: "10.96.0.12", uid: "uid-lonely", resourceVersion: "9"),
            Audit.endpoints("orphan", ips: ["10.1.1.7"], uid: "uid-orphan-ep", resourceVersion: "10"),
        ]
        var slice = EndpointSlice(
            metadata: ObjectMeta(name: "sliced-abc", namespace: "default", uid: "uid-slice", resourceVersion: "11",
                                 labels: [EndpointSlice.serviceNameLabel: "sliced"]),
            endpoints: [SliceEndpoint(addresses: ["10.1.2.10"], conditions: EndpointConditions(ready: true), nodeName: "worker-2")],
            ports: [SlicePort(name: "http", protocol: "TCP", port: 8080)])
        slice.apiVersion = "discovery.k8s.io/v1"
        objects.append(.endpointSlice(slice))
        return objects
    }()

    static let keys: [TranslationKey] = [
        .global, .node("worker-1"), .node("worker-2"), .node("worker-9"), .pod("default/pod-a"), .pod("default/pod-b"),
        .pod("default/pod-c"), .pod("default/gone"), .service("default/web"), .service("default/gone"),
        .serviceEndpoints("default/web"), .serviceEndpoints("default/sliced"), .serviceEndpoints("default/lonely"),
        .serviceEndpoints("default/orphan"),
    ]

    @Test(arguments: keys)
    func aUnitTranslatedFromItsFetchedInputsIsTheUnitTranslatedFromTheCluster(key: TranslationKey) throws {
        let lookup = ClusterObjects(Self.cluster)
        let translator = Translator()
        let whole = translator.translate(key, lookup: lookup, pods: { lookup.pods[$0] }).objects
        let change = TranslationChange(key: key, storedJSON: nil, inputs: TranslationInputs(of: key, lookup: lookup, pods: { lookup.pods[$0] }))
        switch try change.outcome(translator) {
        case .incomplete:
            Issue.record("\(key): the translation read something its fetched inputs do not hold")
        case .unchanged:
            #expect(whole.isEmpty)
        case .changed(let prepared):
            #expect(!whole.isEmpty)
            #expect(prepared.isEmpty == false)
            #expect(try StoredJSON.decodeObjects(Array(prepared.translationJSON)) == whole)
            #expect(prepared.operationRows.count == Plan.operations(from: [], to: whole).count)
        }
    }

    @Test func aTranslationReadingWhatWasNotFetchedIsLeftToTheWriter() throws {
        // Inputs of the Service unit, used for its endpoints: the Endpoints were not fetched.
        let lookup = ClusterObjects(Self.cluster)
        let inputs = TranslationInputs(of: .service("default/web"), lookup: lookup, pods: { lookup.pods[$0] })
        let change = TranslationChange(key: .serviceEndpoints("default/web"), storedJSON: nil, inputs: inputs)
        guard case .incomplete = try change.outcome(Translator()) else {
            Issue.record("expected the unit to be left to the writer")
            return
        }
    }

    /// A stored translation that cannot be read (a damaged row) is no error: the unit is created
    /// afresh, every object's create queued, and the reason kept for the warning.
    @Test func anUnchangedUnitWritesNothingAndAnUnreadableStoredOneIsCreatedAfresh() throws {
        let lookup = ClusterObjects(Self.cluster)
        let key = TranslationKey.serviceEndpoints("default/web")
        let objects = Translator().translate(key, lookup: lookup).objects
        let inputs = TranslationInputs(of: key, lookup: lookup, pods: { lookup.pods[$0] })
        let same = TranslationChange(key: key, storedJSON: Data(StoredJSON.encode(objects)), inputs: inputs)
        guard case .unchanged = try same.outcome(Translator()) else {
            Issue.record("expected unchanged")
            return
        }
        let broken = TranslationChange(key: key, storedJSON: Data("[{".utf8), inputs: inputs)
        guard case .changed(let prepared) = try broken.outcome(Translator()) else {
            Issue.record("expected the unit written anew")
            return
        }
        #expect(prepared.unreadableStored != nil)
        #expect(prepared.translationJSON == Data(StoredJSON.encode(objects)))
        #expect(prepared.operationRows.map(\.objectKey) == Plan.operations(from: [], to: objects).map(\.object.key))
    }

    /// Op rows copy their object's JSON from the translations when they can: the rows are those
    /// written op by op, for endpoints sliding (creates, position moves, deletes), the endpoints'
    /// port changing, a unit torn down or new, and a stored row in another spelling.
    @Test func opRowsAreTheOpsWrittenOneByOne() throws {
        let key = TranslationKey.serviceEndpoints("default/web")
        func translation(_ ips: [String], port: Int = 8080) -> [MidoNetObject] {
            let lookup = ClusterObjects([Audit.service("web", resourceVersion: "1"), Audit.endpoints("web", ips: ips, port: port, resourceVersion: "2")])
            return Translator().translate(key, lookup: lookup).objects
        }
        let window = ["10.1.1.2", "10.1.1.3", "10.1.1.4", "10.1.1.5"]
        let pairs: [([MidoNetObject], [MidoNetObject])] = [
            (translation(Array(window[0..<3])), translation(Array(window[1..<4]))),
            (translation(Array(window[1..<4])), translation(Array(window[0..<2]))),
            (translation(window), translation(window, port: 9090)),
            (translation(window, port: 9090), translation(["10.1.1.9"])),
            (translation(window), []),
            ([], translation(window)),
        ]
        for (old, new) in pairs {
            let spellings: [Data?] = old.isEmpty ? [nil] : [
                Data(StoredJSON.encode(old)),
                // Not laid out as `encode` writes it: read in full, nothing copied from it.
                Data(" ".utf8) + Data(StoredJSON.encode(old)),
            ]
            for stored in spellings {
                guard case .changed(let prepared) = try TranslationChange.outcome(storedJSON: stored, new: new) else {
                    Issue.record("expected a change: \(old.count) → \(new.count) objects, stored \(stored?.count ?? 0) bytes")
                    continue
                }
                let direct = Plan.operations(from: old, to: new).map { Rows.OperationRow($0) }
                #expect(!direct.isEmpty)
                #expect(prepared.operationRows.map(\.json) == direct.map(\.json))
                #expect(prepared.operationRows.map(\.objectKey) == direct.map(\.objectKey))
                #expect(prepared.operationRows.map(\.hostName) == direct.map(\.hostName))
                for row in prepared.operationRows {
                    _ = try StoredJSON.decodeOperation(Array(row.json))
                }
            }
        }
    }
}
