public import Foundation

/// The binding of a port to a network interface on a MidoNet host (agent).
/// MidoNet refuses it (409) until the host is in a tunnel zone.
public struct HostInterfacePort: Sendable, Hashable {
    public var host: HostReference
    public var portId: UUID
    public var interfaceName: String

    public init(host: HostReference, portId: UUID, interfaceName: String) {
        self.host = host
        self.portId = portId
        self.interfaceName = interfaceName
    }

    public var object: MidoNetObject {
        let hostText = if case .id(let id) = host { id.lowerText } else { HostReference.placeholder }
        var body: [String: JSONValue] = ["portId": .string(portId.lowerText), "interfaceName": .string(interfaceName)]
        if case .id(let id) = host { body["hostId"] = .string(id.lowerText) }
        return MidoNetObject(
            kind: .hostInterfacePort, id: portId, parentId: nil, path: "/hosts/\(hostText)/ports",
            body: .object(body), host: host, references: [portId])
    }
}
