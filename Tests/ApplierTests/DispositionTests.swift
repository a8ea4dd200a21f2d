import Foundation
import Model
import Testing

@testable import Applier

@Suite struct DispositionTests {
    static let rule = Rule(type: "jump", id: UUID(), chainId: UUID(), position: 1, jumpChainId: UUID()).object
    static let mac = MacPort(bridgeId: UUID(), macAddr: "02:00:00:00:00:01", portId: UUID()).object
    static let zone = TunnelZone(id: UUID(), name: "z").object
    static let binding = HostInterfacePort(host: .id(UUID()), portId: UUID(), interfaceName: "x").object

    @Test(arguments: [
        (MidoNetOperation.create(rule), 201, "", Disposition.done),
        (.create(rule), 409, "A(n) Rule with ID x already exists.", .compareWithExisting),
        (.create(rule), 404, "There is no Chain with ID x.", .retry("There is no Chain with ID x.")),
        (.create(rule), 400, "Position exceeds number of rules in chain", .retry("Position exceeds number of rules in chain")),
        (.create(rule), 400, "Validation error(s) found", .park("Validation error(s) found")),
        (.create(rule), 503, "", .retry("MidoNet answered 503")),
        (.create(rule), 500, "boom", .retry("MidoNet answered 500: boom")),
        (.create(mac), 500, "", .compareWithExisting),
        (.create(binding), 409, "The specified host is not in any tunnel zone.", .retry("The specified host is not in any tunnel zone.")),
        (.create(binding), 409, "Port x is already bound to an interface", .compareWithExisting),
        (.create(rule), 406, "", .park("MidoNet refused the request format (406)")),
        (.update(zone), 204, "", .done),
        (.update(zone), 409, "Tunnel zone name already exists.", .done),
        (.update(zone), 404, "", .createInstead),
        (.delete(rule), 204, "", .done),
        (.delete(rule), 404, "", .done),
        (.delete(rule), 503, "", .retry("MidoNet answered 503")),
    ])
    func eachAnswerHasOneNextStep(operation: MidoNetOperation, status: Int, message: String, expected: Disposition) {
        #expect(disposition(for: operation, status: status, message: message) == expected)
    }

    @Test func noAnswerIsRetried() {
        #expect(disposition(for: .create(Self.rule), status: nil, message: nil) == .retry("no answer from MidoNet"))
    }
}
