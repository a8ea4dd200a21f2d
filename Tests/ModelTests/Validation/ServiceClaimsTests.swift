import Model
import Testing

@Suite struct ServiceClaimsTests {
    typealias F = ValidationFixtures

    @Test(arguments: [
        (F.service("a", clusterIP: "10.96.0.1", ports: [("TCP", 80), ("UDP", 53)]), ["10.96.0.1 TCP/80", "10.96.0.1 UDP/53"]),
        (F.service("b", clusterIP: "10.96.0.2", externalIPs: ["203.0.113.1"], ingress: ["198.51.100.9"]),
         ["10.96.0.2 TCP/80", "198.51.100.9 TCP/80", "203.0.113.1 TCP/80"]),
        (F.service("c", clusterIPs: ["10.96.0.3", "fd00::3"], ipFamilies: ["IPv4", "IPv6"]), ["10.96.0.3 TCP/80"]),
        (F.service("d", clusterIP: "10.96.0.4", ports: [("SCTP", 9), ("TCP", 0), ("TCP", 70000)]), []),
        (F.service("e", clusterIP: "None", externalIPs: ["203.0.113.5"]), ["203.0.113.5 TCP/80"]),
        (F.service("f", type: "ExternalName", clusterIP: "10.96.0.6"), []),
        (F.service("g", clusterIP: "clusterIPValue", loadBalancerIP: "192.0.2.7"), ["192.0.2.7 TCP/80"]),
        (F.service("h", clusterIP: "10.96.0.8", externalIPs: ["10.96.0.8"]), ["10.96.0.8 TCP/80"]),
    ])
    func claimsAreEveryIPv4AddressTimesEveryProgrammablePort(service: Service, expected: [String]) {
        #expect(ServiceClaims(service: service).ports.map(\.description) == expected)
    }

    @Test func addressesIncludeServicesWithoutPorts() {
        let claims = ServiceClaims(service: F.service("a", clusterIP: "10.96.0.1", ports: [], externalIPs: ["203.0.113.1"]))
        #expect(claims.addresses.map(\.description) == ["10.96.0.1", "203.0.113.1"])
        #expect(claims.ports.isEmpty)
    }

    @Test func equalSetsCompareEqualWhateverTheOrder() {
        let a = IPv4Address("10.0.0.1")!
        let b = IPv4Address("10.0.0.2")!
        let claim = PortClaim(address: a, transport: .udp, port: 53)
        #expect(ServiceClaims(addresses: [a, b, a], ports: [claim, claim]) == ServiceClaims(addresses: [b, a], ports: [claim]))
    }

    @Test func transportsComeFromNamesAndRuleNumbers() {
        #expect(PortClaim.Transport(name: "TCP") == .tcp)
        #expect(PortClaim.Transport(name: "SCTP") == nil)
        #expect(PortClaim.Transport(name: "tcp") == nil)
        #expect(PortClaim.Transport(number: 17) == .udp)
        #expect(PortClaim.Transport(number: 132) == nil)
        #expect(PortClaim.Transport(number: 300) == nil)
    }
}

extension ServiceClaimsTests {
    @Test func claimsReadFromRulesBringTheirAddresses() {
        let a = IPv4Address("10.96.0.1")!
        let b = IPv4Address("203.0.113.1")!
        let claims = ServiceClaims(ports: [
            PortClaim(address: b, transport: .tcp, port: 443), PortClaim(address: a, transport: .tcp, port: 443),
        ])
        #expect(claims.addresses == [a, b])
        #expect(claims.ports.map(\.description) == ["10.96.0.1 TCP/443", "203.0.113.1 TCP/443"])
    }
}
