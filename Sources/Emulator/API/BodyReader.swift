import Foundation
import Model

/// Reads a request body the way Jackson binds it to a MidoNet model: unknown properties are
/// ignored, `null` and absent are the same, and a value of the wrong JSON type is a 400 whose
/// message is Jackson's exception text (approximated; midonet-rest-api.md §3 leaves it open).
struct BodyReader {
    let fields: [String: JSONValue]
    /// The Java model's name, for messages (`Router`, `Rule`, …).
    let model: String

    /// Parses `bytes` as a JSON object; anything else is a 400 binding error.
    init(_ bytes: [UInt8], model: String) throws(APIError) {
        self.model = model
        guard !bytes.isEmpty else {
            throw .badRequest("No content to map due to end-of-input")
        }
        let value: JSONValue
        do {
            value = try JSONBytes.parse(bytes)
        } catch {
            throw .badRequest("Unexpected character in the JSON body at byte \(error.offset): \(error.reason)")
        }
        guard case .object(let fields) = value else {
            throw .badRequest("Can not deserialize instance of \(model) out of a non-object token")
        }
        self.fields = fields
    }

    init(fields: [String: JSONValue], model: String) {
        self.fields = fields
        self.model = model
    }

    /// The raw value, nil for absent or `null`.
    func value(_ key: String) -> JSONValue? {
        switch fields[key] {
        case nil, .null?: nil
        case let value?: value
        }
    }

    func has(_ key: String) -> Bool { value(key) != nil }

    private func mismatch(_ key: String, _ javaType: String, _ value: JSONValue) -> APIError {
        .badRequest("Can not construct instance of \(javaType) from \(value.serialized) (through reference chain: \(model)[\"\(key)\"])")
    }

    func string(_ key: String) throws(APIError) -> String? {
        switch value(key) {
        case nil: return nil
        case .string(let s)?: return s
        case .int(let i)?: return String(i)
        case .bool(let b)?: return String(b)
        case let other?: throw mismatch(key, "java.lang.String", other)
        }
    }

    func uuid(_ key: String) throws(APIError) -> UUID? {
        guard let raw = value(key) else { return nil }
        guard case .string(let text) = raw, let id = UUID.parse(text) else {
            throw mismatch(key, "java.util.UUID", raw)
        }
        return id
    }

    func int(_ key: String) throws(APIError) -> Int? {
        guard let raw = value(key) else { return nil }
        switch raw {
        case .int(let i): return i
        case .double(let d) where d == d.rounded() && abs(d) < 1e15: return Int(d)
        case .string(let s) where Int(s) != nil: return Int(s)
        default: throw mismatch(key, "int", raw)
        }
    }

    func bool(_ key: String, default defaultValue: Bool) throws(APIError) -> Bool {
        guard let raw = value(key) else { return defaultValue }
        switch raw {
        case .bool(let b): return b
        case .string("true"): return true
        case .string("false"): return false
        default: throw mismatch(key, "boolean", raw)
        }
    }

    func uuidArray(_ key: String) throws(APIError) -> [UUID]? {
        guard let raw = value(key) else { return nil }
        guard case .array(let items) = raw else { throw mismatch(key, "java.util.UUID[]", raw) }
        var ids: [UUID] = []
        for item in items {
            guard case .string(let text) = item, let id = UUID.parse(text) else { throw mismatch(key, "java.util.UUID", item) }
            ids.append(id)
        }
        return ids
    }

    func stringArray(_ key: String) throws(APIError) -> [String]? {
        guard let raw = value(key) else { return nil }
        guard case .array(let items) = raw else { throw mismatch(key, "java.util.List<String>", raw) }
        var strings: [String] = []
        for item in items {
            guard case .string(let text) = item else { throw mismatch(key, "java.lang.String", item) }
            strings.append(text)
        }
        return strings
    }

    func array(_ key: String) throws(APIError) -> [JSONValue]? {
        guard let raw = value(key) else { return nil }
        guard case .array(let items) = raw else { throw mismatch(key, "java.util.List", raw) }
        return items
    }

    func object(_ key: String) throws(APIError) -> BodyReader? {
        guard let raw = value(key) else { return nil }
        guard case .object(let nested) = raw else { throw mismatch(key, "java.lang.Object", raw) }
        return BodyReader(fields: nested, model: "\(model)[\"\(key)\"]")
    }
}

/// Collects bean-validation failures (Hibernate Validator 4.3 default texts) so one 400 lists
/// all of them, as MidoNet does.
struct Validator {
    private(set) var violations: [Violation] = []

    static let notNull = "may not be null"
    static let invalidIP = "is an invalid IP format"

    mutating func fail(_ property: String, _ message: String) {
        violations.append(Violation(property: property, message: message))
    }

    mutating func notNull(_ property: String, _ value: Any?) {
        if value == nil { fail(property, Self.notNull) }
    }

    mutating func range(_ property: String, _ value: Int?, _ bounds: ClosedRange<Int>) {
        guard let value else { return }
        if value < bounds.lowerBound { fail(property, "must be greater than or equal to \(bounds.lowerBound)") }
        if value > bounds.upperBound { fail(property, "must be less than or equal to \(bounds.upperBound)") }
    }

    mutating func minimum(_ property: String, _ value: Int?, _ bound: Int) {
        if let value, value < bound { fail(property, "must be greater than or equal to \(bound)") }
    }

    mutating func length(_ property: String, _ value: String?, _ bounds: ClosedRange<Int>) {
        if let value, !bounds.contains(value.utf16.count) {
            fail(property, "size must be between \(bounds.lowerBound) and \(bounds.upperBound)")
        }
    }

    mutating func ipv4(_ property: String, _ value: String?) {
        if let value, IPv4Address(value) == nil { fail(property, Self.invalidIP) }
    }

    /// Throws the collected violations, if any.
    func check() throws(APIError) {
        if !violations.isEmpty { throw APIError.violations(violations) }
    }
}
