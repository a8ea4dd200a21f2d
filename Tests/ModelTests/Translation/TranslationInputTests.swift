import Model
import Testing

/// `Translator.input(of:)` leaves out only what no translator reads: a cluster whose objects
/// differ in nothing else translates to the same MidoNet objects, unit by unit. The Store skips
/// translating again on that promise.
@Suite struct TranslationInputTests {
    static let annotations = [Annotation.macAddress: "02:00:00:00:00:01", "kubectl.kubernetes.io/last-applied-configuration": "{}"]

    /// A small cluster with every kind, midonet.org annotations included.
    static func cluster() -> [KubernetesObject] {
        [
            .node(Node(
                metadata: ObjectMeta(name: "worker-1", uid: "u1", resourceVersion: "1", labels: ["zone": "a"],
                                     annotations: [Annotation.hostID: "5b1d6c2e-0f4a-4d8e-9a51-3c0c1e7d2a11", "node.alpha.kubernetes.io/ttl": "0"]),
                spec: NodeSpec(podCIDR: "10.1.1.0/24"), status: NodeStatus(addresses: [NodeAddress(type: "InternalIP", address: "192.168.10.11")]))),
            .pod(Pod(
                metadata: ObjectMeta(name: "p", namespace: "default", uid: "u2", resourceVersion: "2", labels: ["app": "web"], annotations: annotations),
                spec: PodSpec(nodeName: "worker-1"), status: PodStatus(phase: "Running", podIP: "10.1.1.9"))),
            .service(Service(
                metadata: ObjectMeta(name: "web", namespace: "default", uid: "u3", resourceVersion: "3", labels: ["app": "web"], annotations: ["a": "b"]),
                spec: ServiceSpec(type: "ClusterIP", clusterIP: "10.96.0.10", ports: [ServicePort(name: "http", port: 80)]))),
            .endpoints(Endpoints(
                metadata: ObjectMeta(name: "web", namespace: "default", uid: "u4", resourceVersion: "4", labels: ["app": "web"]),
                subsets: [EndpointSubset(addresses: [EndpointAddress(ip: "10.1.1.9", nodeName: "worker-1")], ports: [EndpointPort(name: "http", port: 8080)])])),
        ]
    }

    /// Every unit the cluster's objects belong to, translated.
    static func translations(_ objects: [KubernetesObject]) -> [TranslationKey: [MidoNetObject]] {
        let lookup = ClusterObjects(objects)
        let pods = Dictionary(uniqueKeysWithValues: objects.compactMap { object -> (String, Pod)? in
            if case .pod(let pod) = object { (pod.metadata.key, pod) } else { nil }
        })
        let podsOnNode: (String) -> [String] = { node in pods.values.filter { $0.spec?.nodeName == node }.map(\.metadata.key) }
        var result: [TranslationKey: [MidoNetObject]] = [:]
        for key in Set(objects.flatMap { Translator.affectedKeys(of: $0, podsOnNode: podsOnNode) }) {
            result[key] = Translator().translate(key, lookup: lookup, pods: { pods[$0] }).objects
        }
        return result
    }

    /// `object` with only what `input(of:)` leaves out changed.
    static func unreadChanges(_ object: KubernetesObject) -> KubernetesObject {
        object.withMetadata { metadata in
            metadata.resourceVersion = (metadata.resourceVersion ?? "") + "0"
            metadata.labels = ["changed": "yes"]
            var annotations = metadata.annotations ?? [:]
            annotations["kubectl.kubernetes.io/last-applied-configuration"] = "{\"changed\":true}"
            annotations["deployment.kubernetes.io/revision"] = "7"
            metadata.annotations = annotations
        }
    }

    @Test func changesNoTranslatorReadsLeaveTheInputAndEveryTranslationAsTheyWere() {
        let original = Self.cluster()
        let before = Self.translations(original)
        #expect(before.count >= 4)
        #expect(before.values.allSatisfy { !$0.isEmpty })
        for index in original.indices {
            var changed = original
            changed[index] = Self.unreadChanges(original[index])
            #expect(changed[index] != original[index])
            #expect(Translator.input(of: changed[index]) == Translator.input(of: original[index]))
            #expect(Self.translations(changed) == before, "\(original[index])")
        }
    }

    @Test func aMidoNetAnnotationIsPartOfTheInput() {
        guard case .node(var node) = Self.cluster()[0] else { return }
        let before = Translator.input(of: .node(node))
        node.metadata.annotations?[Annotation.hostID] = "6c2e5b1d-0f4a-4d8e-9a51-3c0c1e7d2a11"
        #expect(Translator.input(of: .node(node)) != before)
        node.metadata.annotations?[Annotation.hostID] = nil
        node.metadata.annotations?["midonet.org/some-future-annotation"] = "x"
        #expect(Translator.input(of: .node(node)) != before)
    }
}
