import Foundation
import Model
import Testing

@Suite struct PodTranslatorTests {
    func translate(_ pod: Pod, node: Node? = nil) -> [MidoNetObject] {
        var cluster = ClusterObjects()
        cluster.insert(.pod(pod))
        if let node { cluster.insert(.node(node)) }
        return Translator().translate(.pod(pod.metadata.key), lookup: cluster, pods: { cluster.pods[$0] }).objects
    }

    func pod(hostNetwork: Bool? = nil, phase: String = "Running", nodeName: String? = "worker-1", mac: String? = nil) -> Pod {
        Pod(
            metadata: ObjectMeta(name: "web-0", namespace: "default", annotations: mac.map { [Annotation.macAddress: $0] }),
            spec: PodSpec(nodeName: nodeName, hostNetwork: hostNetwork), status: PodStatus(phase: phase, podIP: "10.1.1.5"))
    }

    @Test func podGetsABridgePortAndBinding() {
        let objects = translate(pod())
        #expect(objects.count == 2)
        #expect(objects[0].path == "/bridges/a48636ab-8017-507c-a2ad-517834551988/ports")
        #expect(objects[0].body.serialized == #"{"id":"7f12c077-43ac-5650-ad82-0d8b50965d73","type":"Bridge"}"#)
        #expect(objects[1].host == .named("worker-1"))
        #expect(objects[1].body["interfaceName"] == "mido24d07f86e30")
    }

    @Test func bindingUsesTheNodesHostAnnotation() {
        let node = Node(metadata: ObjectMeta(name: "worker-1", annotations: [Annotation.hostID: "5b1d6c2e-0f4a-4d8e-9a51-3c0c1e7d2a11"]))
        let binding = translate(pod(), node: node)[1]
        #expect(binding.path == "/hosts/5b1d6c2e-0f4a-4d8e-9a51-3c0c1e7d2a11/ports")
    }

    @Test(arguments: [(true, "Running", "worker-1"), (false, "Succeeded", "worker-1"), (false, "Failed", "worker-1"), (false, "Pending", "")])
    func podsThatNeedNoPortGetNothing(hostNetwork: Bool, phase: String, node: String) {
        #expect(translate(pod(hostNetwork: hostNetwork, phase: phase, nodeName: node)).isEmpty)
    }

    @Test func macAnnotationAddsMACAndARPEntries() {
        let kinds = translate(pod(mac: "02:42:0a:01:01:05")).map(\.kind)
        #expect(kinds == [.port, .hostInterfacePort, .macPort, .ip4Mac])
    }

    @Test func invalidMACIsIgnored() {
        #expect(translate(pod(mac: "zz:42:0a:01:01")).count == 2)
    }
}
