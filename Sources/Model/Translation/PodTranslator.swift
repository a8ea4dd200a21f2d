public import Foundation

extension Translator {
    /// The bridge port of a pod.
    public static func podPortID(_ podKey: String) -> UUID { DeterministicID.idForKey("Pod", podKey) }

    /// A port on its node's bridge bound to the pod's interface, plus MAC/ARP entries when the
    /// pod carries `midonet.org/mac-address`. Host-network, unscheduled and finished pods get nothing.
    func podObjects(_ pod: Pod, lookup: some ClusterLookup) -> [MidoNetObject] {
        guard pod.spec?.hostNetwork != true, !pod.isFinished, let nodeName = pod.spec?.nodeName, !nodeName.isEmpty else {
            return []
        }
        let key = pod.metadata.key
        let bridge = NodeIDs(node: nodeName).bridge
        let port = Self.podPortID(key)
        let host = host(ofNode: nodeName, node: lookup.node(nodeName))
        var objects = [
            BridgePort(id: port, bridgeId: bridge).object,
            HostInterfacePort(host: host, portId: port, interfaceName: DeterministicID.podInterfaceName(key)).object,
        ]
        if let mac = pod.metadata.annotation(Annotation.macAddress), isValidMAC(mac) {
            objects.append(MacPort(bridgeId: bridge, macAddr: mac, portId: port).object)
            if let ip = pod.status?.podIP.flatMap({ IPv4Address($0) }) {
                objects.append(IP4Mac(bridgeId: bridge, ip: ip, mac: mac).object)
            }
        }
        return objects
    }
}
