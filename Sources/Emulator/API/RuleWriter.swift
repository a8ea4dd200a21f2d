import Foundation
import Model

/// Writes rules straight to bytes for list answers. The keys of each rule type are sorted once,
/// with their `"key":` prefixes and default values pre-encoded; a rule's few stored condition
/// fields are merged in by walking both sorted lists, so a 100,000-rule chain costs no per-rule
/// dictionary, sort or hash of the ~55 keys. The bytes equal `JSONBytes.write(ruleJSON(…))`
/// (pinned by a test).
enum RuleWriter {
    /// Where a key's value comes from.
    enum Slot: Sendable {
        /// A condition field: the stored value, else these default bytes.
        case condition(default: [UInt8])
        /// A field of the rule record itself.
        case field
    }

    struct Key: Sendable {
        var name: String
        /// `"name":`
        var prefix: [UInt8]
        var slot: Slot
    }

    static let commonKeys = ["id", "chainId", "type", "position", "meterName", "uri", "chain", "fragmentPolicy"]

    /// Keys a rule of `type` renders besides the common and condition ones.
    static func specificKeys(_ type: String) -> [String] {
        switch type {
        case "jump": ["jumpChainId", "jumpChainName", "jumpChain"]
        case "dnat", "snat": ["flowAction", "natTargets"]
        case "rev_dnat", "rev_snat": ["flowAction"]
        default: []
        }
    }

    /// Condition defaults: false for flags, 0 for prefix lengths, null for the rest.
    static let conditionDefaults: [String: JSONValue] = {
        var fields: [String: JSONValue] = [:]
        RuleCondition.render([:], fragmentPolicy: "", into: &fields)
        fields["fragmentPolicy"] = nil
        return fields
    }()

    /// The sorted keys of each rule type, computed once.
    static let layouts: [String: [Key]] = {
        var table: [String: [Key]] = [:]
        for type in MidoNetAPI.ruleTypes {
            let names = (commonKeys + Array(conditionDefaults.keys) + specificKeys(type)).sorted()
            table[type] = names.map { name in
                var prefix: [UInt8] = []
                JSONBytes.writeString(name, into: &prefix)
                prefix.append(UInt8(ascii: ":"))
                let slot: Slot = conditionDefaults[name].map { .condition(default: JSONBytes.write($0)) } ?? .field
                return Key(name: name, prefix: prefix, slot: slot)
            }
        }
        return table
    }()

    static func write(_ rule: RuleRecord, position: Int, links: Links, into out: inout [UInt8]) {
        let keys = layouts[rule.type] ?? []
        let stored = rule.condition.sorted { $0.key < $1.key }
        var next = 0
        out.append(UInt8(ascii: "{"))
        for (index, key) in keys.enumerated() {
            if index > 0 { out.append(UInt8(ascii: ",")) }
            out.append(contentsOf: key.prefix)
            switch key.slot {
            case .condition(let defaultBytes):
                while next < stored.count && stored[next].key < key.name { next += 1 }
                if next < stored.count && stored[next].key == key.name {
                    JSONBytes.write(stored[next].value, into: &out)
                } else {
                    out.append(contentsOf: defaultBytes)
                }
            case .field:
                JSONBytes.write(field(key.name, rule, position: position, links: links), into: &out)
            }
        }
        out.append(UInt8(ascii: "}"))
    }

    static func field(_ key: String, _ rule: RuleRecord, position: Int, links: Links) -> JSONValue {
        switch key {
        case "id": rule.id.json
        case "chainId": rule.chainId.json
        case "type": .string(rule.type)
        case "position": .int(position)
        case "uri": .string(links.rule(rule.id))
        case "chain": .string(links.chain(rule.chainId))
        case "fragmentPolicy": .string(rule.fragmentPolicy)
        case "jumpChainId": rule.jumpChainId.json
        case "jumpChainName": rule.jumpChainName.json
        case "jumpChain": links.link(rule.jumpChainId, links.chain)
        case "flowAction": rule.flowAction.json
        case "natTargets": .array(rule.natTargets.map(\.json))
        default: .null
        }
    }
}
