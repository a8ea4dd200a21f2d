/// Everything the Validator needs to know about MidoNet, indexed so that one admission request
/// costs a few hash lookups and one walk of a prefix trie, whatever the size of the cluster.
///
/// Two sources feed it, each keyed the same way so nothing counts twice:
/// - the MidoNet snapshot (routes of the cluster router, `KUBE-SERVICES` claims, hosts), replaced
///   as a whole by `replaceSnapshot(_:)` whenever the Applier refreshes it;
/// - the translations already queued in the Store, applied one by one with `upsertRoute(_:)`,
///   `removeRoute(id:)`, `setNode(name:podCIDR:)`, `removeNode(name:)`, `setService(key:claims:)`
///   and `removeService(key:)`.
///
/// Per key, the queued value wins over the snapshot's, since it is what MidoNet will hold once the
/// outbox drains; a queued removal hides the snapshot's entry until a snapshot without it arrives.
///
/// A value type: the webhook keeps one immutable copy per request and swaps in a new one after
/// each batch of updates. Copies share storage until mutated, so batch updates on one copy and
/// publish it, rather than publishing after every single change (each first write copies the indexes).
public struct ClusterState: Sendable {
    /// The indexes, in one object: a copy of the state (one per request) is one retain, not one
    /// per map. Copied on the first write to a shared one, so the state keeps value semantics.
    private final class Storage: @unchecked Sendable {
        // Reason: written only through `ClusterState.unique`, i.e. while no other state shares it.
        var routeLayers = LayeredMap<String, Route>()
        var routeTrie = PrefixTrie<[String]>()
        var nodeLayers = LayeredMap<String, IPv4Prefix>()
        var gatewayIndex: [IPv4Address: [NodeGateway]] = [:]
        var serviceLayers = LayeredMap<String, ServiceClaims>()
        var claimIndex: [PortClaim: [String]] = [:]
        var hosts: [String: String] = [:]

        init() {}

        init(copying other: Storage) {
            routeLayers = other.routeLayers
            routeTrie = other.routeTrie
            nodeLayers = other.nodeLayers
            gatewayIndex = other.gatewayIndex
            serviceLayers = other.serviceLayers
            claimIndex = other.claimIndex
            hosts = other.hosts
        }
    }

    private var storage = Storage()

    /// The storage, copied first if another state shares it.
    private var unique: Storage {
        mutating get {
            if !isKnownUniquelyReferenced(&storage) { storage = Storage(copying: storage) }
            return storage
        }
    }

    var routeLayers: LayeredMap<String, Route> {
        get { storage.routeLayers }
        _modify { let storage = unique; yield &storage.routeLayers }
    }

    /// Route IDs by destination network, sorted; several routes may share a destination.
    var routeTrie: PrefixTrie<[String]> {
        get { storage.routeTrie }
        _modify { let storage = unique; yield &storage.routeTrie }
    }

    var nodeLayers: LayeredMap<String, IPv4Prefix> {
        get { storage.nodeLayers }
        _modify { let storage = unique; yield &storage.nodeLayers }
    }

    /// The first and second address of every node PodCIDR.
    var gatewayIndex: [IPv4Address: [NodeGateway]] {
        get { storage.gatewayIndex }
        _modify { let storage = unique; yield &storage.gatewayIndex }
    }

    var serviceLayers: LayeredMap<String, ServiceClaims> {
        get { storage.serviceLayers }
        _modify { let storage = unique; yield &storage.serviceLayers }
    }

    /// Owning Service keys of every claim, sorted.
    var claimIndex: [PortClaim: [String]] {
        get { storage.claimIndex }
        _modify { let storage = unique; yield &storage.claimIndex }
    }

    /// MidoNet hosts from the snapshot: name → ID. Kept for the Store and Applier; no verdict uses them.
    public internal(set) var hosts: [String: String] {
        get { storage.hosts }
        _modify { let storage = unique; yield &storage.hosts }
    }

    /// An empty state: no routes, nodes, Services or hosts.
    public init() {}

    // MARK: Lookups used per request

    /// Every route whose destination contains `address`, longest prefix first, without the
    /// default route (a /0 contains everything and conflicts with nothing).
    public func routes(containing address: IPv4Address) -> [Route] {
        var result: [Route] = []
        for match in routeTrie.matches(containing: address, minimumLength: 1) {
            for id in match.value {
                if let route = routeLayers.effective(id) { result.append(route) }
            }
        }
        return result
    }

    /// The Service keys that claim `claim`, sorted; empty when none does.
    public func owners(of claim: PortClaim) -> [String] {
        claimIndex[claim] ?? []
    }

    /// The node gateways (first or second PodCIDR address) at `address`; usually none, at most one
    /// unless two nodes were given overlapping PodCIDRs.
    public func gateways(at address: IPv4Address) -> [NodeGateway] {
        gatewayIndex[address] ?? []
    }

    /// The effective claims of the Service `namespace/name`, nil if MidoNet has and will have none.
    public func claims(ofService key: String) -> ServiceClaims? {
        serviceLayers.effective(key)
    }

    /// The effective route with this ID.
    public func route(id: String) -> Route? {
        routeLayers.effective(id)
    }

    /// The effective PodCIDR of a node.
    public func podCIDR(ofNode name: String) -> IPv4Prefix? {
        nodeLayers.effective(name)
    }

    // MARK: Sizes

    /// Routes in effect.
    public var routeCount: Int { routeLayers.count }
    /// Nodes with a PodCIDR in effect.
    public var nodeCount: Int { nodeLayers.count }
    /// Services with claims in effect.
    public var serviceCount: Int { serviceLayers.count }
    /// Distinct (address, protocol, port) claimed.
    public var claimCount: Int { claimIndex.count }
}
