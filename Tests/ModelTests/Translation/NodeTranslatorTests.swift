import Foundation
import Model
import Testing

@Suite struct NodeTranslatorTests {
    let translator = Translator()

    func node(_ name: String = "worker-1", podCIDR: String? = "10.1.1.0/24", annotations: [String: String]? = nil,
              addresses: [NodeAddress] = [NodeAddress(type: "InternalIP", address: "192.168.10.11")]) -> Node {
        Node(metadata: ObjectMeta(name: name, annotations: annotations), spec: NodeSpec(podCIDR: podCIDR), status: NodeStatus(addresses: addresses))
    }

    func translate(_ node: Node) -> [MidoNetObject] {
        var cluster = ClusterObjects()
        cluster.insert(.node(node))
        return translator.translate(.node(node.metadata.key), lookup: cluster).objects
    }

    @Test func nodeGetsEveryObjectOfTheMapping() {
        let kinds = translate(node()).map(\.kind)
        #expect(kinds == [.bridge, .port, .port, .portLink, .route, .chain, .rule, .port, .route, .tunnelZoneHost, .hostInterfacePort])
    }

    @Test func bridgeIsFilteredByTheMainChain() {
        let bridge = translate(node())[0]
        #expect(bridge.path == "/bridges")
        #expect(bridge.mediaType == "application/vnd.org.midonet.Bridge-v4+json")
        #expect(bridge.body.serialized == #"{"id":"a48636ab-8017-507c-a2ad-517834551988","inboundFilterId":"2ac9940c-9031-52ff-94ea-c36e18cdba9d","name":"worker-1","tenantId":"midonetkube"}"#)
    }

    @Test func routerPortHasFirstAddressAndDeterministicMAC() {
        let port = translate(node())[2]
        #expect(port.path == "/routers/78fe8706-f930-577c-9516-2aad6bdb36f4/ports")
        #expect(port.body.serialized == #"{"id":"22dbcc87-1ee5-5858-aede-2b20c6334545","portMac":"ac:ca:ba:13:02:9f","portSubnet":["10.1.1.1/24"],"type":"Router"}"#)
    }

    @Test func linkNeverSendsPortID() {
        let link = translate(node())[3]
        #expect(link.path == "/ports/0e07fa63-fc7a-5df9-8d8b-ce9936807447/link")
        #expect(link.body.serialized == #"{"peerId":"22dbcc87-1ee5-5858-aede-2b20c6334545"}"#)
    }

    @Test func podCIDRRouteAndAddressRoute() {
        let objects = translate(node())
        #expect(objects[4].body.serialized == #"{"dstNetworkAddr":"10.1.1.0","dstNetworkLength":24,"id":"036bf4dd-cfae-5897-80dc-b1847fd2d8ac","nextHopPort":"22dbcc87-1ee5-5858-aede-2b20c6334545","srcNetworkAddr":"0.0.0.0","srcNetworkLength":0,"type":"Normal"}"#)
        #expect(objects[8].body.serialized == #"{"dstNetworkAddr":"192.168.10.11","dstNetworkLength":32,"id":"b10c21a2-fcd3-5ea4-b940-5c5a2bace2b8","nextHopGateway":"10.1.1.2","nextHopPort":"22dbcc87-1ee5-5858-aede-2b20c6334545","srcNetworkAddr":"0.0.0.0","srcNetworkLength":0,"type":"Normal"}"#)
    }

    @Test func nodePortChainSNATsTheSecondAddress() {
        let objects = translate(node())
        #expect(objects[5].body["name"] == "KUBE-NODE-worker-1")
        #expect(objects[6].body.serialized == #"{"dlType":2048,"flowAction":"continue","id":"b583da12-75ff-5b98-8ae6-2e4e7bae96e7","natTargets":[{"addressFrom":"10.1.1.1","addressTo":"10.1.1.1","portFrom":30000,"portTo":60000}],"nwSrcAddress":"10.1.1.2","nwSrcLength":32,"position":1,"type":"snat"}"#)
        #expect(objects[7].body["outboundFilterId"] == "0da69228-f789-57e9-830d-6c012c051e1e")
    }

    @Test func hostIDAnnotationBindsByID() {
        let objects = translate(node(annotations: [Annotation.hostID: "5B1D6C2E-0F4A-4D8E-9A51-3C0C1E7D2A11"]))
        let binding = objects.last!
        #expect(binding.path == "/hosts/5b1d6c2e-0f4a-4d8e-9a51-3c0c1e7d2a11/ports")
        #expect(binding.body.serialized == #"{"hostId":"5b1d6c2e-0f4a-4d8e-9a51-3c0c1e7d2a11","interfaceName":"midokube-mido","portId":"dd81738f-5229-5ca9-a750-0dd1d15cbade"}"#)
        let member = objects[objects.count - 2]
        #expect(member.path == "/tunnel_zones/7aa937f6-2ba6-5719-b7ca-24b6ef563e85/hosts")
        #expect(member.body.serialized == #"{"hostId":"5b1d6c2e-0f4a-4d8e-9a51-3c0c1e7d2a11","ipAddress":"192.168.10.11"}"#)
    }

    @Test func withoutAnnotationTheHostIsResolvedByName() {
        let binding = translate(node()).last!
        #expect(binding.host == .named("worker-1"))
        #expect(binding.path == "/hosts/{hostId}/ports")
        #expect(binding.body["hostId"] == nil)
        let resolved = binding.resolvingHost(UUID(uuidString: "11111111-2222-3333-4444-555555555555")!)
        #expect(resolved.path == "/hosts/11111111-2222-3333-4444-555555555555/ports")
        #expect(resolved.body["hostId"] == "11111111-2222-3333-4444-555555555555")
    }

    @Test func tunnelAnnotationsOverrideZoneAndEndpoint() {
        let zone = "0f0f0f0f-1111-2222-3333-444444444444"
        let objects = translate(node(annotations: [Annotation.tunnelZoneID: zone, Annotation.tunnelEndpointIP: "172.16.0.5"]))
        let member = objects.first { $0.kind == .tunnelZoneHost }!
        #expect(member.path == "/tunnel_zones/\(zone)/hosts")
        #expect(member.body["ipAddress"] == "172.16.0.5")
    }

    @Test func externalAddressesGetRoutesToo() {
        let objects = translate(node(addresses: [
            NodeAddress(type: "InternalIP", address: "192.168.10.11"), NodeAddress(type: "ExternalIP", address: "203.0.113.11"),
            NodeAddress(type: "Hostname", address: "worker-1"), NodeAddress(type: "InternalIP", address: "fd00::11"),
        ]))
        let routes = objects.filter { $0.kind == .route }.map { $0.body["dstNetworkAddr"]?.stringValue }
        #expect(routes == ["10.1.1.0", "192.168.10.11", "203.0.113.11"])
    }

    @Test func macAnnotationAddsTableEntries() {
        let objects = translate(node(annotations: [Annotation.macAddress: "02:42:C0:A8:0A:0B"]))
        let mac = objects.first { $0.kind == .macPort }!
        #expect(mac.body.serialized == #"{"macAddr":"02:42:c0:a8:0a:0b","portId":"dd81738f-5229-5ca9-a750-0dd1d15cbade"}"#)
        #expect(mac.objectPath == "/bridges/a48636ab-8017-507c-a2ad-517834551988/mac_table/02-42-c0-a8-0a-0b_dd81738f-5229-5ca9-a750-0dd1d15cbade")
        let arp = objects.first { $0.kind == .ip4Mac }!
        #expect(arp.body.serialized == #"{"ip":"10.1.1.2","mac":"02:42:c0:a8:0a:0b"}"#)
    }

    @Test(arguments: [nil, "fd00:1::/64", "not-a-cidr", "10.1.1.0/31"])
    func withoutUsableIPv4PodCIDROnlyBridgeAndMembership(podCIDR: String?) {
        let kinds = translate(node(podCIDR: podCIDR)).map(\.kind)
        #expect(kinds == [.bridge, .tunnelZoneHost])
    }
}
