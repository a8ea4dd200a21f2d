extension Translator {
    /// The resources without a Kubernetes counterpart: tunnel zone, cluster router, `KUBE-MAIN`
    /// = [jump to `KUBE-PRE`, jump to `KUBE-SERVICES`], `KUBE-PRE` = [rev_snat, rev_dnat].
    func globalObjects() -> [MidoNetObject] {
        [
            TunnelZone(id: ids.defaultTunnelZone, name: "DefaultTunnelZone", type: "vxlan").object,
            Router(id: ids.clusterRouter, name: "ClusterRouter", tenantId: tenant).object,
            Chain(id: ids.mainChain, name: ChainName.main, tenantId: tenant).object,
            Chain(id: ids.preChain, name: ChainName.pre, tenantId: tenant).object,
            Chain(id: ids.servicesChain, name: ChainName.services, tenantId: tenant).object,
            Rule(type: "jump", id: ids.jumpToPre, chainId: ids.mainChain, position: 1, jumpChainId: ids.preChain, jumpChainName: ChainName.pre).object,
            Rule(type: "jump", id: ids.jumpToServices, chainId: ids.mainChain, position: 2, jumpChainId: ids.servicesChain, jumpChainName: ChainName.services).object,
            // rev_snat continues so that rev_dnat sees the same packet; rev_dnat accepts.
            Rule(type: "rev_snat", id: ids.reverseSNAT, chainId: ids.preChain, position: 1, flowAction: "continue").object,
            Rule(type: "rev_dnat", id: ids.reverseDNAT, chainId: ids.preChain, position: 2, flowAction: "accept").object,
        ]
    }
}
