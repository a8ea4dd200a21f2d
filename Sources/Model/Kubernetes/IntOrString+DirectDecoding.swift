// What `IntOrString.init(from:)` reads, read directly.

extension IntOrString: JSONDirectDecodable {
    /// An integer that fits `Int`, else a string; a string that is not UTF-8 says so, anything
    /// else (a fraction, a number too big, null, …) is `expected an integer or a string`.
    init(json: JSONValueReader) throws(DecodeError) {
        if json.kind == .number, let number = try? json.int() {
            self = .int(number)
            return
        }
        switch json.kind {
        case .string, .escapedString: self = .string(try json.string())
        case .invalidUTF8String: throw json.invalidUTF8()
        default: throw json.error("expected an integer or a string")
        }
    }
}
