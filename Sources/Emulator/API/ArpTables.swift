import Foundation
import Model

/// `/bridges/{id}/arp_table` (midonet-rest-api.md §5.13). The POST consumes only `IP4Mac-v1`.
extension MidoNetAPI {
    /// `{ip}_{mac-with-dashes}` → entry.
    static func arpEntryKey(_ text: String) throws(APIError) -> ArpEntry {
        let parts = text.split(separator: "_", maxSplits: 1, omittingEmptySubsequences: false)
        guard parts.count == 2, IPv4Address(parts[0]) != nil else { throw APIError.notFound }
        let mac = parts[1].replacingOccurrences(of: "-", with: ":").lowercased()
        guard isValidMAC(mac), parts[1].count == 17 else { throw APIError.badRequest(Messages.macUriFormat) }
        return ArpEntry(ip: String(parts[0]), mac: mac)
    }

    static func arpEntryName(_ entry: ArpEntry) -> String {
        "\(entry.ip)_\(entry.mac.replacingOccurrences(of: ":", with: "-"))"
    }

    mutating func addArpEntry(_ bridgeId: UUID, _ request: APIRequest) throws(APIError) -> EmulatorResponse {
        try request.requireContentType(AllowedTypes.ip4MacCreate, style: .jersey)
        let body = try BodyReader(request.body, model: "Ip4MacPair")
        let ip = try body.string("ip")
        let mac = try body.string("mac")
        var validator = Validator()
        validator.notNull("ip", ip)
        validator.notNull("mac", mac)
        validator.ipv4("ip", ip)
        if let mac, !isValidMAC(mac) { validator.fail("mac", Messages.macInvalid) }
        try validator.check()
        guard let ip, let mac else { throw APIError.violations(validator.violations) }
        guard let bridge = state.bridges[bridgeId] else { throw APIError.noSuch("Network", bridgeId.text) }
        let entry = ArpEntry(ip: ip, mac: mac.lowercased())
        if bridge.arpTable.contains(entry) {
            // MNA-1315, as for MAC entries.
            throw state.quirks.duplicateTableEntryIs500
                ? APIError.status(500, "org.apache.zookeeper.KeeperException$NodeExistsException: KeeperErrorCode = NodeExists")
                : APIError.status(409, "The ARP table entry already exists.")
        }
        state.bridges[bridgeId]?.arpTable.append(entry)
        return Reply.created(Links(base: request.base).bridge(bridgeId) + "/arp_table/" + Self.arpEntryName(entry))
    }

    func listArpEntries(_ bridgeId: UUID, _ request: APIRequest) throws(APIError) -> EmulatorResponse {
        let mediaType = try request.accept(AllowedTypes.ip4Macs, style: .jersey)
        guard let bridge = state.bridges[bridgeId] else { throw APIError.noSuch("Network", bridgeId.text) }
        let links = Links(base: request.base)
        return Reply.list(bridge.arpTable.map { arpEntryJSON($0, bridgeId, links) }, mediaType)
    }

    func getArpEntry(_ bridgeId: UUID, _ key: String, _ request: APIRequest) throws(APIError) -> EmulatorResponse {
        let mediaType = try request.accept(AllowedTypes.ip4Mac, style: .jersey)
        let wanted = try Self.arpEntryKey(key)
        guard let bridge = state.bridges[bridgeId] else { throw APIError.noSuch("Network", bridgeId.text) }
        guard bridge.arpTable.contains(wanted) else { throw APIError.status(404, Messages.arpEntryNotFound) }
        return Reply.ok(arpEntryJSON(wanted, bridgeId, Links(base: request.base)), mediaType)
    }

    /// 204 whether or not the entry exists.
    mutating func deleteArpEntry(_ bridgeId: UUID, _ key: String) throws(APIError) -> EmulatorResponse {
        let doomed = try Self.arpEntryKey(key)
        guard state.bridges[bridgeId] != nil else { throw APIError.noSuch("Network", bridgeId.text) }
        state.bridges[bridgeId]?.arpTable.removeAll { $0 == doomed }
        return Reply.noContent
    }

    func arpEntryJSON(_ entry: ArpEntry, _ bridgeId: UUID, _ links: Links) -> JSONValue {
        ["ip": .string(entry.ip), "mac": .string(entry.mac), "uri": .string(links.bridge(bridgeId) + "/arp_table/" + Self.arpEntryName(entry))]
    }
}
