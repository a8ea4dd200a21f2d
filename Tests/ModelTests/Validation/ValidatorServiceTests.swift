import Foundation
import Model
import Testing

@Suite struct ValidatorServiceTests {
    typealias F = ValidationFixtures

    struct Case: Sendable, CustomTestStringConvertible {
        var name: String
        var service: Service
        /// `code path` of each expected violation, in order.
        var violations: [String]
        var testDescription: String { name }
    }

    static let denials: [Case] = [
        Case(name: "free address", service: F.service("s", clusterIP: "10.96.0.99"), violations: []),
        Case(
            name: "inside a PodCIDR", service: F.service("s", clusterIP: "10.96.0.99", externalIPs: ["10.1.2.9"]),
            violations: ["routeConflict spec.externalIPs[0]"]),
        Case(
            name: "on a /32 node address route", service: F.service("s", clusterIP: "192.168.0.11"),
            violations: ["routeConflict spec.clusterIP"]),
        Case(name: "next to a /32 route", service: F.service("s", clusterIP: "192.168.0.12"), violations: []),
        Case(name: "only the default route", service: F.service("s", clusterIP: "8.8.8.8"), violations: []),
        Case(
            name: "router port address: local route and PodCIDR", service: F.service("s", clusterIP: "10.96.0.99", loadBalancerIP: "10.1.1.1"),
            violations: ["routeConflict spec.loadBalancerIP", "routeConflict spec.loadBalancerIP"]),
        Case(
            name: "overlapping operator routes", service: F.service("s", clusterIP: "10.96.0.99", ingress: ["172.16.5.20"]),
            violations: ["routeConflict status.loadBalancer.ingress[0].ip", "routeConflict status.loadBalancer.ingress[0].ip"]),
        Case(
            name: "an entry of clusterIPs inside a route", service: F.service("s", clusterIPs: ["172.20.0.1"], ipFamilies: ["IPv4"]),
            violations: ["routeConflict spec.clusterIPs[0]"]),
        Case(
            name: "same address, protocol and port as another Service", service: F.service("s", clusterIP: "10.96.0.53", ports: [("TCP", 53)]),
            violations: ["duplicateClaim spec.clusterIP"]),
        Case(
            name: "same address, other port", service: F.service("s", clusterIP: "10.96.0.53", ports: [("TCP", 5353)]), violations: []),
        Case(
            name: "same address and port, other protocol", service: F.service("s", clusterIP: "10.96.0.10", ports: [("UDP", 80)]),
            violations: []),
        Case(
            name: "external IP of another Service", service: F.service("s", clusterIP: "10.96.0.99", externalIPs: ["203.0.113.7"]),
            violations: ["duplicateClaim spec.externalIPs[0]"]),
        Case(name: "SCTP", service: F.service("s", clusterIP: "10.96.0.99", ports: [("SCTP", 9)]), violations: ["unsupportedProtocol spec.ports[0].protocol"]),
        Case(
            name: "unknown protocol", service: F.service("s", clusterIP: "10.96.0.99", ports: [("tcp", 9)]),
            violations: ["invalidValue spec.ports[0].protocol"]),
        Case(
            name: "ports out of range", service: F.service("s", clusterIP: "10.96.0.99", ports: [("TCP", 0), ("UDP", 65536), ("TCP", 65535), ("TCP", 1)]),
            violations: ["invalidValue spec.ports[0].port", "invalidValue spec.ports[1].port"]),
        Case(
            name: "single-stack IPv6 by family", service: F.service("s", clusterIPs: ["fd00::1"], ipFamilies: ["IPv6"]),
            violations: ["singleStackIPv6 spec.ipFamilies"]),
        Case(name: "single-stack IPv6 by cluster IP", service: F.service("s", clusterIP: "fd00::1"), violations: ["singleStackIPv6 spec.clusterIP"]),
        Case(name: "dual-stack", service: F.service("s", clusterIPs: ["10.96.0.99", "fd00::1"], ipFamilies: ["IPv4", "IPv6"]), violations: []),
        Case(name: "dual-stack, IPv6 first", service: F.service("s", clusterIPs: ["fd00::1", "10.96.0.99"], ipFamilies: ["IPv6", "IPv4"]), violations: []),
        Case(
            name: "unparsable addresses",
            service: F.service("s", clusterIP: "10.96.0.256", externalIPs: ["010.1.1.1", "example.com"], loadBalancerIP: "1.2.3"),
            violations: [
                "invalidValue spec.clusterIP", "invalidValue spec.externalIPs[0]", "invalidValue spec.externalIPs[1]",
                "invalidValue spec.loadBalancerIP",
            ]),
        Case(name: "unknown type", service: F.service("s", type: "Magic", clusterIP: "10.96.0.99"), violations: ["invalidValue spec.type"]),
        Case(name: "unknown family", service: F.service("s", clusterIP: "10.96.0.99", ipFamilies: ["IPv5"]), violations: ["invalidValue spec.ipFamilies[0]"]),
        Case(
            name: "clusterIP that disagrees with clusterIPs", service: F.service("s", clusterIP: "10.1.2.9", clusterIPs: ["10.96.0.99"]),
            violations: ["routeConflict spec.clusterIP"]),
        Case(name: "ExternalName is not looked at", service: F.service("s", type: "ExternalName", clusterIP: "10.1.2.9"), violations: []),
        Case(
            name: "several violations are all reported",
            service: F.service("s", clusterIP: "10.1.2.9", ports: [("SCTP", 1), ("TCP", 80)], externalIPs: ["203.0.113.7", "nope"]),
            violations: [
                "unsupportedProtocol spec.ports[0].protocol", "routeConflict spec.clusterIP", "duplicateClaim spec.externalIPs[0]",
                "invalidValue spec.externalIPs[1]",
            ]),
    ]

    @Test(arguments: denials)
    func serviceRules(_ example: Case) {
        let verdict = Validator.review(F.request(.service(example.service)), state: F.state)
        #expect(verdict.summary == example.violations)
        #expect(verdict.isAllowed == example.violations.isEmpty)
    }

    @Test func messagesNameThePathTheValueAndTheConflict() {
        let service = F.service("s", clusterIP: "10.96.0.99", ports: [("UDP", 53)], externalIPs: ["10.1.2.9", "10.96.0.53", "172.16.5.20"])
        let verdict = Validator.review(F.request(.service(service)), state: F.state)
        #expect(verdict.violations.map(\.description) == [
            "spec.externalIPs[0]: 10.1.2.9 is inside 10.1.2.0/24, the PodCIDR route of node \"worker-2\" on the MidoNet cluster router",
            "spec.externalIPs[1]: 10.96.0.53 UDP/53 (spec.ports[0]) is already claimed by Service \"kube-system/kube-dns\"; "
                + "their MidoNet jump rules would shadow each other",
            "spec.externalIPs[2]: 172.16.5.20 is inside 172.16.5.0/24, operator route op-narrow via 192.168.0.253 on the MidoNet cluster router",
            "spec.externalIPs[2]: 172.16.5.20 is inside 172.16.0.0/12, operator route op-wide via 192.168.0.254 on the MidoNet cluster router",
        ])
        #expect(verdict.violations.map(\.value) == ["10.1.2.9", "10.96.0.53", "172.16.5.20", "172.16.5.20"])
        #expect(verdict.message.hasPrefix("spec.externalIPs[0]: 10.1.2.9 is inside 10.1.2.0/24"))
        #expect(verdict.message.components(separatedBy: "; ").count == 5)
    }

    @Test func otherRuleMessagesReadWell() {
        let sctp = Validator.review(F.request(.service(F.service("s", clusterIP: "fd00::1", ports: [("SCTP", 9)]))), state: F.state)
        #expect(sctp.violations.map(\.description) == [
            "spec.ports[0].protocol: SCTP is not supported: MidoNet rules match TCP and UDP only",
            "spec.clusterIP: fd00::1 makes a single-stack IPv6 Service; MidoNet's service chains are IPv4 only (dlType 0x800)",
        ])
        let bad = Validator.review(F.request(.service(F.service("s", clusterIP: "not\nan \"ip\"", ports: [("TCP", 70000)]))), state: F.state)
        #expect(bad.violations.map(\.description) == [
            "spec.ports[0].port: 70000 is not a port number (1-65535)",
            "spec.clusterIP: \"not\\u{a}an \\\"ip\\\"\" is not an IP address",
        ])
    }

    @Test func aServiceNeverConflictsWithItsOwnClaims() {
        // UPDATE of default/web with its own address and port: its current claims don't count.
        var web = F.web
        web.metadata.labels = ["changed": "yes"]
        let update = Validator.review(F.request(.service(web), operation: "UPDATE", oldObject: .service(F.web)), state: F.state)
        #expect(update.isAllowed)
        // The same object under another name is a duplicate of it.
        var copy = F.web
        copy.metadata.name = "web-copy"
        let create = Validator.review(F.request(.service(copy)), state: F.state)
        #expect(create.summary == ["duplicateClaim spec.clusterIP", "duplicateClaim spec.externalIPs[0]"])
    }

    @Test func namespaceComesFromTheRequestWhenTheObjectHasNone() {
        var web = F.web
        web.metadata.namespace = nil
        var request = F.request(.service(web), operation: "UPDATE", oldObject: .service(F.web))
        request.namespace = "default"
        #expect(Validator.review(request, state: F.state).isAllowed)
    }

    @Test func updatesKeepingAnExistingConflictAreAllowedWithAWarning() {
        // default/web's external IP is later found inside an operator's route.
        var state = F.state
        state.upsertRoute(.init(id: "op-new", prefix: IPv4Prefix("203.0.113.0/24")!, owner: .operatorRoute(nextHop: "gw")))
        var web = F.web
        web.metadata.labels = ["changed": "yes"]
        let keep = Validator.review(F.request(.service(web), operation: "UPDATE", oldObject: .service(F.web)), state: state)
        #expect(keep.isAllowed)
        #expect(keep.warnings.contains { $0.hasPrefix("spec.externalIPs[0]: unchanged, still 203.0.113.7 is inside 203.0.113.0/24") })
        // Moving to another conflicting address is a new violation.
        web.spec.externalIPs = ["203.0.113.8"]
        let move = Validator.review(F.request(.service(web), operation: "UPDATE", oldObject: .service(F.web)), state: state)
        #expect(move.summary == ["routeConflict spec.externalIPs[0]"])
        // A CREATE is not ratcheted.
        let create = Validator.review(F.request(.service(F.web)), state: state)
        #expect(create.summary == ["routeConflict spec.externalIPs[0]"])
    }

    @Test func updatesOfAServiceBeingDeletedAreAllowed() {
        var doomed = F.service("s", clusterIP: "10.1.2.9")
        doomed.metadata.deletionTimestamp = "2026-01-01T00:00:00Z"
        #expect(Validator.review(F.request(.service(doomed), operation: "UPDATE"), state: F.state) == .allowed)
    }

    @Test func namedTargetPortsAreAcceptedAndNumericOnesChecked() {
        var service = F.service("s", clusterIP: "10.96.0.99", ports: [("TCP", 80), ("TCP", 443), ("TCP", 8443)])
        service.spec.ports![0].targetPort = .string("http")
        service.spec.ports![1].targetPort = .int(0)
        service.spec.ports![2].targetPort = .int(70000)
        let verdict = Validator.review(F.request(.service(service)), state: F.state)
        #expect(verdict.summary == ["invalidValue spec.ports[2].targetPort"])
    }

    @Test(arguments: [
        ("sessionAffinity", "spec.sessionAffinity: ClientIP"),
        ("externalTrafficPolicy", "spec.externalTrafficPolicy: Local"),
        ("internalTrafficPolicy", "spec.internalTrafficPolicy: Local"),
        ("NodePort", "spec.type: NodePort: MidoNet does not program node ports"),
        ("LoadBalancer", "spec.type: LoadBalancer: MidoNet does not program node ports"),
        ("headless", "spec.clusterIP: None (headless)"),
        ("ExternalName", "spec.type: ExternalName Services are DNS names only"),
        ("dualStack", "spec.clusterIPs[1]: IPv6 address fd00::99 of this dual-stack Service is not programmed"),
        ("dualStackFamiliesOnly", "spec.ipFamilies: the IPv6 half of this dual-stack Service is not programmed"),
        ("ipv6ExternalIP", "spec.externalIPs[0]: IPv6 address 2001:db8::1 is not programmed by MidoNet"),
    ])
    func whatMidoNetDoesNotProgramIsAllowedWithAWarning(feature: String, warning: String) {
        var service = F.service("s", clusterIP: "10.96.0.99")
        switch feature {
        case "sessionAffinity": service.spec.sessionAffinity = "ClientIP"
        case "externalTrafficPolicy": service.spec.externalTrafficPolicy = "Local"
        case "internalTrafficPolicy": service.spec.internalTrafficPolicy = "Local"
        case "NodePort", "LoadBalancer":
            service.spec.type = feature
            service.spec.ports![0].nodePort = 30080
        case "headless": service.spec.clusterIP = "None"
        case "ExternalName":
            service.spec.type = "ExternalName"
            service.spec.clusterIP = nil
            service.spec.externalName = "example.com"
        case "dualStack":
            service.spec.clusterIPs = ["10.96.0.99", "fd00::99"]
            service.spec.ipFamilies = ["IPv4", "IPv6"]
        case "dualStackFamiliesOnly": service.spec.ipFamilies = ["IPv4", "IPv6"]
        case "ipv6ExternalIP": service.spec.externalIPs = ["2001:db8::1"]
        default: Issue.record("unknown feature \(feature)")
        }
        let verdict = Validator.review(F.request(.service(service)), state: F.state)
        #expect(verdict.isAllowed)
        #expect(verdict.warnings.count == 1)
        #expect(verdict.warnings.first?.hasPrefix(warning) == true, "\(verdict.warnings)")
        #expect(verdict.response.warnings == verdict.warnings)
    }

    @Test func warningsAreShortAndFreeOfControlCharacters() {
        var service = F.service(
            "s", clusterIPs: ["10.96.0.99", "fd00::1"], ipFamilies: ["IPv4", "IPv6"], ports: [("TCP", 80)],
            externalIPs: ["2001:db8:0:0:0:0:0:1", "2001:0db8:0000:0000:0000:ffff:192.168.100.200"])
        service.spec.type = "LoadBalancer"
        service.spec.sessionAffinity = "ClientIP"
        service.spec.externalTrafficPolicy = "Local"
        service.spec.internalTrafficPolicy = "Local"
        // An UPDATE whose old object already conflicted: the ratchet warning quotes long texts.
        let long = String(repeating: "x", count: 300)
        var state = F.state
        state.upsertRoute(.init(id: long, prefix: IPv4Prefix("10.96.0.0/16")!, owner: .operatorRoute(nextHop: "gw\n\(long)")))
        let verdict = Validator.review(F.request(.service(service), operation: "UPDATE", oldObject: .service(service)), state: state)
        #expect(verdict.isAllowed)
        #expect(verdict.warnings.count == 8)
        for warning in verdict.warnings {
            #expect(warning.unicodeScalars.count < 120, "\(warning)")
            #expect(!warning.unicodeScalars.contains { $0.properties.generalCategory == .control }, "\(warning)")
        }
    }

    @Test func dryRunGetsTheSameVerdict() {
        let service = F.service("s", clusterIP: "10.1.2.9")
        let wet = Validator.review(F.request(.service(service)), state: F.state)
        let dry = Validator.review(F.request(.service(service), dryRun: true), state: F.state)
        #expect(wet == dry)
        #expect(!dry.isAllowed)
    }

    @Test func manyViolationsAreCappedInTheMessageButAllKept() {
        let service = F.service("s", clusterIP: "10.96.0.99", externalIPs: (1...30).map { "10.1.2.\($0 + 10)" })
        let verdict = Validator.review(F.request(.service(service)), state: F.state)
        #expect(verdict.violations.count == 30)
        #expect(verdict.message.hasSuffix("; and 10 more"))
        #expect(verdict.message.components(separatedBy: "; ").count == 21)
    }
}
