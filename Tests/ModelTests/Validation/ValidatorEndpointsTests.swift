import Model
import Testing

@Suite struct ValidatorEndpointsTests {
    typealias F = ValidationFixtures

    static func endpoints(
        _ name: String = "web", namespace: String = "default", ready: [String], notReady: [String] = [],
        ports: [(String, Int)] = [("TCP", 8080)]
    ) -> Endpoints {
        Endpoints(
            metadata: ObjectMeta(name: name, namespace: namespace),
            subsets: [
                EndpointSubset(
                    addresses: ready.map { EndpointAddress(ip: $0) }, notReadyAddresses: notReady.map { EndpointAddress(ip: $0) },
                    ports: ports.map { EndpointPort(port: $0.1, protocol: $0.0) })
            ])
    }

    static func slice(
        service: String? = "web", addressType: String = "IPv4", addresses: [[String]], ports: [(String?, Int?)] = [("TCP", 8080)]
    ) -> EndpointSlice {
        EndpointSlice(
            metadata: ObjectMeta(
                name: "web-abcde", namespace: "default", labels: service.map { [EndpointSlice.serviceNameLabel: $0] }),
            addressType: addressType, endpoints: addresses.map { SliceEndpoint(addresses: $0) },
            ports: ports.map { SlicePort(protocol: $0.0, port: $0.1) })
    }

    struct Case: Sendable, CustomTestStringConvertible {
        var name: String
        var object: KubernetesObject
        var violations: [String]
        var testDescription: String { name }
    }

    static let cases: [Case] = [
        Case(name: "pod addresses", object: .endpoints(endpoints(ready: ["10.1.1.5", "10.1.2.7"])), violations: []),
        Case(
            name: "own cluster IP", object: .endpoints(endpoints(ready: ["10.1.1.5", "10.96.0.10"])),
            violations: ["dnatLoop subsets[0].addresses[1].ip"]),
        Case(
            name: "own external IP, not ready", object: .endpoints(endpoints(ready: [], notReady: ["203.0.113.7"])),
            violations: ["dnatLoop subsets[0].notReadyAddresses[0].ip"]),
        Case(
            name: "another Service's address is no loop", object: .endpoints(endpoints(ready: ["10.96.0.53"])), violations: []),
        Case(
            name: "router port and node port addresses",
            object: .endpoints(endpoints(ready: ["10.1.1.1", "10.1.2.2", "10.1.2.3"])),
            violations: ["gatewayAddress subsets[0].addresses[0].ip", "gatewayAddress subsets[0].addresses[1].ip"]),
        Case(
            name: "unparsable address and port", object: .endpoints(endpoints(ready: ["10.1.1.300"], ports: [("TCP", 0), ("UDP", 53)])),
            violations: ["invalidValue subsets[0].addresses[0].ip", "invalidValue subsets[0].ports[0].port"]),
        Case(
            name: "unknown protocol", object: .endpoints(endpoints(ready: ["10.1.1.5"], ports: [("HTTP", 80)])),
            violations: ["invalidValue subsets[0].ports[0].protocol"]),
        Case(name: "SCTP endpoints only warn", object: .endpoints(endpoints(ready: ["10.1.1.5"], ports: [("SCTP", 9)])), violations: []),
        Case(name: "IPv6 endpoints only warn", object: .endpoints(endpoints(ready: ["fd00::5", "10.1.1.5"])), violations: []),
        Case(
            name: "Endpoints of a Service the state does not know", object: .endpoints(endpoints("new", ready: ["10.96.0.10", "10.1.2.1"])),
            violations: ["gatewayAddress subsets[0].addresses[1].ip"]),
        Case(name: "slice of pod addresses", object: .endpointSlice(slice(addresses: [["10.1.1.5"], ["10.1.2.6"]])), violations: []),
        Case(
            name: "slice with own cluster IP and a gateway",
            object: .endpointSlice(slice(addresses: [["10.1.1.5"], ["10.1.2.6", "10.96.0.10"], ["10.1.1.2"]])),
            violations: ["dnatLoop endpoints[1].addresses[1]", "gatewayAddress endpoints[2].addresses[0]"]),
        Case(
            name: "slice without service label", object: .endpointSlice(slice(service: nil, addresses: [["10.96.0.10"], ["10.1.2.1"]])),
            violations: ["gatewayAddress endpoints[1].addresses[0]"]),
        Case(
            name: "slice ports", object: .endpointSlice(slice(addresses: [["10.1.1.5"]], ports: [(nil, 80), ("UDP", nil), ("TCP", 65536), ("SCTP", 9)])),
            violations: ["invalidValue ports[2].port"]),
        Case(
            name: "IPv6 address in an IPv4 slice", object: .endpointSlice(slice(addresses: [["fd00::1"]])),
            violations: ["invalidValue endpoints[0].addresses[0]"]),
        Case(name: "IPv6 slice", object: .endpointSlice(slice(addressType: "IPv6", addresses: [["fd00::1"]])), violations: []),
        Case(name: "FQDN slice", object: .endpointSlice(slice(addressType: "FQDN", addresses: [["db.example.com"]])), violations: []),
        Case(
            name: "unknown address type", object: .endpointSlice(slice(addressType: "IPv5", addresses: [["10.1.1.5"]])),
            violations: ["invalidValue addressType"]),
    ]

    @Test(arguments: cases)
    func endpointRules(_ example: Case) {
        let verdict = Validator.review(F.request(example.object), state: F.state)
        #expect(verdict.summary == example.violations)
        #expect(verdict.isAllowed == example.violations.isEmpty)
    }

    @Test func messagesNameTheServiceOrTheNode() {
        let verdict = Validator.review(F.request(.endpoints(Self.endpoints(ready: ["10.96.0.10", "10.1.2.1", "10.1.2.2"]))), state: F.state)
        #expect(verdict.violations.map(\.description) == [
            "subsets[0].addresses[0].ip: 10.96.0.10 is a service address of its own Service \"default/web\"; DNAT to it would loop",
            "subsets[0].addresses[1].ip: 10.1.2.1 is the first address of node \"worker-2\"'s PodCIDR 10.1.2.0/24 (its MidoNet router port)",
            "subsets[0].addresses[2].ip: 10.1.2.2 is the second address of node \"worker-2\"'s PodCIDR 10.1.2.0/24 "
                + "(its MidoNet node port gateway)",
        ])
    }

    @Test(arguments: [
        (KubernetesObject.endpoints(endpoints(ready: ["fd00::5", "fd00::6"])),
         "subsets[0].addresses[0].ip: 2 IPv6 endpoint address(es) are not programmed by MidoNet (IPv4 only)"),
        (.endpoints(endpoints(ready: ["10.1.1.5"], ports: [("SCTP", 9)])),
         "subsets[0].ports[0].protocol: SCTP is not programmed by MidoNet (TCP and UDP only)"),
        (.endpointSlice(slice(addressType: "IPv6", addresses: [["fd00::1"]])),
         "addressType: IPv6 EndpointSlices are not programmed by MidoNet (IPv4 only)"),
        (.endpointSlice(slice(addressType: "FQDN", addresses: [["db.example.com"]])),
         "addressType: FQDN EndpointSlices are not programmed by MidoNet"),
    ])
    func whatMidoNetDoesNotProgramIsWarnedAbout(object: KubernetesObject, warning: String) {
        let verdict = Validator.review(F.request(object), state: F.state)
        #expect(verdict.isAllowed)
        #expect(verdict.warnings == [warning])
    }

    @Test func endpointsFollowTheServiceAsTheStateChanges() {
        var state = F.state
        let object = KubernetesObject.endpoints(Self.endpoints(ready: ["10.96.0.10"]))
        #expect(!Validator.review(F.request(object), state: state).isAllowed)
        state.setService(
            key: "default/web",
            claims: ServiceClaims(service: F.service("web", clusterIP: "10.96.0.11")))
        #expect(Validator.review(F.request(object), state: state).isAllowed)
    }
}
