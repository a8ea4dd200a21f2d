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
        let routes = try await list("/routers/\(ids.clusterRouter.lowerText)/routes", .route).compactMap(Self.route)
        let rules = try await list("/chains/\(ids.servicesChain.lowerText)/rules", .rule).compactMap(Self.rule)
        let hosts = try await list("/hosts", .host).compactMap { value -> MidoNetHost? in
            try? JSONDecoder().decode(MidoNetHost.self, from: Data(value.bytes))
        }
        try store.replaceSnapshot(MidoNetSnapshot(routes: routes, serviceRules: rules, hosts: hosts, takenAt: Date()))
    }

    func list(_ path: String, _ kind: MidoNetKind) async throws -> [JSONValue] {
        let response = try await transport.send(MidoNetRequest(method: "GET", path: path, accept: kind.collectionMediaType))
        // Before bootstrap the router and chain do not exist: nothing to conflict with yet.
        if response.status == 404 { return [] }
        guard response.status == 200 else { throw MidoNetError(status: response.status, message: response.message ?? "GET \(path) failed") }
        return (try? JSONDecoder().decode([JSONValue].self, from: Data(response.body))) ?? []
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
