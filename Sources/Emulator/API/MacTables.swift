import Foundation
import Model

/// `/bridges/{id}/mac_table` and `/bridges/{id}/vlans/{vlan}/mac_table` (midonet-rest-api.md §5.12).
extension MidoNetAPI {
    /// Where a MAC-table request points: the bridge, and the VLAN of the path (nil on the plain path).
    struct MacTablePath {
        var bridgeId: UUID
        var vlan: Int?

        func uri(_ links: Links) -> String {
            links.bridge(bridgeId) + (vlan.map { "/vlans/\($0)" } ?? "") + "/mac_table"
        }
    }

    /// `{mac-with-dashes}_{portId}` → (mac with colons, port).
    static func macEntryKey(_ text: String) throws(APIError) -> (mac: String, portId: UUID) {
        let parts = text.split(separator: "_", maxSplits: 1, omittingEmptySubsequences: false)
        guard parts.count == 2 else { throw APIError.notFound }
        let mac = parts[0].replacingOccurrences(of: "-", with: ":").lowercased()
        guard isValidMAC(mac), parts[0].count == 17 else { throw APIError.badRequest(Messages.macUriFormat) }
        return (mac, try APIRequest.pathID(String(parts[1])))
    }

    static func macEntryName(_ entry: MacEntry) -> String {
        "\(entry.macAddr.replacingOccurrences(of: ":", with: "-"))_\(entry.portId.text)"
    }

    /// A VLAN other than 0 has a table only while some port of the bridge is on it.
    func checkVlanTable(_ path: MacTablePath, _ bridge: BridgeRecord) throws(APIError) {
        guard let vlan = path.vlan, vlan != 0 else { return }
        if !bridge.portIds.contains(where: { state.ports[$0]?.vlanId == vlan }) {
            throw APIError.status(404, Messages.bridgeHasNoVlan(vlan))
        }
    }

    mutating func addMacEntry(_ path: MacTablePath, _ request: APIRequest) throws(APIError) -> EmulatorResponse {
        try request.requireContentType(AllowedTypes.macPort, style: .jersey)
        let body = try BodyReader(request.body, model: "MacPort")
        let macAddr = try body.string("macAddr")
        let portId = try body.uuid("portId")
        let bodyVlan = try body.int("vlanId")
        var validator = Validator()
        validator.notNull("macAddr", macAddr)
        validator.notNull("portId", portId)
        if let macAddr, !isValidMAC(macAddr) { validator.fail("macAddr", Messages.macInvalid) }
        try validator.check()
        guard let macAddr, let portId else { throw APIError.violations(validator.violations) }
        let vlan = path.vlan ?? bodyVlan ?? 0
        guard let bridge = state.bridges[path.bridgeId] else { throw APIError.noSuch("Network", path.bridgeId.text) }
        guard let port = state.ports[portId] else { throw APIError.noSuch("Port", portId.text) }
        guard port.kind == .bridge, port.deviceId == path.bridgeId else { throw APIError.badRequest(Messages.macPortOnBridge) }
        if port.vlanId != 0 && port.vlanId != vlan { throw APIError.badRequest(Messages.vlanMismatch(port.vlanId)) }
        let entry = MacEntry(vlanId: vlan, macAddr: macAddr.lowercased(), portId: portId)
        if bridge.macTable.contains(entry) {
            // MNA-1315: the state table refuses the existing key with an unmapped exception.
            throw state.quirks.duplicateTableEntryIs500
                ? APIError.status(500, "org.apache.zookeeper.KeeperException$NodeExistsException: KeeperErrorCode = NodeExists")
                : APIError.status(409, "The MAC-port mapping already exists.")
        }
        state.bridges[path.bridgeId]?.macTable.append(entry)
        return Reply.created(path.uri(Links(base: request.base)) + "/" + Self.macEntryName(entry))
    }

    func listMacEntries(_ path: MacTablePath, _ request: APIRequest) throws(APIError) -> EmulatorResponse {
        let mediaType = try request.accept(AllowedTypes.macPorts, style: .jersey)
        guard let bridge = state.bridges[path.bridgeId] else { throw APIError.noSuch("Network", path.bridgeId.text) }
        try checkVlanTable(path, bridge)
        let links = Links(base: request.base)
        let entries = bridge.macTable.filter { path.vlan == nil || $0.vlanId == path.vlan }
        return Reply.list(entries.map { macEntryJSON($0, path.bridgeId, links) }, mediaType)
    }

    func getMacEntry(_ path: MacTablePath, _ key: String, _ request: APIRequest) throws(APIError) -> EmulatorResponse {
        let mediaType = try request.accept(AllowedTypes.macPort, style: .jersey)
        let (mac, portId) = try Self.macEntryKey(key)
        guard let bridge = state.bridges[path.bridgeId] else { throw APIError.noSuch("Network", path.bridgeId.text) }
        try checkVlanTable(path, bridge)
        let wanted = MacEntry(vlanId: path.vlan ?? 0, macAddr: mac, portId: portId)
        guard let entry = bridge.macTable.first(where: { $0 == wanted }) else { throw APIError.status(404, Messages.macPortNotFound) }
        return Reply.ok(macEntryJSON(entry, path.bridgeId, Links(base: request.base)), mediaType)
    }

    /// 204 whether or not the entry exists.
    mutating func deleteMacEntry(_ path: MacTablePath, _ key: String) throws(APIError) -> EmulatorResponse {
        let (mac, portId) = try Self.macEntryKey(key)
        guard state.bridges[path.bridgeId] != nil else { throw APIError.noSuch("Network", path.bridgeId.text) }
        let doomed = MacEntry(vlanId: path.vlan ?? 0, macAddr: mac, portId: portId)
        state.bridges[path.bridgeId]?.macTable.removeAll { $0 == doomed }
        return Reply.noContent
    }

    func macEntryJSON(_ entry: MacEntry, _ bridgeId: UUID, _ links: Links) -> JSONValue {
        let table = MacTablePath(bridgeId: bridgeId, vlan: entry.vlanId == 0 ? nil : entry.vlanId).uri(links)
        return [
            "macAddr": .string(entry.macAddr), "portId": entry.portId.json, "vlanId": .int(entry.vlanId),
            "bridgeId": bridgeId.json, "uri": .string(table + "/" + Self.macEntryName(entry)),
        ]
    }
}
