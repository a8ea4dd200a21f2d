import Model
import Testing

@Suite struct ServiceTranslatorTests {
    static func service(
        type: String = "ClusterIP", clusterIP: String = "10.96.0.10", ports: [ServicePort] = [ServicePort(name: "http", port: 80)],
        externalIPs: [String]? = nil, ingress: [String] = []
    ) -> Service {
        Service(
            metadata: ObjectMeta(name: "web", namespace: "default"),
            spec: ServiceSpec(type: type, clusterIP: clusterIP, ports: ports, externalIPs: externalIPs),
            status: ServiceStatus(loadBalancer: LoadBalancerStatus(ingress: ingress.map { LoadBalancerIngress(ip: $0) })))
    }

    func translate(_ service: Service) -> [MidoNetObject] {
        Translator().translate(.service("default/web"), lookup: ClusterObjects([.service(service)])).objects
    }

    @Test func clusterIPServiceGetsOneChainPerPortAndAJumpRule() {
        let objects = translate(Self.service())
        #expect(objects.map(\.kind) == [.chain, .rule])
        #expect(objects[0].body.serialized == #"{"id":"e7e62470-6a61-5116-9bad-06bd58b813a3","name":"KUBE-SVC-default/web/http","tenantId":"midonetkube"}"#)
        #expect(objects[1].path == "/chains/2fda962b-7810-5440-a199-6e3e9f419509/rules")
        #expect(objects[1].body.serialized == #"{"dlType":2048,"id":"da896689-b3a3-5371-bdb4-1235a9ec7950","jumpChainId":"e7e62470-6a61-5116-9bad-06bd58b813a3","jumpChainName":"KUBE-SVC-default/web/http","nwDstAddress":"10.96.0.10","nwDstLength":32,"nwProto":6,"position":1,"tpDst":{"end":80,"start":80},"type":"jump"}"#)
    }

    @Test func udpPortsMatchProtocol17() {
        let objects = translate(Self.service(ports: [ServicePort(name: "dns", protocol: "UDP", port: 53)]))
        #expect(objects[1].body["nwProto"] == 17)
    }

    @Test func externalAndIngressIPsGetTheirOwnJumpsIntoTheSameChain() {
        let objects = translate(Self.service(type: "LoadBalancer", externalIPs: ["192.0.2.10"], ingress: ["198.51.100.7", "192.0.2.10"]))
        let jumps = objects.filter { $0.kind == .rule }
        #expect(jumps.map { $0.body["nwDstAddress"]?.stringValue } == ["10.96.0.10", "192.0.2.10", "198.51.100.7"])
        #expect(Set(jumps.map { $0.body["jumpChainId"] }).count == 1)
        #expect(jumps.map { $0.body["position"] } == [1, 2, 3])
    }

    @Test(arguments: [
        ("ExternalName", "10.96.0.10"), ("ClusterIP", "None"), ("ClusterIP", ""), ("ClusterIP", "fd00::10"),
    ])
    func servicesMidoNetDoesNotProgramGetNothing(type: String, clusterIP: String) {
        #expect(translate(Self.service(type: type, clusterIP: clusterIP)).isEmpty)
    }

    @Test func sctpAndInvalidPortsAreSkipped() {
        let objects = translate(Self.service(ports: [
            ServicePort(name: "a", protocol: "SCTP", port: 9), ServicePort(name: "b", port: 70000), ServicePort(name: "c", port: 443),
        ]))
        #expect(objects.filter { $0.kind == .chain }.map { $0.body["name"] } == ["KUBE-SVC-default/web/c"])
    }

    @Test func unnamedPortKeepsTheTrailingSlash() {
        let objects = translate(Self.service(ports: [ServicePort(port: 80)]))
        #expect(objects[0].body["name"] == "KUBE-SVC-default/web/")
    }
}
