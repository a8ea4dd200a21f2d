import Foundation
import Model
import Store

/// Everything MidoNet holds, read through its REST API and keyed like `MidoNetObject.key`.
/// In these tests MidoNet holds nothing but what the applier (and the test itself) put there,
/// so every object counts: "nothing of ours extra" is "nothing extra".
struct ObservedTopology {
    var objects: [String: JSONValue] = [:]
    /// Rule IDs of each chain, in chain order.
    var chainRules: [UUID: [UUID]] = [:]

    static func read(_ reader: MidoNetReader) async throws -> ObservedTopology {
        var topology = ObservedTopology()
        func id(_ value: JSONValue?) -> UUID? { value?.stringValue.flatMap(UUID.init(uuidString:)) }
        for router in try await reader.list("/routers", .router) {
            guard let routerID = id(router["id"]) else { continue }
            topology.objects["Router/\(routerID.lowerText)"] = router
            for port in try await reader.list("/routers/\(routerID.lowerText)/ports", .port) {
                if let portID = id(port["id"]) { topology.objects["Port/\(portID.lowerText)"] = port }
            }
            // MidoNet makes a Local route for each router port itself: not ours, not extra.
            for route in try await reader.list("/routers/\(routerID.lowerText)/routes", .route) where route["type"]?.stringValue != "Local" {
                if let routeID = id(route["id"]) { topology.objects["Route/\(routeID.lowerText)"] = route }
            }
        }
        for bridge in try await reader.list("/bridges", .bridge) {
            guard let bridgeID = id(bridge["id"]) else { continue }
            topology.objects["Bridge/\(bridgeID.lowerText)"] = bridge
            for port in try await reader.list("/bridges/\(bridgeID.lowerText)/ports", .port) {
                guard let portID = id(port["id"]) else { continue }
                topology.objects["Port/\(portID.lowerText)"] = port
                if port["peerId"]?.stringValue != nil { topology.objects["PortLink/\(portID.lowerText)"] = port }
                if let host = id(port["hostId"]) { topology.objects["HostInterfacePort/\(portID.lowerText)/\(host.lowerText)"] = port }
            }
            for entry in try await reader.list("/bridges/\(bridgeID.lowerText)/mac_table", .macPort) {
                let key = MacPort(bridgeId: bridgeID, macAddr: entry["macAddr"]?.stringValue ?? "", portId: id(entry["portId"]) ?? UUID()).object.key
                topology.objects[key] = entry
            }
            for entry in try await reader.list("/bridges/\(bridgeID.lowerText)/arp_table", .ip4Mac) {
                guard let ip = entry["ip"]?.stringValue.flatMap({ IPv4Address($0) }) else { continue }
                topology.objects[IP4Mac(bridgeId: bridgeID, ip: ip, mac: entry["mac"]?.stringValue ?? "").object.key] = entry
            }
        }
        for chain in try await reader.list("/chains", .chain) {
            guard let chainID = id(chain["id"]) else { continue }
            topology.objects["Chain/\(chainID.lowerText)"] = chain
            var order: [UUID] = []
            for rule in try await reader.rules(of: chainID) {
                guard let ruleID = id(rule["id"]) else { continue }
                topology.objects["Rule/\(ruleID.lowerText)"] = rule
                order.append(ruleID)
            }
            topology.chainRules[chainID] = order
        }
        for zone in try await reader.list("/tunnel_zones", .tunnelZone) {
            guard let zoneID = id(zone["id"]) else { continue }
            topology.objects["TunnelZone/\(zoneID.lowerText)"] = zone
            for member in try await reader.list("/tunnel_zones/\(zoneID.lowerText)/hosts", .tunnelZoneHost) {
                if let host = id(member["hostId"]) { topology.objects["TunnelZoneHost/\(zoneID.lowerText)/\(host.lowerText)"] = member }
            }
        }
        return topology
    }
}

/// MidoNet compared with the store's translations: every desired object present with the
/// desired content, nothing else, and the rules of each translation in their chain order.
enum ConvergenceCheck {
    /// What is wrong, one line each; empty when MidoNet is exactly what the translations say.
    static func problems(translations: [Translation], observed: ObservedTopology, hosts: [String: UUID]) -> [String] {
        var problems: [String] = []
        var wanted = Set<String>()
        // KUBE-SERVICES holds the jump rules of every Service. Each Service's rules there match
        // disjoint (address, protocol, port) triples, so their order means nothing; and Services
        // apply concurrently, so a position can only be relative to a chain others change at the
        // same time. Order is checked in every chain whose rules come from one translation.
        var contributors: [UUID: Set<TranslationKey>] = [:]
        for translation in translations {
            for object in translation.objects where object.kind == .rule {
                if let chain = object.parentId { contributors[chain, default: []].insert(translation.key) }
            }
        }
        let shared = Set(contributors.filter { $0.value.count > 1 }.keys)
        for translation in translations {
            for unresolved in translation.objects {
                var object = unresolved
                if case .named(let name)? = unresolved.host {
                    guard let hostID = hosts[name] else {
                        problems.append("\(unresolved.key) of \(translation.key): MidoNet has no host named \(name)")
                        continue
                    }
                    object = unresolved.resolvingHost(hostID)
                }
                wanted.insert(object.key)
                guard let actual = observed.objects[object.key] else {
                    problems.append("missing \(object.key) of \(translation.key)")
                    continue
                }
                if !hasDesiredContent(object, actual) {
                    problems.append("\(object.key) differs: want \(object.body.serialized), MidoNet has \(actual.serialized)")
                }
            }
            // The translation's rules of each chain, in its order.
            var desiredOrder: [UUID: [UUID]] = [:]
            for object in translation.objects where object.kind == .rule {
                if let chain = object.parentId { desiredOrder[chain, default: []].append(object.id) }
            }
            for (chain, rules) in desiredOrder where !shared.contains(chain) {
                let mine = Set(rules)
                let actual = (observed.chainRules[chain] ?? []).filter(mine.contains)
                if actual.count == rules.count, actual != rules {
                    problems.append("chain \(chain.lowerText) of \(translation.key) has rules in order \(actual.map(\.lowerText)), want \(rules.map(\.lowerText))")
                }
            }
        }
        for key in observed.objects.keys.sorted() where !wanted.contains(key) {
            problems.append("extra \(key): \(observed.objects[key]?.serialized ?? "")")
        }
        return problems
    }

    static func hasDesiredContent(_ desired: MidoNetObject, _ actual: JSONValue) -> Bool {
        switch desired.kind {
        case .portLink:
            return actual["peerId"]?.stringValue?.lowercased() == desired.body["peerId"]?.stringValue?.lowercased()
        case .hostInterfacePort:
            return actual["interfaceName"] == desired.body["interfaceName"]
                && actual["hostId"]?.stringValue?.lowercased() == desired.body["hostId"]?.stringValue?.lowercased()
        default:
            guard case .object(var fields) = desired.body.value else { return false }
            // Not stored: MidoNet derives it from the chain order, which is checked separately.
            fields["position"] = nil
            return JSONValue.object(fields).isSubset(of: actual)
        }
    }

    /// Reads MidoNet and the store; nil when they agree and the queue is empty, else a summary.
    static func check(store: Store, reader: MidoNetReader) async throws -> String? {
        let translations = try store.translations()
        let observed = try await ObservedTopology.read(reader)
        let problems = problems(translations: translations, observed: observed, hosts: try await reader.hostIDs())
        if problems.isEmpty {
            let depth = try store.queueDepth()
            return depth == 0 ? nil : "MidoNet matches but \(depth) ops are still queued"
        }
        return "\(problems.count) problems, e.g.:\n" + problems.prefix(8).joined(separator: "\n")
    }
}
