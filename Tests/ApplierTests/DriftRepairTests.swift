import Foundation
import Model
import Testing

@testable import Applier

/// `DriftRepair.repairs`: pure, from translations and an inventory built by hand.
@Suite struct DriftRepairTests {
    /// A node (host known by annotation), two Services with endpoints, and the global objects.
    enum Fixture {
        static let hostID = UUID(uuidString: "00000000-0000-0000-0000-0000000000aa")!
        static let translator = Translator()
        static let ids = translator.ids
        static let port = ServicePort(name: "http", port: 80)

        static let cluster: ClusterObjects = {
            var objects = ClusterObjects()
            objects.insert(.node(Node(
                metadata: ObjectMeta(name: "worker-1", annotations: [Annotation.hostID: hostID.lowerText]),
                spec: NodeSpec(podCIDR: "10.1.1.0/24"), status: NodeStatus(addresses: [NodeAddress(type: "InternalIP", address: "192.168.10.11")]))))
            for (name, ip) in [("web", "10.96.0.10"), ("api", "10.96.0.11")] {
                objects.insert(.service(Service(
                    metadata: ObjectMeta(name: name, namespace: "default"), spec: ServiceSpec(type: "ClusterIP", clusterIP: ip, ports: [port]))))
                objects.insert(.endpoints(Endpoints(
                    metadata: ObjectMeta(name: name, namespace: "default"),
                    subsets: [EndpointSubset(addresses: [EndpointAddress(ip: "10.1.1.10"), EndpointAddress(ip: "10.1.1.11")], ports: [EndpointPort(name: "http", port: 8080)])])))
            }
            return objects
        }()

        static let translations: [Translation] = [
            .global, .node("worker-1"), .service("default/api"), .service("default/web"), .serviceEndpoints("default/api"), .serviceEndpoints("default/web"),
        ].map { translator.translate($0, lookup: cluster) }

        static func translation(_ key: TranslationKey) -> Translation { translations.first { $0.key == key }! }
        static func object(_ kind: MidoNetKind, _ id: UUID) -> MidoNetObject { translations.flatMap(\.objects).first { $0.kind == kind && $0.id == id }! }

        static let webPortChain = Translator.servicePortChainID(Translator.servicePortKey(service: "default/web", port: "http"))
        /// The rules of web's port chain, in order: two jumps, then the balancing DNAT.
        static var webPortRules: [MidoNetObject] { translation(.serviceEndpoints("default/web")).objects.filter { $0.parentId == webPortChain } }

        /// MidoNet holding exactly the translations, with what MidoNet adds (links, defaults).
        static var complete: MidoNetInventory {
            var inventory = MidoNetInventory()
            for object in translations.flatMap(\.objects) {
                guard case .object(var fields) = object.body.value else { continue }
                fields["position"] = nil
                fields["uri"] = .string("http://midonet/\(object.kind.rawValue)/\(object.id.lowerText)")
                if object.kind == .rule { fields["chainId"] = .string(object.parentId!.lowerText) }
                inventory.objects[object.key] = JSONBody(.object(fields))
                switch object.kind {
                case .tunnelZone, .tunnelZoneHost, .hostInterfacePort, .portLink: break
                default: inventory.ours[object.key] = MidoNetObject(kind: object.kind, id: object.id, parentId: object.parentId, path: "", body: .object(fields))
                }
                if object.kind == .rule, let chain = object.parentId { inventory.chainRules[chain, default: []].append(object.id) }
            }
            return inventory
        }
    }

    struct Case: Sendable, CustomTestStringConvertible {
        var testDescription: String
        var drift: @Sendable (inout MidoNetInventory) -> Void
        /// `Plan`-style descriptions of the ops expected, translation ops first, then deletes.
        var expected: [String]
    }

    static let cases: [Case] = {
        let rules = Fixture.webPortRules
        let (jump1, jump2, dnat) = (rules[0], rules[1], rules[2])
        let endpointChain = Fixture.object(.chain, jump1.body["jumpChainId"]!.stringValue.flatMap(UUID.init(uuidString:))!)
        let snat = Fixture.translation(.serviceEndpoints("default/web")).objects.first { $0.kind == .rule && $0.parentId == endpointChain.id }!
        let bridge = NodeIDs(node: "worker-1").bridge
        let bridgePort = NodeIDs(node: "worker-1").bridgePort
        let extraRule = UUID(uuidString: "00000000-0000-0000-0000-0000000000ee")!
        let webJump = Fixture.translation(.service("default/web")).objects.first { $0.kind == .rule }!
        let apiJump = Fixture.translation(.service("default/api")).objects.first { $0.kind == .rule }!
        return [
            Case(testDescription: "MidoNet as wanted: nothing to do", drift: { _ in }, expected: []),
            Case(
                testDescription: "a missing rule is created",
                drift: { $0.remove(jump2) }, expected: ["create Rule \(jump2.id.lowerText)"]),
            Case(
                testDescription: "a missing endpoint chain is created with its rules and the jump to it",
                drift: { $0.remove(endpointChain); $0.remove(snat); $0.remove(jump1) },
                expected: ["create Chain \(endpointChain.id.lowerText)", "create Rule \(snat.id.lowerText)", "create Rule \(jump1.id.lowerText)"]),
            Case(
                testDescription: "a bridge changed by hand is updated",
                drift: { $0.objects["Bridge/\(bridge.lowerText)"] = ["id": .string(bridge.lowerText), "name": "renamed"] },
                expected: ["update Bridge \(bridge.lowerText)"]),
            Case(
                testDescription: "a rule with other content is deleted and created again",
                drift: { $0.objects[dnat.key] = ["id": .string(dnat.id.lowerText), "type": "dnat", "flowAction": "return"] },
                expected: ["delete Rule \(dnat.id.lowerText)", "create Rule \(dnat.id.lowerText)"]),
            Case(
                testDescription: "an unlinked port is linked again",
                drift: { $0.objects["PortLink/\(bridgePort.lowerText)"] = nil }, expected: ["create PortLink \(bridgePort.lowerText)"]),
            Case(
                testDescription: "an extra rule in one of our chains is deleted",
                drift: { inventory in
                    let extra = MidoNetObject(kind: .rule, id: extraRule, parentId: Fixture.webPortChain, path: "", body: ["type": "drop"])
                    inventory.objects[extra.key] = extra.body
                    inventory.ours[extra.key] = extra
                    inventory.chainRules[Fixture.webPortChain]?.insert(extraRule, at: 0)
                },
                expected: ["delete Rule \(extraRule.lowerText)"]),
            Case(
                testDescription: "a rule out of order in its chain is deleted and created at its place",
                drift: { $0.chainRules[Fixture.webPortChain] = [dnat.id, jump1.id, jump2.id] },
                expected: ["delete Rule \(dnat.id.lowerText)", "create Rule \(dnat.id.lowerText)"]),
            Case(
                testDescription: "the order of Services' jump rules in KUBE-SERVICES is left alone",
                drift: { $0.chainRules[Fixture.ids.servicesChain] = [webJump.id, apiJump.id] }, expected: []),
        ]
    }()

    @Test(arguments: cases)
    func driftIsRepairedWithTheFewestOps(_ testCase: Case) {
        var inventory = Fixture.complete
        testCase.drift(&inventory)
        let repairs = DriftRepair.repairs(translations: Fixture.translations, inventory: inventory)
        let ops = repairs.perTranslation.flatMap(\.1) + repairs.deletes
        #expect(ops.map(\.description) == testCase.expected)
    }

    @Test func aReCreatedRuleGetsThePositionThatRestoresTheChainOrder() {
        let rules = Fixture.webPortRules
        var inventory = Fixture.complete
        inventory.remove(rules[1])
        let repairs = DriftRepair.repairs(translations: Fixture.translations, inventory: inventory)
        let created = repairs.perTranslation.flatMap(\.1).map(\.object)
        #expect(created.map(\.id) == [rules[1].id])
        // Between the first jump and the DNAT rule.
        #expect(created.first?.body["position"] == 2)
        #expect(repairs.perTranslation.map(\.0) == [.serviceEndpoints("default/web")])
    }

    @Test func objectsThatAreNotOursAreNeverDeleted() {
        var inventory = Fixture.complete
        // A route an operator added on the cluster router: listed, but not ours.
        inventory.objects["Route/00000000-0000-0000-0000-0000000000ff"] = ["type": "Normal", "dstNetworkAddr": "172.16.0.0"]
        #expect(DriftRepair.repairs(translations: Fixture.translations, inventory: inventory).isEmpty)
    }

    @Test(arguments: [
        ([1, 2, 3], [1, 2, 3], []),
        ([1, 2, 3], [3, 1, 2], [3]),
        ([1, 2, 3, 4], [1, 4, 2, 3], [4]),
        ([1, 2, 3, 4], [2, 3, 4, 1], [1]),
        ([1, 2, 3], [9, 1, 8, 3], []),
        ([1, 2], [2], []),
    ] as [([Int], [Int], [Int])])
    func misplacedRulesAreTheFewestWhoseRemovalRestoresTheOrder(desired: [Int], actual: [Int], misplaced: [Int]) {
        func id(_ n: Int) -> UUID { UUID(uuidString: String(format: "00000000-0000-0000-0000-%012d", n))! }
        #expect(DriftRepair.misplacedRules(desired: desired.map(id), actual: actual.map(id)) == Set(misplaced.map(id)))
    }
}

extension MidoNetInventory {
    /// The object gone from MidoNet (and from its chain's order).
    mutating func remove(_ object: MidoNetObject) {
        objects[object.key] = nil
        ours[object.key] = nil
        if object.kind == .rule, let chain = object.parentId { chainRules[chain]?.removeAll { $0 == object.id } }
    }
}

/// `DriftRepairer.resolving`: a host-bound object's key once its host is known.
@Suite struct DriftRepairerKeyTests {
    @Test func aHostNamedKeyBecomesTheKeyWithTheHostsID() {
        let id = UUID(uuidString: "6a1c0e2f-2f0b-4d55-9b8e-2d3f5a7c9e11")!
        let port = UUID(uuidString: "0a1b2c3d-0000-0000-0000-000000000002")!
        let named = HostInterfacePort(host: .named("node-1"), portId: port, interfaceName: "veth1").object
        let resolved = HostInterfacePort(host: .id(id), portId: port, interfaceName: "veth1").object
        #expect(DriftRepairer.resolving(named.key, hostName: "node-1", to: id) == resolved.key)
        #expect(named.resolvingHost(id).key == resolved.key)
        // A key that does not end in that host's name is left as it is.
        #expect(DriftRepairer.resolving(named.key, hostName: "node-2", to: id) == named.key)
    }
}
