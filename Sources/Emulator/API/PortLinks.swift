import Foundation
import Model

/// `/ports/{id}/link` (midonet-rest-api.md §5.4): a JAX-RS handler, so Jersey negotiates.
extension MidoNetAPI {
    mutating func linkPort(_ id: UUID, _ request: APIRequest) throws(APIError) -> EmulatorResponse {
        try request.requireContentType(AllowedTypes.portLink, style: .jersey)
        let body = try BodyReader(request.body, model: "Link")
        let bodyPortId = try body.uuid("portId")
        let peerId = try body.uuid("peerId")
        var validator = Validator()
        validator.notNull("peerId", peerId)
        try validator.check()
        guard let peerId else { throw APIError.violations(validator.violations) }
        guard let port = state.ports[id] else { throw APIError.noSuch("Port", id.text) }
        guard let peer = state.ports[peerId] else { throw APIError.noSuch("Port", peerId.text) }
        // Linked already, even to each other: not linkable.
        guard port.peerId == nil, peer.peerId == nil else { throw APIError.status(409, Messages.portsNotLinkable) }
        // MNA-1249: MidoNet builds the Location from the body's `portId` with an unset base URI,
        // which throws after the checks and before the commit: 500, nothing linked.
        if bodyPortId != nil && state.quirks.linkWithPortIdFails {
            throw APIError.status(500, "java.lang.IllegalArgumentException: the base URI of the link Location is not set (MNA-1249)")
        }
        state.ports[id]?.peerId = peerId
        state.ports[peerId]?.peerId = id
        return Reply.created(bodyPortId.map { "\(Links(base: request.base).port($0))/link" })
    }

    /// Idempotent when not linked; clears both sides.
    mutating func unlinkPort(_ id: UUID) throws(APIError) -> EmulatorResponse {
        guard let port = state.ports[id] else { throw APIError.noSuch("Port", id.text) }
        if let peerId = port.peerId {
            state.ports[peerId]?.peerId = nil
            state.ports[id]?.peerId = nil
        }
        return Reply.noContent
    }
}
