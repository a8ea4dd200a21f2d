import Foundation
import Model
import Testing

@Suite struct PlanTests {
    func endpointObjects(_ ready: [String]) -> [MidoNetObject] {
        EndpointsTranslatorTests.translate([.service(EndpointsTranslatorTests.service), .endpoints(EndpointsTranslatorTests.endpoints(ready))])
    }

    @Test func firstTranslationCreatesParentsBeforeChildren() {
        let node = Node(metadata: ObjectMeta(name: "worker-1"), spec: NodeSpec(podCIDR: "10.1.1.0/24"),
                        status: NodeStatus(addresses: [NodeAddress(type: "InternalIP", address: "192.168.10.11")]))
        let objects = Translator().translate(.node("worker-1"), lookup: ClusterObjects([.node(node)])).objects
        let ops = Plan.operations(from: [], to: objects)
        #expect(ops.allSatisfy { if case .create = $0 { true } else { false } })
        let order = ops.map(\.object.key)
        for (index, op) in ops.enumerated() {
            for reference in op.object.references {
                if let referent = objects.firstIndex(where: { $0.id == reference && ![.portLink, .hostInterfacePort, .tunnelZoneHost].contains($0.kind) }) {
                    #expect(order.firstIndex(of: objects[referent].key)! < index, "\(op) before its referent")
                }
            }
        }
        let member = order.firstIndex { $0.hasPrefix("TunnelZoneHost/") }!
        let binding = order.firstIndex { $0.hasPrefix("HostInterfacePort/") }!
        #expect(member < binding)
    }

    @Test func deletingEverythingGoesChildrenFirst() {
        let objects = endpointObjects(["10.1.1.5"])
        let ops = Plan.operations(from: objects, to: [])
        #expect(ops.allSatisfy { if case .delete = $0 { true } else { false } })
        let kinds = ops.map(\.object.kind)
        #expect(kinds.lastIndex(of: .rule)! < kinds.firstIndex(of: .chain)!)
    }

    @Test func unchangedTranslationPlansNothing() {
        let objects = endpointObjects(["10.1.1.5", "10.1.2.7"])
        #expect(Plan.operations(from: objects, to: objects).isEmpty)
    }

    @Test func addingAnEndpointMakesTheNewDNATBeforeBreakingTheOld() {
        let old = endpointObjects(["10.1.1.5", "10.1.2.7"])
        let new = endpointObjects(["10.1.1.5", "10.1.2.7", "10.1.3.3"])
        let ops = Plan.operations(from: old, to: new)
        let oldDNAT = old.last!
        let newDNAT = new.last!
        let createNew = ops.firstIndex(of: .create(newDNAT.withPosition(4)))
        let deleteOld = ops.firstIndex(of: .delete(oldDNAT))
        #expect(createNew != nil && deleteOld != nil)
        #expect(createNew! < deleteOld!)
        // The new jump goes after the two kept jumps: position 3; the new DNAT after it: 4.
        let newJump = ops.first { if case .create(let o) = $0 { o.kind == .rule && o.body["type"] == "jump" } else { false } }
        #expect(newJump?.object.body["position"] == 3)
        #expect(ops.count == 5)  // chain, SNAT, jump, DNAT created; old DNAT deleted
    }

    @Test func removingAnEndpointKeepsADNATRuleAtEveryStep() {
        let old = endpointObjects(["10.1.1.5", "10.1.2.7"])
        let new = endpointObjects(["10.1.1.5"])
        let ops = Plan.operations(from: old, to: new)
        // Simulate the port chain: at every step it must hold a DNAT rule.
        let portChain = Translator.servicePortChainID("default/web/http")
        var chain: [String] = old.filter { $0.parentId == portChain }.map(\.key)
        let dnatKeys = Set((old + new).filter { $0.body["type"] == "dnat" }.map(\.key))
        for op in ops where op.object.parentId == portChain {
            switch op {
            case .create(let o): chain.insert(o.key, at: (o.body["position"]?.intValue ?? 1) - 1)
            case .delete(let o): chain.removeAll { $0 == o.key }
            case .update: break
            }
            #expect(chain.contains { dnatKeys.contains($0) })
        }
        #expect(chain == new.filter { $0.parentId == portChain }.map(\.key))
    }

    @Test func sameIDWithNewContentIsDeletedBeforeItIsCreated() {
        func node(_ cidr: String) -> [MidoNetObject] {
            let n = Node(metadata: ObjectMeta(name: "worker-1"), spec: NodeSpec(podCIDR: cidr))
            return Translator().translate(.node("worker-1"), lookup: ClusterObjects([.node(n)])).objects
        }
        let ops = Plan.operations(from: node("10.1.1.0/24"), to: node("10.1.9.0/24"))
        let route = NodeIDs(node: "worker-1").route
        let delete = ops.firstIndex { if case .delete(let o) = $0 { o.id == route } else { false } }
        let create = ops.firstIndex { if case .create(let o) = $0 { o.id == route } else { false } }
        #expect(delete! < create!)
        // The router port is updatable: a PUT, not a re-create.
        #expect(ops.contains { if case .update(let o) = $0 { o.id == NodeIDs(node: "worker-1").routerPort } else { false } })
    }

    @Test func rulesThatOnlyMovedAreNotRecreated() {
        let old = endpointObjects(["10.1.1.5", "10.1.2.7"])
        let new = endpointObjects(["10.1.2.7"])
        let ops = Plan.operations(from: old, to: new)
        let jumpKeptID = new.first { $0.body["type"] == "jump" }!.id
        #expect(!ops.contains { $0.object.id == jumpKeptID })
    }
}

extension MidoNetObject {
    func withPosition(_ position: Int) -> MidoNetObject {
        guard case .object(var body) = body.value else { return self }
        body["position"] = .int(position)
        var copy = self
        copy.body = .object(body)
        return copy
    }
}
