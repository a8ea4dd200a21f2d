import Foundation
import Model
import Store

/// Reads what `/validate` checks against from MidoNet — the cluster router's routes (including
/// those an operator added by hand), the `KUBE-SERVICES` rules and the hosts — into the Store.
struct SnapshotRefresher: Sendable {
    let transport: any MidoNetTransport
    let ids: GlobalIDs
    let store: Store

    func refresh() async throws {
        // Before bootstrap the router and chain do not exist (404): nothing to conflict with yet.
        var routes: [SnapshotRoute] = []
        try await transport.forEachListed("/routers/\(ids.clusterRouter.lowerText)/routes", .route) { json in
            if let route = Self.route(json) { routes.append(route) }
        }
        var rules: [SnapshotRule] = []
        try await transport.forEachListed("/chains/\(ids.servicesChain.lowerText)/rules", .rule) { json in
            if let rule = Self.rule(json) { rules.append(rule) }
        }
        var hosts: [MidoNetHost] = []
        try await transport.forEachListed("/hosts", .host) { json in
            if let host = try? JSONDecoder().decode(MidoNetHost.self, from: Data(json.bytes)) { hosts.append(host) }
        }
        try store.replaceSnapshot(MidoNetSnapshot(routes: routes, serviceRules: rules, hosts: hosts, takenAt: Date()))
    }

    static func route(_ json: JSONValue) -> SnapshotRoute? {
        guard let id = json["id"]?.stringValue.flatMap(UUID.init(text:)), let destination = json["dstNetworkAddr"]?.stringValue,
            let length = json["dstNetworkLength"]?.intValue
        else { return nil }
        return SnapshotRoute(
            id: id, dstNetworkAddr: destination, dstNetworkLength: length,
            nextHopPort: json["nextHopPort"]?.stringValue.flatMap(UUID.init(text:)), nextHopGateway: json["nextHopGateway"]?.stringValue,
            type: json["type"]?.stringValue ?? "Normal")
    }

    static func rule(_ json: JSONValue) -> SnapshotRule? {
        guard let id = json["id"]?.stringValue.flatMap(UUID.init(text:)),
            let chain = json["chainId"]?.stringValue.flatMap(UUID.init(text:))
        else { return nil }
        var destination: IPv4Prefix?
        if let address = json["nwDstAddress"]?.stringValue.flatMap({ IPv4Address($0) }), let length = json["nwDstLength"]?.intValue, (0...32).contains(length) {
            destination = IPv4Prefix(address: address, length: length)
        }
        var ports: ClosedRange<Int>?
        if let start = json["tpDst"]?["start"]?.intValue, let end = json["tpDst"]?["end"]?.intValue, start <= end {
            ports = start...end
        }
        return SnapshotRule(id: id, chainId: chain, nwDst: destination, nwProto: json["nwProto"]?.intValue, tpDst: ports, jumpChainName: json["jumpChainName"]?.stringValue)
    }
}
