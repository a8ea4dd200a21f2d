import Model

/// What the applier does next after MidoNet answered one call (midonet-rest-api.md §3, §7).
enum Disposition: Sendable, Equatable {
    /// MidoNet has what we wanted; mark the op done.
    case done
    /// It already exists (409, or 500 for MAC/ARP entries: MNA-1315): GET it and compare.
    case compareWithExisting
    /// An update of something that is gone: create it instead.
    case createInstead
    /// Try again later with backoff: a referent not created yet, MidoNet busy or unreachable.
    case retry(String)
    /// MidoNet rejects the object itself for good: park it with MidoNet's message.
    case park(String)
}

/// 400 messages that mean "something this op needs is not there yet", not "the op is wrong".
let transientBadRequestMessages = [
    "requires a next hop port",            // Normal route before its router port exists
    "Position exceeds number of rules",    // rule before the rules above it
]

/// 409 messages that mean "wait for another op" rather than "already exists".
let transientConflictMessages = [
    "not in any tunnel zone",              // binding before the host joined the tunnel zone
]

/// Decides from the op and MidoNet's answer. `status` nil means no answer (timeout, reset).
func disposition(for operation: MidoNetOperation, status: Int?, message: String?) -> Disposition {
    guard let status else { return .retry("no answer from MidoNet") }
    let text = message ?? ""
    let kind = operation.object.kind
    switch operation {
    case .create:
        switch status {
        case 200...299: return .done
        case 409:
            if transientConflictMessages.contains(where: text.contains) { return .retry(text) }
            return .compareWithExisting
        case 500 where kind == .macPort || kind == .ip4Mac:
            // MidoNet answers a duplicate table entry with an unmapped exception (MNA-1315).
            return .compareWithExisting
        case 404: return .retry(text.isEmpty ? "a referent does not exist yet" : text)
        case 400:
            if transientBadRequestMessages.contains(where: text.contains) { return .retry(text) }
            return .park(text.isEmpty ? "MidoNet rejected the object (400)" : text)
        default: return classifyOther(status, text)
        }
    case .update:
        switch status {
        case 200...299: return .done
        case 404: return .createInstead
        case 409 where kind == .tunnelZone:
            // A PUT that keeps the zone's name always fails with 409 (MNA-1293): nothing changed.
            return .done
        case 400: return .park(text.isEmpty ? "MidoNet rejected the update (400)" : text)
        default: return classifyOther(status, text)
        }
    case .delete:
        switch status {
        case 200...299, 404: return .done  // 404: gone already (cascades delete rules with their chain)
        default: return classifyOther(status, text)
        }
    }
}

private func classifyOther(_ status: Int, _ text: String) -> Disposition {
    switch status {
    case 401: return .retry("not authorized (401) after logging in again")
    case 406, 415, 405: return .park("MidoNet refused the request format (\(status))\(text.isEmpty ? "" : ": " + text)")
    case 409: return .retry(text.isEmpty ? "conflict (409)" : text)
    case 400...499: return .park("MidoNet answered \(status)\(text.isEmpty ? "" : ": " + text)")
    default: return .retry("MidoNet answered \(status)\(text.isEmpty ? "" : ": " + text)")
    }
}
