import Model

/// A tree of labelled lines, drawn with box-drawing connectors.
struct TreeNode: Equatable, Sendable {
    var label: String
    var children: [TreeNode] = []

    /// The tree as text: the root's label, then children indented under `├─`/`└─`.
    var rendered: String {
        var lines = [label]
        Self.render(children, prefix: "", into: &lines)
        return lines.joined(separator: "\n")
    }

    private static func render(_ nodes: [TreeNode], prefix: String, into lines: inout [String]) {
        for (index, node) in nodes.enumerated() {
            let last = index == nodes.count - 1
            lines.append(prefix + (last ? "└─ " : "├─ ") + node.label)
            render(node.children, prefix: prefix + (last ? "   " : "│  "), into: &lines)
        }
    }
}

/// The topology as MidoNet lists it, and its rendering as a readable tree (pure: tests feed it
/// JSON straight from the core). Fetch with `TopologyFetcher`.
struct Topology: Sendable {
    var routers: [JSONValue] = []
    /// Router id → its ports and routes.
    var routerPorts: [String: [JSONValue]] = [:]
    var routerRoutes: [String: [JSONValue]] = [:]
    var bridges: [JSONValue] = []
    var bridgePorts: [String: [JSONValue]] = [:]
    var chains: [JSONValue] = []
    var chainRules: [String: [JSONValue]] = [:]
    var tunnelZones: [JSONValue] = []
    var tunnelZoneHosts: [String: [JSONValue]] = [:]
    var hosts: [JSONValue] = []

    private func text(_ value: JSONValue?, _ key: String) -> String? { value?[key]?.stringValue }

    private var chainNames: [String: String] {
        var names: [String: String] = [:]
        for chain in chains { if let id = text(chain, "id") { names[id] = text(chain, "name") ?? id } }
        return names
    }

    private var hostNames: [String: String] {
        var names: [String: String] = [:]
        for host in hosts { if let id = text(host, "id") { names[id] = text(host, "name") ?? id } }
        return names
    }

    private func name(_ object: JSONValue) -> String {
        let id = text(object, "id") ?? "?"
        if let name = text(object, "name"), !name.isEmpty { return "\(name) (\(id))" }
        return id
    }

    private func filters(_ object: JSONValue) -> String {
        let names = chainNames
        var parts: [String] = []
        if let id = text(object, "inboundFilterId") { parts.append("in=\(names[id] ?? id)") }
        if let id = text(object, "outboundFilterId") { parts.append("out=\(names[id] ?? id)") }
        return parts.isEmpty ? "" : " [" + parts.joined(separator: " ") + "]"
    }

    private func portLabel(_ port: JSONValue) -> String {
        var label = "port \(text(port, "id") ?? "?")"
        if let subnets = port["portSubnet"]?.arrayValue, !subnets.isEmpty {
            label += " " + subnets.compactMap(\.stringValue).joined(separator: ",")
        }
        if let mac = text(port, "portMac") { label += " mac \(mac)" }
        if let vlan = port["vlanId"]?.intValue, vlan != 0 { label += " vlan \(vlan)" }
        if let peer = text(port, "peerId") { label += " ↔ \(peer)" }
        return label + filters(port)
    }

    private func bindingNode(_ port: JSONValue) -> TreeNode? {
        guard let host = text(port, "hostId") else { return nil }
        let interface = text(port, "interfaceName") ?? "-"
        return TreeNode(label: "bound to host \(hostNames[host] ?? host) interface \(interface)")
    }

    static func routeLabel(_ route: JSONValue) -> String {
        let src = "\(route["srcNetworkAddr"]?.stringValue ?? "?")/\(route["srcNetworkLength"]?.intValue ?? 0)"
        let dst = "\(route["dstNetworkAddr"]?.stringValue ?? "?")/\(route["dstNetworkLength"]?.intValue ?? 0)"
        var label = "route \(route["type"]?.stringValue ?? "?") \(src) → \(dst)"
        if let gateway = route["nextHopGateway"]?.stringValue { label += " via \(gateway)" }
        if let weight = route["weight"]?.intValue, weight != 0 { label += " weight \(weight)" }
        return label + " (\(route["id"]?.stringValue ?? "?"))"
    }

    /// One rule: position, type, action, match and NAT targets.
    func ruleLabel(_ rule: JSONValue) -> String {
        var parts = ["\(rule["position"]?.intValue ?? 0).", rule["type"]?.stringValue ?? "?"]
        if let target = text(rule, "jumpChainId") { parts.append("→ \(chainNames[target] ?? target)") }
        if let action = text(rule, "flowAction") { parts.append(action) }
        var match: [String] = []
        if case .object(let fields)? = Optional(rule) {
            if rule["condInvert"] == .bool(true) { match.append("NOT") }
            if let dlType = fields["dlType"]?.intValue { match.append("dlType=0x\(String(dlType, radix: 16))") }
            if let proto = fields["nwProto"]?.intValue { match.append("nwProto=\(proto)") }
            for (side, key) in [("src", "nwSrc"), ("dst", "nwDst")] {
                if let address = fields[key + "Address"]?.stringValue {
                    let inverted = fields["inv" + key.prefix(1).uppercased() + key.dropFirst()] == .bool(true) ? "!" : ""
                    match.append("nw\(side)=\(inverted)\(address)/\(fields[key + "Length"]?.intValue ?? 0)")
                }
            }
            for key in ["tpSrc", "tpDst"] {
                if let start = fields[key]?["start"]?.intValue, let end = fields[key]?["end"]?.intValue {
                    match.append("\(key)=\(start == end ? "\(start)" : "\(start)-\(end)")")
                }
            }
            for key in ["dlSrc", "dlDst"] { if let mac = fields[key]?.stringValue { match.append("\(key)=\(mac)") } }
            for key in ["inPorts", "outPorts"] {
                if let ports = fields[key]?.arrayValue, !ports.isEmpty {
                    match.append("\(key)=" + ports.compactMap(\.stringValue).joined(separator: ","))
                }
            }
            if let policy = fields["fragmentPolicy"]?.stringValue, policy != "any" { match.append("frag=\(policy)") }
        }
        if !match.isEmpty { parts.append("match " + match.joined(separator: " ")) }
        if let targets = rule["natTargets"]?.arrayValue, !targets.isEmpty {
            let text = targets.map { target -> String in
                let from = target["addressFrom"]?.stringValue ?? "?", to = target["addressTo"]?.stringValue ?? "?"
                let ports: String
                switch (target["portFrom"]?.intValue ?? 0, target["portTo"]?.intValue ?? 0) {
                case (0, 0): ports = ""
                case (let a, let b) where a == b: ports = ":\(a)"
                case (let a, let b): ports = ":\(a)-\(b)"
                }
                return (from == to ? from : "\(from)-\(to)") + ports
            }
            parts.append("to " + text.joined(separator: ", "))
        }
        return parts.joined(separator: " ") + " (\(rule["id"]?.stringValue ?? "?"))"
    }

    var tree: TreeNode {
        var root = TreeNode(label: "MidoNet topology")
        root.children.append(TreeNode(label: "routers (\(routers.count))", children: routers.map { router in
            let id = text(router, "id") ?? ""
            let routes = routerRoutes[id] ?? []
            var children = (routerPorts[id] ?? []).map { port in
                let portId = text(port, "id")
                return TreeNode(label: portLabel(port), children: routes.filter { text($0, "nextHopPort") == portId }.map {
                    TreeNode(label: Self.routeLabel($0))
                } + [bindingNode(port)].compactMap { $0 })
            }
            let portIds = Set((routerPorts[id] ?? []).compactMap { text($0, "id") })
            children += routes.filter { text($0, "nextHopPort").map { !portIds.contains($0) } ?? true }.map {
                TreeNode(label: Self.routeLabel($0))
            }
            return TreeNode(label: "router " + name(router) + filters(router), children: children)
        }))
        root.children.append(TreeNode(label: "bridges (\(bridges.count))", children: bridges.map { bridge in
            let id = text(bridge, "id") ?? ""
            return TreeNode(label: "bridge " + name(bridge) + filters(bridge), children: (bridgePorts[id] ?? []).map { port in
                TreeNode(label: portLabel(port), children: [bindingNode(port)].compactMap { $0 })
            })
        }))
        root.children.append(TreeNode(label: "chains (\(chains.count))", children: chains.map { chain in
            TreeNode(label: "chain " + name(chain), children: (chainRules[text(chain, "id") ?? ""] ?? []).map {
                TreeNode(label: ruleLabel($0))
            })
        }))
        let names = hostNames
        root.children.append(TreeNode(label: "tunnel zones (\(tunnelZones.count))", children: tunnelZones.map { zone in
            let label = "tunnel zone " + name(zone) + " " + (text(zone, "type") ?? "")
            return TreeNode(label: label, children: (tunnelZoneHosts[text(zone, "id") ?? ""] ?? []).map { member in
                let host = text(member, "hostId") ?? "?"
                return TreeNode(label: "host \(names[host] ?? host) \(text(member, "ipAddress") ?? "")")
            })
        }))
        root.children.append(TreeNode(label: "hosts (\(hosts.count))", children: hosts.map { host in
            TreeNode(label: "host " + name(host) + (host["alive"] == .bool(true) ? " alive" : ""))
        }))
        return root
    }
}

/// Reads the topology through any GET function (HTTP client, or the core in tests).
enum TopologyFetcher {
    static let vendor = "application/vnd.org.midonet.collection."

    /// `get(path, accept)` returns the parsed JSON of `/midonet-api<path>`.
    static func fetch(_ get: (String, String) async throws -> JSONValue) async throws -> Topology {
        var topology = Topology()
        func list(_ path: String, _ type: String) async throws -> [JSONValue] {
            try await get(path, vendor + type).arrayValue ?? []
        }
        topology.hosts = try await list("/hosts", "Host-v3+json")
        topology.chains = try await list("/chains", "Chain-v1+json")
        for chain in topology.chains {
            guard let id = chain["id"]?.stringValue else { continue }
            topology.chainRules[id] = try await list("/chains/\(id)/rules", "Rule-v2+json")
        }
        topology.routers = try await list("/routers", "Router-v3+json")
        for router in topology.routers {
            guard let id = router["id"]?.stringValue else { continue }
            topology.routerPorts[id] = try await list("/routers/\(id)/ports", "Port-v3+json")
            topology.routerRoutes[id] = try await list("/routers/\(id)/routes", "Route-v1+json")
        }
        topology.bridges = try await list("/bridges", "Bridge-v4+json")
        for bridge in topology.bridges {
            guard let id = bridge["id"]?.stringValue else { continue }
            topology.bridgePorts[id] = try await list("/bridges/\(id)/ports", "Port-v3+json")
        }
        topology.tunnelZones = try await list("/tunnel_zones", "TunnelZone-v1+json")
        for zone in topology.tunnelZones {
            guard let id = zone["id"]?.stringValue else { continue }
            topology.tunnelZoneHosts[id] = try await list("/tunnel_zones/\(id)/hosts", "TunnelZoneHost-v1+json")
        }
        return topology
    }
}
