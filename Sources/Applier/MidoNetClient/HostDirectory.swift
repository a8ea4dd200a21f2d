import Foundation
import Model
import Synchronization

/// MidoNet hosts by name: "the host named N" of a Node without a host-id annotation.
/// Listed from MidoNet and cached; a miss re-lists at most every `refreshInterval` seconds,
/// so ops waiting for an agent that has not registered yet don't hammer the API.
final class HostDirectory: Sendable {
    private let transport: any MidoNetTransport
    private let refreshInterval: Double
    private let state = Mutex<(hosts: [String: UUID], listedAt: Double)>(([:], -Double.infinity))

    init(transport: any MidoNetTransport, refreshInterval: Double = 2) {
        self.transport = transport
        self.refreshInterval = refreshInterval
    }

    /// The host's ID, or nil when MidoNet has no host of that name (yet).
    func id(ofHostNamed name: String) async throws -> UUID? {
        if let id = state.withLock({ $0.hosts[name] }) { return id }
        let due = state.withLock { monotonicSeconds() - $0.listedAt >= refreshInterval }
        guard due else { return nil }
        return try await refresh()[name]
    }

    /// Lists MidoNet's hosts now.
    @discardableResult
    func refresh() async throws -> [String: UUID] {
        let hosts = try await list()
        let byName = Dictionary(hosts.map { ($0.name, $0.id) }, uniquingKeysWith: { first, _ in first })
        state.withLock { $0 = (byName, monotonicSeconds()) }
        return byName
    }

    /// `GET /hosts`.
    func list() async throws -> [MidoNetHost] {
        let response = try await transport.send(MidoNetRequest(method: "GET", path: "/hosts", accept: MidoNetKind.host.collectionMediaType))
        guard response.status == 200 else {
            throw MidoNetError(status: response.status, message: response.message ?? "listing hosts failed")
        }
        return try JSONDecoder().decode([MidoNetHost].self, from: Data(response.body))
    }
}

/// A MidoNet call that failed in a way the caller cannot turn into a decision.
struct MidoNetError: Error, CustomStringConvertible {
    var status: Int
    var message: String
    var description: String { "MidoNet answered \(status): \(message)" }
}

/// Seconds on a monotonic clock.
func monotonicSeconds() -> Double {
    var spec = timespec()
    clock_gettime(CLOCK_MONOTONIC, &spec)
    return Double(spec.tv_sec) + Double(spec.tv_nsec) / 1e9
}
