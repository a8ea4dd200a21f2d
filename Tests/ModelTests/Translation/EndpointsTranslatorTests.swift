import Foundation
import Model
import Testing

@Suite struct EndpointsTranslatorTests {
    static let service = ServiceTranslatorTests.service(ports: [ServicePort(name: "http", port: 80, targetPort: .int(8080))])

    static func endpoints(_ ready: [String], notReady: [String] = [], port: Int = 8080) -> Endpoints {
        Endpoints(
            metadata: ObjectMeta(name: "web", namespace: "default"),
            subsets: [EndpointSubset(
                addresses: ready.map { EndpointAddress(ip: $0) }, notReadyAddresses: notReady.map { EndpointAddress(ip: $0) },
                ports: [EndpointPort(name: "http", port: port)])])
    }

    static func translate(_ objects: [KubernetesObject]) -> [MidoNetObject] {
        Translator().translate(.serviceEndpoints("default/web"), lookup: ClusterObjects(objects)).objects
    }

    @Test func eachEndpointGetsAChainWithHairpinSNATThenOneBalancingDNAT() {
        let objects = Self.translate([.service(Self.service), .endpoints(Self.endpoints(["10.1.2.7", "10.1.1.5"]))])
        #expect(objects.map(\.kind) == [.chain, .rule, .chain, .rule, .rule, .rule, .rule])
        #expect(objects[0].body.serialized == #"{"id":"08ce91ac-51c7-57bc-b2a4-9eb00280deb7","name":"KUBE-SEP-web/http/10.96.0.10/10.1.1.5/8080/TCP","tenantId":"midonetkube"}"#)
        #expect(objects[1].body.serialized == #"{"dlType":2048,"flowAction":"continue","id":"f4acad10-c710-5269-a64e-2071b23f806a","natTargets":[{"addressFrom":"10.96.0.10","addressTo":"10.96.0.10","portFrom":30000,"portTo":60000}],"nwSrcAddress":"10.1.1.5","nwSrcLength":32,"position":1,"type":"snat"}"#)
        #expect(objects[4].body.serialized == #"{"id":"5fe32ba1-46e3-5c86-b227-ee07ec5b2366","jumpChainId":"08ce91ac-51c7-57bc-b2a4-9eb00280deb7","jumpChainName":"KUBE-SEP-web/http/10.96.0.10/10.1.1.5/8080/TCP","position":1,"type":"jump"}"#)
        #expect(objects[4].path == "/chains/e7e62470-6a61-5116-9bad-06bd58b813a3/rules")
        #expect(objects[6].body.serialized == #"{"flowAction":"accept","id":"a52c8bf6-1958-559a-bd9f-bc4246d8fa0c","natTargets":[{"addressFrom":"10.1.1.5","addressTo":"10.1.1.5","portFrom":8080,"portTo":8080},{"addressFrom":"10.1.2.7","addressTo":"10.1.2.7","portFrom":8080,"portTo":8080}],"position":3,"type":"dnat"}"#)
    }

    @Test func notReadyAddressesAreNotTargets() {
        let objects = Self.translate([.service(Self.service), .endpoints(Self.endpoints(["10.1.1.5"], notReady: ["10.1.2.9"]))])
        #expect(objects.last?.body["natTargets"]?.arrayValue?.count == 1)
    }

    @Test func withoutItsServiceEndpointsTranslateToNothing() {
        #expect(Self.translate([.endpoints(Self.endpoints(["10.1.1.5"]))]).isEmpty)
    }

    @Test func portsTheServiceDoesNotHaveAreIgnored() {
        var endpoints = Self.endpoints(["10.1.1.5"])
        endpoints.subsets?[0].ports = [EndpointPort(name: "metrics", port: 9090)]
        #expect(Self.translate([.service(Self.service), .endpoints(endpoints)]).isEmpty)
    }

    @Test func balancingRuleIDDependsOnTheTargetSetOnly() {
        let a = Translator.balancingRuleID(portKey: "default/web/http", targets: [
            ServiceEndpoint(address: IPv4Address("10.1.2.7")!, port: 8080, protocol: "TCP"),
            ServiceEndpoint(address: IPv4Address("10.1.1.5")!, port: 8080, protocol: "TCP"),
        ])
        let b = Translator.balancingRuleID(portKey: "default/web/http", targets: [
            ServiceEndpoint(address: IPv4Address("10.1.1.5")!, port: 8080, protocol: "TCP"),
            ServiceEndpoint(address: IPv4Address("10.1.2.7")!, port: 8080, protocol: "TCP"),
        ])
        #expect(a == b)
        #expect(a.lowerText == "a52c8bf6-1958-559a-bd9f-bc4246d8fa0c")
    }

    @Test func endpointSlicesWinOverEndpointsAndAreUnited() {
        func slice(_ name: String, _ type: String, _ addresses: [String], ready: Bool? = nil) -> KubernetesObject {
            .endpointSlice(EndpointSlice(
                metadata: ObjectMeta(name: name, namespace: "default", labels: [EndpointSlice.serviceNameLabel: "web"]),
                addressType: type,
                endpoints: addresses.map { SliceEndpoint(addresses: [$0], conditions: EndpointConditions(ready: ready)) },
                ports: [SlicePort(name: "http", protocol: "TCP", port: 8080)]))
        }
        let objects = Self.translate([
            .service(Self.service), .endpoints(Self.endpoints(["10.9.9.9"])),
            slice("web-a", "IPv4", ["10.1.1.5"]), slice("web-b", "IPv4", ["10.1.2.7"]),
            slice("web-c", "IPv4", ["10.1.3.3"], ready: false), slice("web-v6", "IPv6", ["fd00::5"]),
        ])
        let targets = objects.last?.body["natTargets"]?.arrayValue?.compactMap { $0["addressFrom"]?.stringValue }
        #expect(targets == ["10.1.1.5", "10.1.2.7"])
    }

    @Test func sliceWithoutReadyConditionCountsAsReady() {
        let slice = SliceEndpoint(addresses: ["10.1.1.5"], conditions: nil)
        #expect(slice.isReady)
    }
}
