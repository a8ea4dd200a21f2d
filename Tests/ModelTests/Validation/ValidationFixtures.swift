import Model
import TestSupport

/// A small cluster with one of every kind of route, and two Services, for the Validator tests.
///
/// Routes of the cluster router:
/// - `0.0.0.0/0` default via the uplink (never a conflict);
/// - `10.1.1.0/24` PodCIDR of worker-1, `10.1.2.0/24` PodCIDR of worker-2;
/// - `192.168.0.11/32` InternalIP route of worker-1;
/// - `10.1.1.1/32` MidoNet's local route of worker-1's router port;
/// - `172.16.0.0/12` and the overlapping `172.16.5.0/24`, operator routes.
/// Services: `default/web` 10.96.0.10 TCP/80 with external IP 203.0.113.7, `kube-system/kube-dns`
/// 10.96.0.53 UDP/53 and TCP/53.
enum ValidationFixtures {
    static let worker1CIDR = IPv4Prefix("10.1.1.0/24")!
    static let worker2CIDR = IPv4Prefix("10.1.2.0/24")!

    static let routes: [ClusterState.Route] = [
        .init(id: "default", prefix: IPv4Prefix("0.0.0.0/0")!, owner: .operatorRoute(nextHop: "192.168.0.1")),
        .init(id: "r-w1", prefix: worker1CIDR, owner: .podCIDR(node: "worker-1")),
        .init(id: "r-w2", prefix: worker2CIDR, owner: .podCIDR(node: "worker-2")),
        .init(id: "a-w1", prefix: IPv4Prefix("192.168.0.11/32")!, owner: .nodeAddress(node: "worker-1", addressType: "InternalIP")),
        .init(id: "l-w1", prefix: IPv4Prefix("10.1.1.1/32")!, owner: .routerPort(port: "port-w1")),
        .init(id: "op-wide", prefix: IPv4Prefix("172.16.0.0/12")!, owner: .operatorRoute(nextHop: "192.168.0.254")),
        .init(id: "op-narrow", prefix: IPv4Prefix("172.16.5.0/24")!, owner: .operatorRoute(nextHop: "192.168.0.253")),
    ]

    static let web = service("web", namespace: "default", clusterIP: "10.96.0.10", ports: [("TCP", 80)], externalIPs: ["203.0.113.7"])
    static let dns = service("kube-dns", namespace: "kube-system", clusterIP: "10.96.0.53", ports: [("UDP", 53), ("TCP", 53)])

    static var state: ClusterState {
        ClusterState(
            snapshot: .init(
                routes: routes,
                services: ["default/web": ServiceClaims(service: web), "kube-system/kube-dns": ServiceClaims(service: dns)],
                hosts: ["worker-1": "host-1"]))
    }

    static func service(
        _ name: String, namespace: String = "default", type: String? = nil, clusterIP: String? = nil,
        clusterIPs: [String]? = nil, ipFamilies: [String]? = nil, ports: [(String, Int)] = [("TCP", 80)],
        externalIPs: [String]? = nil, loadBalancerIP: String? = nil, ingress: [String]? = nil
    ) -> Service {
        var spec = ServiceSpec(
            type: type, clusterIP: clusterIP, clusterIPs: clusterIPs, ipFamilies: ipFamilies,
            ports: ports.map { ServicePort(protocol: $0.0, port: $0.1) }, externalIPs: externalIPs, loadBalancerIP: loadBalancerIP)
        spec.selector = ["app": name]
        let status = ingress.map { ServiceStatus(loadBalancer: LoadBalancerStatus(ingress: $0.map { LoadBalancerIngress(ip: $0) })) }
        return Service(metadata: ObjectMeta(name: name, namespace: namespace), spec: spec, status: status)
    }

    static func request(
        _ object: KubernetesObject?, operation: String = "CREATE", oldObject: KubernetesObject? = nil, dryRun: Bool = false
    ) -> AdmissionRequest {
        let kind = object?.kind ?? oldObject?.kind ?? .service
        return AdmissionRequest(
            uid: "0df28fbd-5f5f-4d48-8d8e-2b3c1f0e9a11", kind: GroupVersionKind(group: kind.group, version: "v1", kind: kind.rawValue),
            name: object?.metadata?.name, namespace: object?.metadata?.namespace, operation: operation, object: object,
            oldObject: oldObject, dryRun: dryRun)
    }

    // MARK: Reviews around the shared round-trip objects

    /// A `roundtrip/*.json` object as the `object` of a CREATE review.
    static func roundtripReview(_ file: String, group: String, kind: String) throws -> [UInt8] {
        let object = Array(try Fixtures.data("roundtrip/\(file)"))
        let head = """
            {"apiVersion":"admission.k8s.io/v1","kind":"AdmissionReview","request":{"uid":"rt-1",\
            "kind":{"group":"\(group)","version":"v1","kind":"\(kind)"},"namespace":"namespaceValue",\
            "operation":"CREATE","dryRun":false,"object":
            """
        return Array(head.utf8) + object + Array("}}".utf8)
    }
}

extension AdmissionVerdict {
    /// `code path` of every violation, for compact expectations.
    var summary: [String] { violations.map { "\($0.code) \($0.path)" } }
}
