/// Kubernetes `IntOrString` (e.g. `targetPort`): a JSON number or a JSON string.
public enum IntOrString: Codable, Sendable, Hashable, CustomStringConvertible {
    case int(Int)
    case string(String)

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if let number = try? container.decode(Int.self) {
            self = .int(number)
            return
        }
        do {
            self = .string(try container.decode(String.self))
        } catch DecodingError.dataCorrupted(let context) {
            // A string that cannot be read (invalid UTF-8) says so rather than "not a string".
            throw DecodingError.dataCorrupted(context)
        } catch {
            throw DecodingError.typeMismatch(
                IntOrString.self,
                .init(codingPath: decoder.codingPath, debugDescription: "expected an integer or a string"))
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .int(let value): try container.encode(value)
        case .string(let value): try container.encode(value)
        }
    }

    public var description: String {
        switch self {
        case .int(let value): String(value)
        case .string(let value): value
        }
    }
}
