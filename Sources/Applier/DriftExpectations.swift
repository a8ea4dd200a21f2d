import Model

/// What the translations want of MidoNet, kept small enough to hold for every object of a big
/// cluster while MidoNet is read (`MidoNetInventory.read`): which keys are wanted, which fields
/// of each kind are compared, and each comparable object's `ContentDigest`. Filled from every
/// translation (hosts resolved) before MidoNet is read.
struct DriftExpectations: Sendable {
    /// Keys of every object some translation wants.
    private(set) var wanted = KeyHashes()
    /// The fields translations set, by kind: what is kept of MidoNet's objects that must be
    /// compared in full.
    private(set) var fields: MidoNetInventory.Fields = [:]
    /// By key hash: the wanted object's digest and which `fieldSets` it is over. A key hash two
    /// keys share gives one of them the other's digest, which MidoNet's object cannot match (the
    /// digest covers what identifies the object: its ID, a table entry's address): it is then compared in full.
    private var digests: [Int: (digest: Int, fieldSet: Int32)] = [:]
    /// The distinct sorted field lists digests are over (a handful: one per shape of object).
    private var fieldSets: [[String]] = []
    private var fieldSetIndex: [[String]: Int32] = [:]

    mutating func expect(_ object: MidoNetObject) {
        let key = object.key
        let body = object.body.value
        wanted.insert(key)
        if case .object(let members) = body { fields[object.kind, default: []].formUnion(members.keys) }
        guard let compared = ContentDigest.comparedFields(kind: object.kind, body: body) else { return }
        let index: Int32
        if let known = fieldSetIndex[compared] {
            index = known
        } else {
            index = Int32(fieldSets.count)
            fieldSets.append(compared)
            fieldSetIndex[compared] = index
        }
        digests[key.hashValue] = (ContentDigest.of(body, fields: compared), index)
    }

    /// Whether MidoNet's `json` for `key` is what the translations want, by digest: true means
    /// `isSame` holds; false means it must be compared in full.
    func matches(key: String, json: JSONValue) -> Bool {
        guard let expected = digests[key.hashValue] else { return false }
        return ContentDigest.of(json, fields: fieldSets[Int(expected.fieldSet)]) == expected.digest
    }
}
