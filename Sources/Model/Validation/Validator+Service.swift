extension Validator {
    /// The verdict on a Service (CREATE or UPDATE): its addresses against the routes of the cluster
    /// router, its (address, protocol, port) claims against other Services, its protocols, families
    /// and values; warnings for what MidoNet will not program. The Service's own current claims never
    /// count against it, so an UPDATE is not compared with itself.
    public static func validate(_ service: Service, state: ClusterState) -> AdmissionVerdict {
        var verdict = AdmissionVerdict()
        let spec = service.spec
        switch spec.effectiveType {
        case "ClusterIP", "NodePort", "LoadBalancer":
            break
        case "ExternalName":
            verdict.add(warning: "spec.type: ExternalName Services are DNS names only; MidoNet programs nothing for them")
            return verdict
        default:
            verdict.add(
                violation: Violation(
                    code: .invalidValue, path: "spec.type", value: spec.effectiveType,
                    reason: "\(Violation.quoted(spec.effectiveType)) is not ClusterIP, NodePort, LoadBalancer or ExternalName"))
        }
        if spec.isHeadless {
            verdict.add(warning: "spec.clusterIP: None (headless): MidoNet programs no service rules, clients reach pods directly")
        }
        let ports = checkPorts(of: service, into: &verdict)
        let families = checkAddresses(of: service, ports: ports, state: state, into: &verdict)
        checkFamilies(of: service, clusterIPs: families, into: &verdict)
        addTrafficWarnings(for: spec, into: &verdict)
        return verdict
    }

    /// A `spec.ports` entry MidoNet can program.
    struct ProgrammablePort {
        var index: Int
        var transport: PortClaim.Transport
        var port: UInt16
    }

    /// Checks protocol and port numbers; returns the ports that produce jump rules.
    private static func checkPorts(of service: Service, into verdict: inout AdmissionVerdict) -> [ProgrammablePort] {
        var programmable: [ProgrammablePort] = []
        programmable.reserveCapacity(service.spec.ports?.count ?? 0)
        var hasNodePort = false
        for (index, port) in (service.spec.ports ?? []).enumerated() {
            let transport = checkProtocol(port.protocol, path: { "spec.ports[\(index)].protocol" }, into: &verdict)
            let number = checkPortNumber(port.port, path: { "spec.ports[\(index)].port" }, into: &verdict)
            if case .int(let target) = port.targetPort, target != 0 {
                // 0 is "unset": the apiserver defaults it to `port`.
                _ = checkPortNumber(target, path: { "spec.ports[\(index)].targetPort" }, into: &verdict)
            }
            if let nodePort = port.nodePort, nodePort != 0 {
                hasNodePort = true
                _ = checkPortNumber(nodePort, path: { "spec.ports[\(index)].nodePort" }, into: &verdict)
            }
            if let transport, let number { programmable.append(ProgrammablePort(index: index, transport: transport, port: number)) }
        }
        let type = service.spec.effectiveType
        if hasNodePort || type == "NodePort" || type == "LoadBalancer" {
            verdict.add(warning: "spec.type: \(type): MidoNet does not program node ports; only service addresses get rules")
        }
        return programmable
    }

    /// What the cluster IPs say about families.
    struct ClusterIPFamilies {
        var ipv4 = 0
        var ipv6: [(field: ServiceAddressField, text: String)] = []
    }

    /// Parses every service address; checks IPv4 ones against routes and other Services' claims.
    private static func checkAddresses(
        of service: Service, ports: [ProgrammablePort], state: ClusterState, into verdict: inout AdmissionVerdict
    ) -> ClusterIPFamilies {
        var families = ClusterIPFamilies()
        let key = service.metadata.key
        service.forEachAddress { field, text in
            guard let address = IPv4Address(text) else {
                if isIPv6Like(text) {
                    if field.isClusterIP {
                        families.ipv6.append((field, text))
                    } else {
                        verdict.add(warning: "\(field): IPv6 address \(text) is not programmed by MidoNet (IPv4 only)")
                    }
                } else {
                    verdict.add(
                        violation: Violation(
                            code: .invalidValue, path: "\(field)", value: text,
                            reason: "\(Violation.quoted(text)) is not an IP address"))
                }
                return
            }
            if field.isClusterIP { families.ipv4 += 1 }
            for route in state.routes(containing: address) {
                verdict.add(
                    violation: Violation(
                        code: .routeConflict, path: "\(field)", value: text,
                        reason: "\(address) is inside \(route) on the MidoNet cluster router"))
            }
            for port in ports {
                let claim = PortClaim(address: address, transport: port.transport, port: port.port)
                let others = state.owners(of: claim).filter { $0 != key }
                guard !others.isEmpty else { continue }
                let names = others.map { "\"\($0)\"" }.joined(separator: ", ")
                verdict.add(
                    violation: Violation(
                        code: .duplicateClaim, path: "\(field)", value: text,
                        reason: "\(claim) (spec.ports[\(port.index)]) is already claimed by Service \(names); "
                            + "their MidoNet jump rules would shadow each other"))
            }
        }
        return families
    }

    /// Single-stack IPv6 is denied (the service chains are IPv4, `dlType` 0x800); the IPv6 half of a
    /// dual-stack Service is only warned about. Headless Services get no chains, so no denial.
    private static func checkFamilies(of service: Service, clusterIPs: ClusterIPFamilies, into verdict: inout AdmissionVerdict) {
        let spec = service.spec
        var familyV4 = false
        var familyV6 = false
        for (index, family) in (spec.ipFamilies ?? []).enumerated() {
            switch family {
            case "IPv4": familyV4 = true
            case "IPv6": familyV6 = true
            default:
                verdict.add(
                    violation: Violation(
                        code: .invalidValue, path: "spec.ipFamilies[\(index)]", value: family,
                        reason: "\(Violation.quoted(family)) is not IPv4 or IPv6"))
            }
        }
        let hasV4 = familyV4 || clusterIPs.ipv4 > 0
        let hasV6 = familyV6 || !clusterIPs.ipv6.isEmpty
        guard hasV6 else { return }
        if !hasV4 {
            guard !spec.isHeadless else { return }
            let (path, value) =
                familyV6
                ? ("spec.ipFamilies", (spec.ipFamilies ?? []).joined(separator: ","))
                : ("\(clusterIPs.ipv6[0].field)", clusterIPs.ipv6[0].text)
            verdict.add(
                violation: Violation(
                    code: .singleStackIPv6, path: path, value: value,
                    reason: "\(value) makes a single-stack IPv6 Service; MidoNet's service chains are IPv4 only (dlType 0x800)"))
            return
        }
        if clusterIPs.ipv6.isEmpty {
            verdict.add(warning: "spec.ipFamilies: the IPv6 half of this dual-stack Service is not programmed by MidoNet")
        }
        for (field, text) in clusterIPs.ipv6 {
            verdict.add(warning: "\(field): IPv6 address \(text) of this dual-stack Service is not programmed by MidoNet")
        }
    }

    private static func addTrafficWarnings(for spec: ServiceSpec, into verdict: inout AdmissionVerdict) {
        if spec.sessionAffinity == "ClientIP" {
            verdict.add(warning: "spec.sessionAffinity: ClientIP is not programmed by MidoNet; each new flow picks an endpoint")
        }
        if spec.externalTrafficPolicy == "Local" {
            verdict.add(warning: "spec.externalTrafficPolicy: Local is not programmed by MidoNet; endpoints on any node are used")
        }
        if spec.internalTrafficPolicy == "Local" {
            verdict.add(warning: "spec.internalTrafficPolicy: Local is not programmed by MidoNet; endpoints on any node are used")
        }
    }
}
