public import Foundation

/// A bridge MAC-table entry (MAC → port).
public struct MacPort: Sendable, Hashable {
    public var bridgeId: UUID
    public var macAddr: String
    public var portId: UUID

    public init(bridgeId: UUID, macAddr: String, portId: UUID) {
        self.bridgeId = bridgeId
        self.macAddr = macAddr.lowercased()
        self.portId = portId
    }

    public var object: MidoNetObject {
        MidoNetObject(
            kind: .macPort, id: DeterministicID.subID(portId, "MAC \(macAddr)"), parentId: bridgeId,
            path: "/bridges/\(bridgeId.lowerText)/mac_table",
            body: ["macAddr": .string(macAddr), "portId": .string(portId.lowerText)],
            references: [bridgeId, portId])
    }
}

/// A bridge ARP-table entry (IPv4 → MAC).
public struct IP4Mac: Sendable, Hashable {
    public var bridgeId: UUID
    public var ip: IPv4Address
    public var mac: String

    public init(bridgeId: UUID, ip: IPv4Address, mac: String) {
        self.bridgeId = bridgeId
        self.ip = ip
        self.mac = mac.lowercased()
    }

    public var object: MidoNetObject {
        MidoNetObject(
            kind: .ip4Mac, id: DeterministicID.subID(bridgeId, "ARP \(ip) \(mac)"), parentId: bridgeId,
            path: "/bridges/\(bridgeId.lowerText)/arp_table",
            body: ["ip": .string(ip.description), "mac": .string(mac)], references: [bridgeId])
    }
}

/// Whether `text` is a MAC address MidoNet accepts (6 groups of 1–2 hex digits joined by `:`).
public func isValidMAC(_ text: String) -> Bool {
    let groups = text.split(separator: ":", omittingEmptySubsequences: false)
    return groups.count == 6 && groups.allSatisfy { (1...2).contains($0.count) && $0.allSatisfy(\.isHexDigit) }
}
