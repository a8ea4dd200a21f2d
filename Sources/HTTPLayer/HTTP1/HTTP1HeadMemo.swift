internal import Glibc

/// What the lines of a connection's previous request head parsed to. A keep-alive client
/// (kube-apiserver, a load generator) sends most lines of every head again byte for byte, and
/// each line parses on its own, so a line equal to the one at the same place last time parses to
/// the same thing: its method and target, or its field, are taken from here instead of being
/// checked and decoded into Strings again (a `/validate` head from h2load: 7,900 → 5,600
/// instructions). Lines that differ (Content-Length, a trace header) are parsed and remembered
/// anew; a line is only ever taken for the same bytes at the same place.
struct HTTP1HeadMemo {
    struct RequestLine {
        var bytes: [UInt8]
        var method: String
        var target: String
        var version: HTTPVersion
    }

    struct FieldLine {
        var bytes: [UInt8]
        var field: HTTPHeaders.Field
        /// Where the name and the value (without surrounding whitespace) are in the line.
        var name: Range<Int>
        var value: Range<Int>
    }

    /// False: nothing is remembered (a head parsed on its own).
    let remembering: Bool
    private(set) var requestLine: RequestLine?
    /// The header lines, in order.
    private(set) var fields: [FieldLine] = []
    /// Lines taken from here so far (for tests).
    private(set) var reused = 0

    init(remembering: Bool) { self.remembering = remembering }

    static func equal(_ remembered: [UInt8], _ line: UnsafeRawBufferPointer) -> Bool {
        guard remembered.count == line.count else { return false }
        return remembered.withUnsafeBytes { bytes in
            guard let a = bytes.baseAddress, let b = line.baseAddress else { return line.isEmpty }
            return memcmp(a, b, line.count) == 0
        }
    }

    /// The request line parsed before, when `line` is the same.
    mutating func requestLine(_ line: UnsafeRawBufferPointer) -> RequestLine? {
        guard let requestLine, Self.equal(requestLine.bytes, line) else { return nil }
        reused += 1
        return requestLine
    }

    mutating func remember(requestLine line: UnsafeRawBufferPointer, method: String, target: String, version: HTTPVersion) {
        guard remembering else { return }
        requestLine = RequestLine(bytes: Array(line), method: method, target: target, version: version)
    }

    /// The header line parsed before at `index`, when `line` is the same.
    mutating func field(_ index: Int, _ line: UnsafeRawBufferPointer) -> FieldLine? {
        guard index < fields.count, Self.equal(fields[index].bytes, line) else { return nil }
        reused += 1
        return fields[index]
    }

    mutating func remember(field: HTTPHeaders.Field, at index: Int, line: UnsafeRawBufferPointer, name: Range<Int>, value: Range<Int>) {
        guard remembering else { return }
        let remembered = FieldLine(bytes: Array(line), field: field, name: name, value: value)
        if index < fields.count {
            fields[index] = remembered
        } else if index == fields.count {
            fields.append(remembered)
        }
    }

    /// Forgets header lines past the first `count` (the head had fewer this time).
    mutating func keepFields(_ count: Int) {
        if fields.count > count { fields.removeSubrange(count...) }
    }
}
