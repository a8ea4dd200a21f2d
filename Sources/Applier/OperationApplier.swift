import Foundation
import Model

/// The result of applying one queued op.
enum ApplyOutcome: Sendable, Equatable {
    /// MidoNet confirmed it; mark the op done.
    case done
    /// Not now (missing referent, unknown host yet, MidoNet busy): try again with backoff.
    case retry(String)
    /// MidoNet rejects the object for good: park it with this reason.
    case park(String)
}

/// Applies one op to MidoNet, idempotently: re-applying any op after a crash is harmless,
/// because IDs are deterministic and "already exists" is resolved by comparing (and, where
/// MidoNet allows, updating) rather than failing.
struct OperationApplier: Sendable {
    let transport: any MidoNetTransport
    let hosts: HostDirectory

    func apply(_ operation: MidoNetOperation) async -> ApplyOutcome {
        do {
            guard let resolved = try await resolveHost(operation) else {
                return .retry("waiting for MidoNet host named \"\(operation.object.hostName ?? "")\" to register")
            }
            return try await applyResolved(resolved)
        } catch {
            return .retry("no answer from MidoNet: \(error)")
        }
    }

    /// The op with its host resolved to an ID; nil while MidoNet has no such host.
    func resolveHost(_ operation: MidoNetOperation) async throws -> MidoNetOperation? {
        guard case .named(let name)? = operation.object.host else { return operation }
        guard let id = try await hosts.id(ofHostNamed: name) else { return nil }
        let object = operation.object.resolvingHost(id)
        switch operation {
        case .create: return .create(object)
        case .update: return .update(object)
        case .delete: return .delete(object)
        }
    }

    func applyResolved(_ operation: MidoNetOperation) async throws -> ApplyOutcome {
        let object = operation.object
        let response: MidoNetResponse
        switch operation {
        case .create: response = try await post(object)
        case .update: response = try await put(object)
        case .delete: response = try await transport.send(MidoNetRequest(method: "DELETE", path: object.objectPath))
        }
        switch disposition(for: operation, status: response.status, message: response.message) {
        case .done: return .done
        case .retry(let reason):
            if case .create = operation, object.kind == .rule, reason.contains("Position exceeds") {
                return try await createAtEndOfChain(object)
            }
            return .retry(reason)
        case .park(let reason): return .park(reason)
        case .createInstead: return try await applyResolved(.create(object))
        case .compareWithExisting: return try await reconcileExisting(object)
        }
    }

    /// After "already exists": equal → done; updatable → PUT; immutable and different → delete
    /// and create again (only happens when taking over objects written with other values).
    func reconcileExisting(_ desired: MidoNetObject) async throws -> ApplyOutcome {
        guard let existing = try await fetch(desired) else {
            // Gone between our POST and GET (or never readable): create again next round.
            return .retry("\(desired.kind.rawValue) \(desired.id.lowerText) conflicted but could not be read back")
        }
        if matches(desired, existing) { return .done }
        if desired.kind.isUpdatable {
            let response = try await put(desired)
            return outcome(of: disposition(for: .update(desired), status: response.status, message: response.message))
        }
        switch desired.kind {
        case .portLink, .hostInterfacePort, .tunnelZoneHost:
            // Bound or linked to something else: that is a conflict an operator must resolve.
            return .park("\(desired.kind.rawValue) at \(desired.objectPath) exists with other values: \(existing.serialized)")
        default:
            let deleted = try await transport.send(MidoNetRequest(method: "DELETE", path: desired.objectPath))
            guard (200...299).contains(deleted.status) || deleted.status == 404 else {
                return .retry("could not replace \(desired.kind.rawValue) \(desired.id.lowerText): \(deleted.status)")
            }
            let created = try await post(desired)
            return outcome(of: disposition(for: .create(desired), status: created.status, message: created.message))
        }
    }

    /// What MidoNet has for the object, as JSON; nil when it has nothing.
    func fetch(_ object: MidoNetObject) async throws -> JSONValue? {
        let path: String
        let accept: String
        switch object.kind {
        case .portLink:
            // A link has no GET: read the port and look at its peer.
            path = "/ports/\(object.id.lowerText)"
            accept = MidoNetKind.port.mediaType
        default:
            path = object.objectPath
            accept = object.mediaType
        }
        let response = try await transport.send(MidoNetRequest(method: "GET", path: path, accept: accept))
        guard response.status == 200 else { return nil }
        return try? JSONDecoder().decode(JSONValue.self, from: Data(response.body))
    }

    /// Whether MidoNet's object is ours as we want it. Positions are not compared: a rule's
    /// position shifts as other rules come and go.
    func matches(_ desired: MidoNetObject, _ existing: JSONValue) -> Bool {
        if desired.kind == .portLink {
            return existing["peerId"]?.stringValue?.lowercased() == desired.body["peerId"]?.stringValue?.lowercased()
        }
        guard case .object(var fields) = desired.body.value else { return false }
        fields["position"] = nil
        return JSONValue.object(fields).isSubset(of: existing)
    }

    /// Inserts a rule at the end of its chain when the computed position is past it (an earlier
    /// rule of the chain was parked or deleted by hand): order within what exists is kept.
    func createAtEndOfChain(_ rule: MidoNetObject) async throws -> ApplyOutcome {
        let list = try await transport.send(MidoNetRequest(method: "GET", path: rule.path, accept: MidoNetKind.rule.collectionMediaType))
        guard list.status == 200, let rules = try? JSONDecoder().decode([JSONValue].self, from: Data(list.body)),
            case .object = rule.body.value
        else { return .retry("could not list rules of chain \(rule.parentId?.lowerText ?? "")") }
        var moved = rule
        moved.body = rule.body.withPosition(rules.count + 1)
        let response = try await post(moved)
        return outcome(of: disposition(for: .create(moved), status: response.status, message: response.message))
    }

    func post(_ object: MidoNetObject) async throws -> MidoNetResponse {
        try await transport.send(MidoNetRequest(method: "POST", path: object.path, contentType: object.mediaType, body: object.body.bytes))
    }

    func put(_ object: MidoNetObject) async throws -> MidoNetResponse {
        try await transport.send(MidoNetRequest(method: "PUT", path: object.objectPath, contentType: object.mediaType, body: object.body.bytes))
    }

    func outcome(of disposition: Disposition) -> ApplyOutcome {
        switch disposition {
        case .done: .done
        case .retry(let reason): .retry(reason)
        case .park(let reason): .park(reason)
        case .compareWithExisting: .retry("still conflicting after reconciling")
        case .createInstead: .retry("gone while updating")
        }
    }
}

extension MidoNetObject {
    /// The host name of an unresolved host reference.
    var hostName: String? {
        if case .named(let name)? = host { return name }
        return nil
    }
}
