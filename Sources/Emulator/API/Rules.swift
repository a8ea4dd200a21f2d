import Foundation
import Model

/// `/chains/{id}/rules` and `/rules/{id}` (midonet-rest-api.md §5.7). Rules are immutable.
extension MidoNetAPI {
    /// The `type` values MidoNet's Rule polymorphism knows. There is no `continue` type.
    static let ruleTypes: Set<String> = [
        "accept", "drop", "reject", "return", "jump", "dnat", "snat", "rev_dnat", "rev_snat", "l2_transform", "trace",
    ]
    static let flowActionPattern: Set<String> = ["accept", "continue", "return"]

    /// A validated rule ready for insertion, with its 1-based position.
    struct RuleDraft {
        var record: RuleRecord
        var position: Int
    }

    /// Binding and bean validation of a rule body (first two steps of the create order).
    func parseRule(_ body: BodyReader, chainId: UUID) throws(APIError) -> RuleDraft {
        guard let type = try body.string("type") else {
            throw APIError.badRequest("Missing type id when trying to resolve subtype of [simple type, class Rule]: missing type id property 'type'")
        }
        guard Self.ruleTypes.contains(type) else {
            throw APIError.badRequest("Could not resolve type id '\(type)' into a subtype of [simple type, class Rule]")
        }
        let id = try body.uuid("id") ?? UUID()
        var position = try body.int("position") ?? 0
        if position == 0 { position = 1 }
        var validator = Validator()
        validator.minimum("position", position, 1)
        let condition = try RuleCondition(body, validator: &validator)
        var record = RuleRecord(
            id: id, chainId: chainId, type: type, condition: condition.stored, fragmentPolicy: condition.fragmentPolicy ?? "")

        switch type {
        case "jump":
            record.jumpChainId = try body.uuid("jumpChainId")
            record.jumpChainName = try body.string("jumpChainName")
            validator.notNull("jumpChainId", record.jumpChainId)
        case "dnat", "snat", "rev_dnat", "rev_snat":
            record.flowAction = try body.string("flowAction")
            if let action = record.flowAction {
                if !Self.flowActionPattern.contains(action) { validator.fail("flowAction", "must match \"accept|continue|return\"") }
            } else {
                validator.notNull("flowAction", nil)
            }
            if type == "dnat" || type == "snat" {
                let targets = try body.array("natTargets") ?? []
                if targets.isEmpty { validator.fail("natTargets", "size must be between 1 and 2147483647") }
                record.natTargets = try targets.map { (item) throws(APIError) in try Self.natTarget(item) }
            }
        default:
            break
        }
        try validator.check()
        return RuleDraft(record: record, position: position)
    }

    /// One NAT target. Entries are not bean-validated: a missing or bad address fails the
    /// conversion to the stored form, an unmapped 500.
    static func natTarget(_ item: JSONValue) throws(APIError) -> NatTargetRecord {
        guard case .object(let fields) = item else { throw APIError.badRequest("Can not deserialize instance of NatTarget out of a non-object token") }
        let target = BodyReader(fields: fields, model: "NatTarget")
        guard let from = try target.string("addressFrom"), let to = try target.string("addressTo"),
            IPv4Address(from) != nil, IPv4Address(to) != nil
        else { throw APIError.status(500, nil) }
        return NatTargetRecord(
            addressFrom: from, addressTo: to, portFrom: try target.int("portFrom") ?? 0, portTo: try target.int("portTo") ?? 0)
    }

    /// The effective fragment policy (defaults and the NAT check happen when MidoNet converts the
    /// rule for storage, after the duplicate-id check).
    static func effectiveFragmentPolicy(_ rule: RuleRecord, requested: String?) throws(APIError) -> String {
        let hasL4 = rule.condition["tpSrc"] != nil || rule.condition["tpDst"] != nil
        if rule.type == "dnat" || rule.type == "snat" {
            let simple = rule.natTargets.count == 1 && rule.natTargets[0].addressFrom == rule.natTargets[0].addressTo
                && rule.natTargets[0].portFrom == 0 && rule.natTargets[0].portTo == 0 && !hasL4
            if simple { return requested ?? "any" }
            guard requested == nil || requested == "unfragmented" else { throw APIError.badRequest(Messages.fragmentPolicyNat) }
            return "unfragmented"
        }
        return requested ?? (hasL4 ? "header" : "any")
    }

    mutating func createRule(in chainId: UUID, _ request: APIRequest) throws(APIError) -> EmulatorResponse {
        try request.requireContentType(AllowedTypes.rule)
        let body = try BodyReader(request.body, model: "Rule")
        var draft = try parseRule(body, chainId: chainId)
        let id = draft.record.id
        if state.rules[id] != nil { throw APIError.alreadyExists("Rule", id.text) }
        let requested = draft.record.fragmentPolicy.isEmpty ? nil : draft.record.fragmentPolicy
        draft.record.fragmentPolicy = try Self.effectiveFragmentPolicy(draft.record, requested: requested)
        // Only the count: holding a copy of the chain would make the insert below copy its rule array.
        guard let ruleCount = state.chains[chainId]?.ruleIds.count else { throw APIError.noSuch("Chain", chainId.text) }
        guard draft.position <= ruleCount + 1 else { throw APIError.badRequest(Messages.positionExceeds) }
        if let target = draft.record.jumpChainId, state.chains[target] == nil {
            throw APIError.noSuch("Chain", target.text)
        }
        state.insertRule(draft.record, at: draft.position - 1)
        return Reply.created(Links(base: request.base).rule(id))
    }

    func getRule(_ id: UUID, _ request: APIRequest) throws(APIError) -> EmulatorResponse {
        let mediaType = try request.accept(AllowedTypes.rule)
        guard let rule = state.rules[id] else { throw APIError.noSuch("Rule", id.text) }
        let index = state.chains[rule.chainId]?.ruleIds.firstIndex(of: id) ?? 0
        return Reply.ok(ruleJSON(rule, position: index + 1, Links(base: request.base)), mediaType)
    }

    func listRules(in chainId: UUID, _ request: APIRequest) throws(APIError) -> EmulatorResponse {
        let mediaType = try request.accept(AllowedTypes.rules)
        guard let chain = state.chains[chainId] else { throw APIError.noSuch("Chain", chainId.text) }
        let links = Links(base: request.base)
        var out: [UInt8] = [UInt8(ascii: "[")]
        out.reserveCapacity(chain.ruleIds.count * 1600 + 2)
        for (index, ruleId) in chain.ruleIds.enumerated() {
            guard let rule = state.rules[ruleId] else { continue }
            if out.count > 1 { out.append(UInt8(ascii: ",")) }
            RuleWriter.write(rule, position: index + 1, links: links, into: &out)
        }
        out.append(UInt8(ascii: "]"))
        return EmulatorResponse(status: 200, headers: ["Content-Type": mediaType], body: out)
    }

    mutating func deleteRule(_ id: UUID) throws(APIError) -> EmulatorResponse {
        guard state.rules[id] != nil else { throw APIError.noSuch("Rule", id.text) }
        guard state.deleteRule(id) else { throw APIError.status(404, Messages.ruleChainNotFound) }
        return Reply.noContent
    }

    func ruleJSON(_ rule: RuleRecord, position: Int, _ links: Links) -> JSONValue {
        var fields: [String: JSONValue] = [
            "id": rule.id.json, "chainId": rule.chainId.json, "type": .string(rule.type), "position": .int(position),
            "meterName": .null, "uri": .string(links.rule(rule.id)), "chain": .string(links.chain(rule.chainId)),
        ]
        RuleCondition.render(rule.condition, fragmentPolicy: rule.fragmentPolicy, into: &fields)
        switch rule.type {
        case "jump":
            fields["jumpChainId"] = rule.jumpChainId.json
            fields["jumpChainName"] = rule.jumpChainName.json
            fields["jumpChain"] = links.link(rule.jumpChainId, links.chain)
        case "dnat", "snat":
            fields["flowAction"] = rule.flowAction.json
            fields["natTargets"] = .array(rule.natTargets.map(\.json))
        case "rev_dnat", "rev_snat":
            fields["flowAction"] = rule.flowAction.json
        default:
            break
        }
        return .object(fields)
    }
}
