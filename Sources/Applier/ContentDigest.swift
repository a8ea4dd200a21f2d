import Model

/// What `DriftRepair.isSame` compares of an object, as one number: the object's `fields` of
/// its JSON in order, a missing one as null, strings lowercased (MidoNet answers MACs and media
/// types in its own case), integral numbers as integers. Equal digests of the desired body and
/// of MidoNet's JSON mean `isSame` holds (but for a 64-bit collision), so drift repair keeps
/// nothing of the objects whose digest is the one the translations want; unequal ones say
/// nothing (MidoNet may add a member inside a nested object), and the object is compared in full.
/// Seeded per process, like `Hasher`.
enum ContentDigest {
    /// The fields `isSame` compares of a desired object of `kind` whose body is `body` (all but
    /// `position`), sorted; nil for the kinds it compares another way and for a body that is not
    /// an object.
    static func comparedFields(kind: MidoNetKind, body: JSONValue) -> [String]? {
        switch kind {
        case .portLink, .hostInterfacePort: return nil
        default:
            guard case .object(let members) = body else { return nil }
            return members.keys.filter { $0 != "position" }.sorted()
        }
    }

    static func of(_ json: JSONValue, fields: [String]) -> Int {
        var hasher = Hasher()
        for name in fields {
            hasher.combine(name)
            combine(json[name] ?? .null, into: &hasher)
        }
        return hasher.finalize()
    }

    private static func combine(_ value: JSONValue, into hasher: inout Hasher) {
        switch value {
        case .null:
            hasher.combine(0 as UInt8)
        case .bool(let flag):
            hasher.combine(1 as UInt8)
            hasher.combine(flag)
        case .int(let number):
            hasher.combine(2 as UInt8)
            hasher.combine(number)
        case .double(let number):
            if let integer = Int(exactly: number) {
                hasher.combine(2 as UInt8)
                hasher.combine(integer)
            } else {
                hasher.combine(3 as UInt8)
                hasher.combine(number)
            }
        case .string(let text):
            hasher.combine(4 as UInt8)
            hasher.combine(text.lowercased())
        case .array(let items):
            hasher.combine(5 as UInt8)
            hasher.combine(items.count)
            for item in items { combine(item, into: &hasher) }
        case .object(let members):
            hasher.combine(6 as UInt8)
            hasher.combine(members.count)
            for (name, member) in members.sorted(by: { $0.key < $1.key }) {
                hasher.combine(name)
                combine(member, into: &hasher)
            }
        }
    }
}
