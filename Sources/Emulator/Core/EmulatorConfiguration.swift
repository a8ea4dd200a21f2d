import Foundation

/// Everything the emulator core is configured with (the command line, minus listening).
struct EmulatorConfiguration: Sendable {
    /// Agents registered at start (`--host NAME=UUID`): alive hosts with these names.
    var hosts: [(name: String, id: UUID)]
    var auth: AuthConfiguration
    var faults: FaultConfiguration
    var quirks: Quirks

    init(hosts: [(name: String, id: UUID)] = [], auth: AuthConfiguration = AuthConfiguration(),
         faults: FaultConfiguration = FaultConfiguration(), quirks: Quirks = .midoNet) {
        self.hosts = hosts
        self.auth = auth
        self.faults = faults
        self.quirks = quirks
    }

    /// Parses `NAME=UUID`; nil when it is not that shape.
    static func parseHost(_ text: String) -> (name: String, id: UUID)? {
        guard let equals = text.lastIndex(of: "="), equals != text.startIndex,
            let id = UUID.parse(String(text[text.index(after: equals)...]))
        else { return nil }
        return (String(text[..<equals]), id)
    }
}
