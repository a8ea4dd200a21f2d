import Model

/// `GET /midonet-api/` (midonet-rest-api.md §1): the base URI, the version, and a collection link
/// and/or an id template for every top-level resource.
enum RootResource {
    /// (key stem, path segment, has a collection key). Served here: routers, bridges, ports,
    /// routes, chains, rules, tunnel zones, hosts; the others are advertised as MidoNet does.
    static let entries: [(stem: String, segment: String, collection: Bool)] = [
        ("bgpNetwork", "bgp_networks", false), ("bgpPeer", "bgp_peers", false),
        ("bridge", "bridges", true), ("chain", "chains", true), ("healthMonitor", "health_monitors", true),
        ("host", "hosts", true), ("ipAddrGroup", "ip_addr_groups", true), ("l2insertion", "l2insertions", true),
        ("loadBalancer", "load_balancers", true), ("mirror", "mirrors", true), ("poolMember", "pool_members", true),
        ("pool", "pools", true), ("portGroup", "port_groups", true), ("port", "ports", true),
        ("qosBwLimitRule", "qos_bw_limit_rules", false), ("qosDscpRule", "qos_dscp_rules", false),
        ("qosPolicy", "qos_policies", true), ("route", "routes", false), ("router", "routers", true),
        ("rule", "rules", false), ("serviceContainerGroup", "service_container_groups", true),
        ("serviceContainer", "service_containers", true), ("tenant", "tenants", true),
        ("traceRequest", "traces", true), ("tunnelZone", "tunnel_zones", true), ("vip", "vips", true),
        ("vtep", "vteps", true),
    ]

    /// Collection keys whose plural is not `stem + "s"`.
    static let plurals = ["qosPolicy": "qosPolicies"]

    static func document(base: String) -> JSONValue {
        var fields: [String: JSONValue] = ["uri": .string(base + "/"), "version": "v5.0"]
        for entry in entries {
            fields[entry.stem + "Template"] = .string("\(base)/\(entry.segment)/{id}")
            if entry.collection { fields[plurals[entry.stem] ?? entry.stem + "s"] = .string("\(base)/\(entry.segment)") }
        }
        fields["systemState"] = .string(base + "/system_state")
        fields["neutron"] = .string(base + "/neutron")
        return .object(fields)
    }
}
