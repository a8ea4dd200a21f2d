/// A field of a Service that holds a service address, with its index in a list.
public enum ServiceAddressField: Sendable, Hashable, CustomStringConvertible {
    /// `spec.clusterIP`.
    case clusterIP
    /// `spec.clusterIPs[i]`.
    case clusterIPs(Int)
    /// `spec.externalIPs[i]`.
    case externalIPs(Int)
    /// `spec.loadBalancerIP` (deprecated, still honoured).
    case loadBalancerIP
    /// `status.loadBalancer.ingress[i].ip`.
    case loadBalancerIngress(Int)

    /// The field path as kubectl shows it: `spec.externalIPs[0]`, `status.loadBalancer.ingress[1].ip`.
    public var description: String {
        switch self {
        case .clusterIP: "spec.clusterIP"
        case .clusterIPs(let index): "spec.clusterIPs[\(index)]"
        case .externalIPs(let index): "spec.externalIPs[\(index)]"
        case .loadBalancerIP: "spec.loadBalancerIP"
        case .loadBalancerIngress(let index): "status.loadBalancer.ingress[\(index)].ip"
        }
    }

    /// Whether this is one of the Service's cluster IPs (the family fields describe these).
    public var isClusterIP: Bool {
        switch self {
        case .clusterIP, .clusterIPs: true
        default: false
        }
    }
}

extension Service {
    /// Calls `body` with every service address as written, in field order: `spec.clusterIPs`
    /// (and `spec.clusterIP` when the list is absent or disagrees with it) without `""` and `None`, `spec.externalIPs`,
    /// `spec.loadBalancerIP` when not empty, and each `status.loadBalancer.ingress[].ip`.
    public func forEachAddress(_ body: (ServiceAddressField, String) -> Void) {
        if let list = spec.clusterIPs, !list.isEmpty {
            for (index, text) in list.enumerated() where !text.isEmpty && text != "None" { body(.clusterIPs(index), text) }
            // The apiserver keeps `clusterIP` = `clusterIPs[0]`; one that differs is checked too, not trusted away.
            if let single = spec.clusterIP, !single.isEmpty, single != "None", single != list[0] { body(.clusterIP, single) }
        } else if let single = spec.clusterIP, !single.isEmpty, single != "None" {
            body(.clusterIP, single)
        }
        for (index, text) in (spec.externalIPs ?? []).enumerated() { body(.externalIPs(index), text) }
        if let text = spec.loadBalancerIP, !text.isEmpty { body(.loadBalancerIP, text) }
        for (index, ingress) in (status?.loadBalancer?.ingress ?? []).enumerated() {
            // Hostname-only ingress entries (some cloud LBs) carry no address to program.
            if let text = ingress.ip, !text.isEmpty { body(.loadBalancerIngress(index), text) }
        }
    }
}
