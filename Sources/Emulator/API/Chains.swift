import Foundation
import Model

/// `/chains` (midonet-rest-api.md §5.6). Chains are immutable: no PUT.
extension MidoNetAPI {
    mutating func createChain(_ request: APIRequest) throws(APIError) -> EmulatorResponse {
        try request.requireContentType(AllowedTypes.chain)
        let body = try BodyReader(request.body, model: "Chain")
        let id = try body.uuid("id") ?? UUID()
        let tenantId = try body.string("tenantId")
        let name = try body.string("name")
        var validator = Validator()
        validator.length("name", name, 0...255)
        try validator.check()
        if state.chains[id] != nil { throw APIError.alreadyExists("Chain", id.text) }
        state.chains[id] = ChainRecord(id: id, seq: state.nextSequence(), tenantId: tenantId, name: name)
        return Reply.created(Links(base: request.base).chain(id))
    }

    func getChain(_ id: UUID, _ request: APIRequest) throws(APIError) -> EmulatorResponse {
        let mediaType = try request.accept(AllowedTypes.chain)
        guard let chain = state.chains[id] else { throw APIError.noSuch("Chain", id.text) }
        return Reply.ok(chainJSON(chain, Links(base: request.base)), mediaType)
    }

    func listChains(_ request: APIRequest) throws(APIError) -> EmulatorResponse {
        let mediaType = try request.accept(AllowedTypes.chains)
        let tenant = request.queryItem("tenant_id")
        let links = Links(base: request.base)
        let chains = MidoNetState.ordered(state.chains, seq: \.seq).filter { tenant == nil || $0.tenantId == tenant }
        return Reply.list(chains.map { chainJSON($0, links) }, mediaType)
    }

    /// 404 when absent; removes the jump rules into it, its rules, and the filters that use it.
    mutating func deleteChain(_ id: UUID) throws(APIError) -> EmulatorResponse {
        guard state.chains[id] != nil else { throw APIError.noSuch("Chain", id.text) }
        state.deleteChain(id)
        return Reply.noContent
    }

    func chainJSON(_ chain: ChainRecord, _ links: Links) -> JSONValue {
        let uri = links.chain(chain.id)
        return [
            "id": chain.id.json, "tenantId": chain.tenantId.json, "name": chain.name.json,
            "uri": .string(uri), "rules": .string(uri + "/rules"),
        ]
    }
}
