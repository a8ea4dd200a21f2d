import Model
import Testing

@Suite struct ClusterStateTests {
    typealias Route = ClusterState.Route

    static func claims(_ address: String, _ ports: [(PortClaim.Transport, UInt16)]) -> ServiceClaims {
        let ip = IPv4Address(address)!
        return ServiceClaims(addresses: [ip], ports: ports.map { PortClaim(address: ip, transport: $0.0, port: $0.1) })
    }

    static let webClaim = PortClaim(address: IPv4Address("10.96.0.10")!, transport: .tcp, port: 80)

    @Test(arguments: [
        ("10.1.2.9", ["r-w2"]),
        ("10.1.1.1", ["l-w1", "r-w1"]),
        ("192.168.0.11", ["a-w1"]),
        ("192.168.0.12", []),
        ("172.16.5.1", ["op-narrow", "op-wide"]),
        ("172.31.255.255", ["op-wide"]),
        ("8.8.8.8", []),
    ])
    func routesContainingAnAddressAreLongestFirstWithoutTheDefault(address: String, ids: [String]) {
        let state = ValidationFixtures.state
        #expect(state.routes(containing: IPv4Address(address)!).map(\.id) == ids)
    }

    @Test func routeDescriptionsNameTheOwner() {
        let byID = Dictionary(uniqueKeysWithValues: ValidationFixtures.routes.map { ($0.id, $0.description) })
        #expect(byID["r-w2"] == "10.1.2.0/24, the PodCIDR route of node \"worker-2\"")
        #expect(byID["a-w1"] == "192.168.0.11/32, the InternalIP address route of node \"worker-1\"")
        #expect(byID["l-w1"] == "10.1.1.1/32, the local route of router port port-w1")
        #expect(byID["op-wide"] == "172.16.0.0/12, operator route op-wide via 192.168.0.254")
    }

    @Test func snapshotPodCIDRRoutesGiveNodeGateways() {
        let state = ValidationFixtures.state
        #expect(state.nodeCount == 2)
        #expect(state.podCIDR(ofNode: "worker-2") == ValidationFixtures.worker2CIDR)
        #expect(state.gateways(at: IPv4Address("10.1.2.1")!).map(\.role) == [.routerPort])
        #expect(state.gateways(at: IPv4Address("10.1.2.2")!).map(\.node) == ["worker-2"])
        #expect(state.gateways(at: IPv4Address("10.1.2.3")!).isEmpty)
        #expect(state.gateways(at: IPv4Address("10.1.2.0")!).isEmpty)
        #expect(state.hosts == ["worker-1": "host-1"])
    }

    @Test(arguments: [
        ("10.5.0.0/24", ["10.5.0.1", "10.5.0.2"]),
        ("10.5.0.0/30", ["10.5.0.1", "10.5.0.2"]),
        ("10.5.0.0/31", ["10.5.0.1"]),
        ("10.5.0.7/32", []),
        ("10.5.0.77/24", ["10.5.0.1", "10.5.0.2"]),
    ])
    func gatewaysAreTheFirstTwoAddressesThatFitInThePodCIDR(podCIDR: String, addresses: [String]) {
        var state = ClusterState()
        state.setNode(name: "n", podCIDR: IPv4Prefix(podCIDR)!)
        let found = (0...255).map { IPv4Address("10.5.0.\($0)")! }.filter { !state.gateways(at: $0).isEmpty }
        #expect(found.map(\.description) == addresses)
    }

    @Test func queuedRouteWinsOverTheSnapshotsAndMovesInTheTrie() {
        var state = ValidationFixtures.state
        state.upsertRoute(Route(id: "op-wide", prefix: IPv4Prefix("10.200.0.0/16")!, owner: .operatorRoute(nextHop: "gw")))
        #expect(state.routes(containing: IPv4Address("172.31.0.1")!).isEmpty)
        #expect(state.routes(containing: IPv4Address("10.200.3.4")!).map(\.id) == ["op-wide"])
        #expect(state.routeCount == ValidationFixtures.routes.count)
        // A later snapshot still holding the old route does not bring it back.
        state.replaceSnapshot(.init(routes: ValidationFixtures.routes))
        #expect(state.routes(containing: IPv4Address("172.31.0.1")!).isEmpty)
    }

    @Test func queuedRemovalHidesTheSnapshotUntilMidoNetCatchesUp() {
        var state = ValidationFixtures.state
        state.removeRoute(id: "r-w2")
        #expect(state.routes(containing: IPv4Address("10.1.2.9")!).isEmpty)
        // MidoNet still has it: still hidden.
        state.replaceSnapshot(.init(routes: ValidationFixtures.routes))
        #expect(state.routes(containing: IPv4Address("10.1.2.9")!).isEmpty)
        // MidoNet dropped it: the removal is forgotten, and a route re-added later shows again.
        state.replaceSnapshot(.init(routes: ValidationFixtures.routes.filter { $0.id != "r-w2" }))
        state.replaceSnapshot(.init(routes: ValidationFixtures.routes))
        #expect(state.routes(containing: IPv4Address("10.1.2.9")!).map(\.id) == ["r-w2"])
    }

    @Test func twoRoutesToOneDestinationAreBothReported() {
        var state = ValidationFixtures.state
        state.upsertRoute(Route(id: "op-dup", prefix: IPv4Prefix("172.16.5.0/24")!, owner: .operatorRoute(nextHop: "gw2")))
        #expect(state.routes(containing: IPv4Address("172.16.5.1")!).map(\.id) == ["op-dup", "op-narrow", "op-wide"])
        state.removeRoute(id: "op-narrow")
        #expect(state.routes(containing: IPv4Address("172.16.5.1")!).map(\.id) == ["op-dup", "op-wide"])
    }

    @Test func theSameServiceFromBothSourcesCountsOnce() {
        var state = ValidationFixtures.state
        state.setService(key: "default/web", claims: ServiceClaims(service: ValidationFixtures.web))
        #expect(state.owners(of: Self.webClaim) == ["default/web"])
        #expect(state.serviceCount == 2)
        #expect(state.claimCount == 4)
    }

    @Test func claimsFollowTheQueuedTranslation() {
        var state = ValidationFixtures.state
        state.setService(key: "default/web", claims: Self.claims("10.96.0.10", [(.tcp, 8080)]))
        #expect(state.owners(of: Self.webClaim).isEmpty)
        #expect(state.owners(of: PortClaim(address: IPv4Address("10.96.0.10")!, transport: .tcp, port: 8080)) == ["default/web"])
        state.setService(key: "other/web", claims: Self.claims("10.96.0.10", [(.tcp, 8080)]))
        #expect(state.owners(of: PortClaim(address: IPv4Address("10.96.0.10")!, transport: .tcp, port: 8080)) == ["default/web", "other/web"])
        state.removeService(key: "default/web")
        #expect(state.owners(of: PortClaim(address: IPv4Address("10.96.0.10")!, transport: .tcp, port: 8080)) == ["other/web"])
        #expect(state.claims(ofService: "default/web") == nil)
        #expect(state.serviceCount == 2)
    }

    @Test func removedServiceStaysHiddenWhileMidoNetStillHasItsRules() {
        var state = ValidationFixtures.state
        state.removeService(key: "default/web")
        #expect(state.owners(of: Self.webClaim).isEmpty)
        let snapshot = ClusterState.Snapshot(
            routes: ValidationFixtures.routes, services: ["default/web": ServiceClaims(service: ValidationFixtures.web)])
        state.replaceSnapshot(snapshot)
        #expect(state.owners(of: Self.webClaim).isEmpty)
        state.replaceSnapshot(.init(routes: ValidationFixtures.routes))
        #expect(state.serviceCount == 0)
        #expect(state.claimCount == 0)
    }

    @Test func removingWhatWasNeverThereChangesNothing() {
        var state = ClusterState()
        state.removeService(key: "ns/ghost")
        state.removeRoute(id: "ghost")
        state.removeNode(name: "ghost")
        #expect(state.serviceCount == 0 && state.routeCount == 0 && state.nodeCount == 0)
        // And leaves no marker that would hide a later snapshot entry.
        state.replaceSnapshot(.init(services: ["ns/ghost": Self.claims("10.0.0.1", [(.udp, 53)])]))
        #expect(state.serviceCount == 1)
    }

    @Test func nodesFromTranslationsWinOverTheSnapshot() {
        var state = ValidationFixtures.state
        state.setNode(name: "worker-2", podCIDR: IPv4Prefix("10.9.0.0/24")!)
        #expect(state.gateways(at: IPv4Address("10.1.2.1")!).isEmpty)
        #expect(state.gateways(at: IPv4Address("10.9.0.2")!).map(\.role) == [.nodePort])
        state.removeNode(name: "worker-1")
        #expect(state.gateways(at: IPv4Address("10.1.1.1")!).isEmpty)
        #expect(state.nodeCount == 1)
    }
}
