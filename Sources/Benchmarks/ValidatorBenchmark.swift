import ArgumentParser
import Foundation
import Histogram
import Model

#if canImport(Glibc)
import Glibc
#endif

/// `midonet-bench validator`: time per admission request against a small and a large cluster
/// state, and what building the large state costs. The point is the ratio: a request must cost the
/// same whatever the cluster's size (DESIGN.md: lookups by hash and prefix trie, never a scan).
struct ValidatorBenchmark: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "validator",
        abstract: "Validation time per request at 10 nodes/100 Services and 5,000 nodes/20,000 Services/100 operator routes."
    )

    @Option(help: "Timed validations per case and scale (after a tenth as many for warm-up).")
    var iterations = 200_000

    @Option(help: "Only the cases whose name contains this text (for profiling one case).")
    var only: String?

    func run() {
        let small = Scale(name: "small", nodes: 10, services: 100, operatorRoutes: 1)
        let large = Scale(name: "large", nodes: 5_000, services: 20_000, operatorRoutes: 100)

        // Large first, on a fresh heap, so its memory is measured without the small one around.
        let largeBuild = Build(large)
        let smallBuild = Build(small)

        print("Validator benchmark: \(iterations) requests per case and scale, release build")
        print("")
        printTable(
            ["state", "nodes", "services", "operator routes", "routes", "claims", "build ms", "RSS MiB"],
            [smallBuild, largeBuild].map { build in
                [
                    build.scale.name, "\(build.scale.nodes)", "\(build.scale.services)", "\(build.scale.operatorRoutes)",
                    "\(build.state.routeCount)", "\(build.state.claimCount)", decimal(build.milliseconds, 1),
                    decimal(build.residentMiB, 1),
                ]
            })
        print("build: a snapshot of routes and KUBE-SERVICES claims, then every node and Service again as queued translations.")
        print("RSS: growth of the resident set (/proc/self/statm) over building the inputs and the state, inputs included.")
        print("")

        var rows: [[String]] = []
        var checksum = 0
        for kind in RequestKind.allCases where only.map({ kind.rawValue.contains($0) }) ?? true {
            var small = Timing()
            var large = Timing()
            let smallRequests = smallBuild.scale.requests(kind)
            let largeRequests = largeBuild.scale.requests(kind)
            warmUp(smallRequests, state: smallBuild.state, checksum: &checksum)
            warmUp(largeRequests, state: largeBuild.state, checksum: &checksum)
            // Small and large take turns in short rounds, so a burst of load from other processes
            // on the machine lands on both alike instead of skewing the ratio.
            let rounds = 20
            for _ in 0..<rounds {
                small.measure(smallRequests, state: smallBuild.state, count: iterations / rounds, checksum: &checksum)
                large.measure(largeRequests, state: largeBuild.state, count: iterations / rounds, checksum: &checksum)
            }
            rows.append([
                kind.rawValue, decimal(small.p50, 2), decimal(small.p99, 2), decimal(small.mean, 2), decimal(large.p50, 2),
                decimal(large.p99, 2), decimal(large.mean, 2), decimal(large.p50 / small.p50, 2), decimal(large.mean / small.mean, 2),
            ])
        }
        printTable(
            ["µs per request", "small p50", "p99", "mean", "large p50", "p99", "mean", "large/small p50", "mean"], rows)
        print("")
        print("(violations counted: \(checksum); the verdicts are used so the work cannot be optimised away)")
    }

    /// A tenth as many validations as are timed, untimed, to fill caches and branch predictors.
    private func warmUp(_ requests: [AdmissionRequest], state: ClusterState, checksum: inout Int) {
        for index in 0..<(iterations / 10) {
            checksum &+= Validator.review(requests[index % requests.count], state: state).violations.count
        }
    }
}

/// Latencies of `Validator.review`, each call timed on its own.
struct Timing {
    var histogram = Histogram<UInt64>(highestTrackableValue: 10_000_000, numberOfSignificantValueDigits: .three)
    var total: UInt64 = 0
    var count = 0
    /// Where the next round starts in the request list, so rounds don't repeat the same requests.
    var next = 0

    /// Times `count` validations, cycling through `requests`.
    mutating func measure(_ requests: [AdmissionRequest], state: ClusterState, count: Int, checksum: inout Int) {
        for _ in 0..<count {
            let request = requests[next % requests.count]
            next += 1
            let start = now()
            let verdict = Validator.review(request, state: state)
            let elapsed = now() - start
            checksum &+= verdict.violations.count
            total += elapsed
            _ = histogram.record(elapsed)
        }
        self.count += count
    }

    /// Microseconds.
    var p50: Double { Double(histogram.valueAtPercentile(50)) / 1000 }
    var p99: Double { Double(histogram.valueAtPercentile(99)) / 1000 }
    var mean: Double { Double(total) / Double(Swift.max(count, 1)) / 1000 }
}

/// The kinds of request timed.
enum RequestKind: String, CaseIterable {
    case createAllowed = "Service CREATE, allowed"
    case updateAllowed = "Service UPDATE of itself, allowed"
    case createDenied = "Service CREATE, denied (3 violations)"
    case sliceAllowed = "EndpointSlice, 100 endpoints, allowed"
}

/// A synthetic cluster: node i has PodCIDR 10.(i/256).(i%256).0/24, InternalIP 192.168.(i/256).(i%256)
/// and a router port; Service i has ClusterIP 10.96.0.0 + i + 1, ports TCP/80 and UDP/53, and every
/// tenth an external IP; operator routes are 172.16.i.0/24 via 192.168.255.254.
struct Scale {
    var name: String
    var nodes: Int
    var services: Int
    var operatorRoutes: Int

    static func id(_ kind: UInt32, _ index: Int) -> String {
        // UUID-shaped, as MidoNet's IDs are, so strings cost what real ones do.
        let hex = String(UInt64(index), radix: 16)
        return "\(String(kind, radix: 16))0000000-0000-5000-8000-" + String(repeating: "0", count: 12 - hex.count) + hex
    }

    static func nodeName(_ index: Int) -> String { "node-\(index)" }
    static func podCIDR(_ index: Int) -> IPv4Prefix {
        IPv4Prefix(address: IPv4Address(UInt32(10 << 24 | index << 8)), length: 24)
    }
    static func clusterIP(_ index: Int) -> IPv4Address { IPv4Address(UInt32(10 << 24 | 96 << 16) + UInt32(index) + 1) }
    static func externalIP(_ index: Int) -> IPv4Address { IPv4Address(UInt32(203 << 24 | 1 << 16) + UInt32(index)) }

    func service(_ index: Int, clusterIP: IPv4Address, externalIP: IPv4Address?) -> Service {
        var spec = ServiceSpec(
            clusterIP: clusterIP.description, clusterIPs: [clusterIP.description], ipFamilies: ["IPv4"],
            ports: [
                ServicePort(name: "http", protocol: "TCP", port: 80, targetPort: .string("http")),
                ServicePort(name: "dns", protocol: "UDP", port: 53, targetPort: .int(5353)),
            ],
            externalIPs: externalIP.map { [$0.description] })
        spec.selector = ["app": "svc-\(index)"]
        return Service(metadata: ObjectMeta(name: "svc-\(index)", namespace: "ns-\(index % 50)"), spec: spec)
    }

    func existingService(_ index: Int) -> Service {
        service(index, clusterIP: Self.clusterIP(index), externalIP: index % 10 == 0 ? Self.externalIP(index) : nil)
    }

    var snapshot: ClusterState.Snapshot {
        var routes: [ClusterState.Route] = []
        for node in 0..<nodes {
            let cidr = Self.podCIDR(node)
            routes.append(.init(id: Self.id(1, node), prefix: cidr, owner: .podCIDR(node: Self.nodeName(node))))
            routes.append(
                .init(
                    id: Self.id(2, node), prefix: IPv4Prefix(address: IPv4Address(UInt32(192 << 24 | 168 << 16 | node)), length: 32),
                    owner: .nodeAddress(node: Self.nodeName(node), addressType: "InternalIP")))
            routes.append(
                .init(id: Self.id(3, node), prefix: IPv4Prefix(address: cidr.host(1), length: 32), owner: .routerPort(port: Self.id(4, node))))
        }
        for index in 0..<operatorRoutes {
            routes.append(
                .init(
                    id: Self.id(5, index), prefix: IPv4Prefix(address: IPv4Address(UInt32(172 << 24 | 16 << 16 | index << 8)), length: 24),
                    owner: .operatorRoute(nextHop: "192.168.255.254")))
        }
        routes.append(.init(id: Self.id(6, 0), prefix: IPv4Prefix("0.0.0.0/0")!, owner: .operatorRoute(nextHop: "192.168.255.254")))
        var claims: [String: ServiceClaims] = [:]
        for index in 0..<services {
            let service = existingService(index)
            claims[service.metadata.key] = ServiceClaims(service: service)
        }
        var hosts: [String: String] = [:]
        for node in 0..<nodes { hosts[Self.nodeName(node)] = Self.id(7, node) }
        return ClusterState.Snapshot(routes: routes, services: claims, hosts: hosts)
    }

    /// 1,024 distinct requests of one kind, spread over the whole state.
    func requests(_ kind: RequestKind) -> [AdmissionRequest] {
        (0..<1024).map { n in
            let spread = n * 7919 % services
            switch kind {
            case .createAllowed:
                let fresh = service(
                    services + n, clusterIP: Self.clusterIP(services + n), externalIP: IPv4Address(UInt32(198 << 24 | 51 << 16 | n)))
                return Self.request(.service(fresh), operation: "CREATE")
            case .updateAllowed:
                var updated = existingService(spread)
                updated.metadata.labels = ["revision": "\(n)"]
                return Self.request(.service(updated), operation: "UPDATE", oldObject: .service(existingService(spread)))
            case .createDenied:
                // Another Service's ClusterIP (TCP/80 and UDP/53 taken) and an external IP inside a PodCIDR.
                let clash = service(
                    services + n, clusterIP: Self.clusterIP(spread), externalIP: Self.podCIDR(n * 31 % nodes).host(77))
                return Self.request(.service(clash), operation: "CREATE")
            case .sliceAllowed:
                let owner = existingService(spread)
                let endpoints = (0..<100).map { e in
                    SliceEndpoint(addresses: [Self.podCIDR((n + e * 13) % nodes).host(UInt32(10 + e)).description])
                }
                let slice = EndpointSlice(
                    metadata: ObjectMeta(
                        name: "\(owner.metadata.name!)-x\(n)", namespace: owner.metadata.namespace,
                        labels: [EndpointSlice.serviceNameLabel: owner.metadata.name!]),
                    endpoints: endpoints, ports: [SlicePort(name: "http", protocol: "TCP", port: 8080)])
                return Self.request(.endpointSlice(slice), operation: "CREATE")
            }
        }
    }

    static func request(_ object: KubernetesObject, operation: String, oldObject: KubernetesObject? = nil) -> AdmissionRequest {
        let kind = object.kind!
        return AdmissionRequest(
            uid: "bench", kind: GroupVersionKind(group: kind.group, version: "v1", kind: kind.rawValue),
            name: object.metadata?.name, namespace: object.metadata?.namespace, operation: operation, object: object,
            oldObject: oldObject)
    }
}

/// A state built at one scale, with what building it cost.
struct Build {
    var scale: Scale
    var state: ClusterState
    var milliseconds: Double
    var residentMiB: Double

    init(_ scale: Scale) {
        let residentBefore = residentBytes()
        let snapshot = scale.snapshot
        var translations: [(String, ServiceClaims)] = []
        for index in 0..<scale.services {
            let service = scale.existingService(index)
            translations.append((service.metadata.key, ServiceClaims(service: service)))
        }
        let start = now()
        var state = ClusterState(snapshot: snapshot)
        for node in 0..<scale.nodes { state.setNode(name: Scale.nodeName(node), podCIDR: Scale.podCIDR(node)) }
        for (key, claims) in translations { state.setService(key: key, claims: claims) }
        let elapsed = now() - start
        self.scale = scale
        self.state = state
        milliseconds = Double(elapsed) / 1e6
        residentMiB = Double(residentBytes() - residentBefore) / 1_048_576
    }
}

/// `value` with `digits` decimals.
func decimal(_ value: Double, _ digits: Int) -> String {
    String(format: "%.\(digits)f", value)
}
