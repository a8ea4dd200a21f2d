/// A type written straight into JSON bytes as its `Encodable` conformance writes it, without
/// `JSONEncoder`: the counterpart of `JSONDirectDecodable`.
protocol JSONDirectEncodable {
    func write(into json: inout JSONWriter)
}

extension String: JSONDirectEncodable {
    func write(into json: inout JSONWriter) { json.string(self) }
}

extension Int: JSONDirectEncodable {
    func write(into json: inout JSONWriter) { json.int(self) }
}

extension Bool: JSONDirectEncodable {
    func write(into json: inout JSONWriter) { json.bool(self) }
}

extension Array: JSONDirectEncodable where Element: JSONDirectEncodable {
    func write(into json: inout JSONWriter) {
        json.raw("[")
        for (index, element) in enumerated() {
            if index > 0 { json.raw(",") }
            element.write(into: &json)
        }
        json.raw("]")
    }
}

extension Dictionary: JSONDirectEncodable where Key == String, Value == String {
    /// In the dictionary's order, as `JSONEncoder` (without `.sortedKeys`) writes it.
    func write(into json: inout JSONWriter) {
        json.raw("{")
        var first = true
        for (key, value) in self {
            if !first { json.raw(",") }
            first = false
            json.string(key)
            json.raw(":")
            json.string(value)
        }
        json.raw("}")
    }
}

extension JSONWriter {
    /// The members of one object being written: `{` when made, `}` at `end`, and the commas
    /// between the members `add` writes (a nil value is left out, as `encodeIfPresent` does).
    struct Members {
        private var first = true

        init(_ json: inout JSONWriter) { json.raw("{") }

        mutating func add(_ name: StaticString, _ value: (some JSONDirectEncodable)?, _ json: inout JSONWriter) {
            guard let value else { return }
            if !first { json.raw(",") }
            first = false
            json.raw("\"")
            json.raw(name)
            json.raw("\":")
            value.write(into: &json)
        }

        func end(_ json: inout JSONWriter) { json.raw("}") }
    }
}
