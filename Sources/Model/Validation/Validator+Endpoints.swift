extension Validator {
    /// The verdict on core/v1 Endpoints (CREATE or UPDATE). Each address, ready or not, must be an
    /// IPv4 address that is neither a service address of its own Service (DNAT to it would loop) nor
    /// the first or second address of a node PodCIDR (MidoNet's router port and node port gateway);
    /// ports must be TCP or UDP in 1–65535. IPv6 addresses and SCTP ports are only warned about.
    public static func validate(_ endpoints: Endpoints, state: ClusterState) -> AdmissionVerdict {
        var verdict = AdmissionVerdict()
        let key = endpoints.metadata.key
        let own = state.claims(ofService: key)?.addresses ?? []
        var ipv6 = IPv6Tally()
        for (s, subset) in (endpoints.subsets ?? []).enumerated() {
            for (a, address) in (subset.addresses ?? []).enumerated() {
                checkEndpoint(
                    address.ip, path: { "subsets[\(s)].addresses[\(a)].ip" }, service: key, own: own, state: state,
                    ipv6: &ipv6, into: &verdict)
            }
            for (a, address) in (subset.notReadyAddresses ?? []).enumerated() {
                checkEndpoint(
                    address.ip, path: { "subsets[\(s)].notReadyAddresses[\(a)].ip" }, service: key, own: own,
                    state: state, ipv6: &ipv6, into: &verdict)
            }
            for (p, port) in (subset.ports ?? []).enumerated() {
                _ = checkProtocol(port.protocol, path: { "subsets[\(s)].ports[\(p)].protocol" }, sctpIsViolation: false, into: &verdict)
                _ = checkPortNumber(port.port, path: { "subsets[\(s)].ports[\(p)].port" }, into: &verdict)
            }
        }
        if let first = ipv6.firstPath {
            verdict.add(warning: "\(first): \(ipv6.count) IPv6 endpoint address(es) are not programmed by MidoNet (IPv4 only)")
        }
        return verdict
    }

    /// The verdict on a discovery/v1 EndpointSlice (CREATE or UPDATE): the rules of Endpoints for
    /// IPv4 slices, the Service found by the `kubernetes.io/service-name` label; IPv6 and FQDN slices
    /// are only warned about, since MidoNet programs neither.
    public static func validate(_ slice: EndpointSlice, state: ClusterState) -> AdmissionVerdict {
        var verdict = AdmissionVerdict()
        var checkAddresses = false
        switch slice.addressType {
        case "IPv4":
            checkAddresses = true
        case "IPv6":
            verdict.add(warning: "addressType: IPv6 EndpointSlices are not programmed by MidoNet (IPv4 only)")
        case "FQDN":
            verdict.add(warning: "addressType: FQDN EndpointSlices are not programmed by MidoNet")
        default:
            verdict.add(
                violation: Violation(
                    code: .invalidValue, path: "addressType", value: slice.addressType,
                    reason: "\(Violation.quoted(slice.addressType)) is not IPv4, IPv6 or FQDN"))
        }
        if checkAddresses {
            // A slice without the label belongs to no Service: only the PodCIDR addresses apply.
            let key = slice.serviceKey
            let own = key.flatMap { state.claims(ofService: $0)?.addresses } ?? []
            var ipv6 = IPv6Tally()
            for (e, endpoint) in (slice.endpoints ?? []).enumerated() {
                for (a, address) in endpoint.addresses.enumerated() {
                    checkEndpoint(
                        address, path: { "endpoints[\(e)].addresses[\(a)]" }, service: key ?? "", own: own, state: state,
                        ipv6: &ipv6, into: &verdict)
                }
            }
            // An IPv4 slice with an IPv6 address is malformed (the apiserver validates the type).
            if let first = ipv6.firstPath {
                verdict.add(
                    violation: Violation(
                        code: .invalidValue, path: first, value: ipv6.firstValue,
                        reason: "\(ipv6.firstValue) is not an IPv4 address (addressType IPv4)"))
            }
        }
        for (p, port) in (slice.ports ?? []).enumerated() {
            _ = checkProtocol(port.effectiveProtocol, path: { "ports[\(p)].protocol" }, sctpIsViolation: false, into: &verdict)
            // A nil port is legal: slices not made for a Service may leave it out.
            if let number = port.port { _ = checkPortNumber(number, path: { "ports[\(p)].port" }, into: &verdict) }
        }
        return verdict
    }

    /// IPv6 endpoint addresses seen, summed into one warning rather than one per address.
    struct IPv6Tally {
        var count = 0
        var firstPath: String?
        var firstValue = ""
    }

    /// One endpoint address. `own` is sorted (from `ServiceClaims`).
    private static func checkEndpoint(
        _ text: String, path: () -> String, service: String, own: [IPv4Address], state: ClusterState,
        ipv6: inout IPv6Tally, into verdict: inout AdmissionVerdict
    ) {
        guard let address = IPv4Address(text) else {
            if isIPv6Like(text) {
                if ipv6.firstPath == nil {
                    ipv6.firstPath = path()
                    ipv6.firstValue = text
                }
                ipv6.count += 1
            } else {
                verdict.add(
                    violation: Violation(
                        code: .invalidValue, path: path(), value: text, reason: "\(Violation.quoted(text)) is not an IP address"))
            }
            return
        }
        if own.contains(address) {
            verdict.add(
                violation: Violation(
                    code: .dnatLoop, path: path(), value: text,
                    reason: "\(address) is a service address of its own Service \"\(service)\"; DNAT to it would loop"))
        }
        for gateway in state.gateways(at: address) {
            verdict.add(
                violation: Violation(
                    code: .gatewayAddress, path: path(), value: text, reason: "\(address) is \(gateway)"))
        }
    }
}
