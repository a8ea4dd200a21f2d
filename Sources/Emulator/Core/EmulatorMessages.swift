/// Header fields in order, looked up case-insensitively. The core's own type, so the core does
/// not depend on any HTTP layer and can be driven directly by unit tests and the benchmark.
struct EmulatorHeaders: Sendable, Equatable, ExpressibleByDictionaryLiteral {
    /// The fields in order, names as given.
    private(set) var fields: [(name: String, value: String)]

    init(_ fields: [(name: String, value: String)] = []) {
        self.fields = fields
    }

    init(dictionaryLiteral elements: (String, String)...) {
        self.fields = elements.map { (name: $0.0, value: $0.1) }
    }

    /// The first value of `name`, compared case-insensitively.
    subscript(name: String) -> String? {
        fields.first { Self.equalsIgnoringCase($0.name, name) }?.value
    }

    /// Every value of `name`, in order.
    func values(for name: String) -> [String] {
        fields.filter { Self.equalsIgnoringCase($0.name, name) }.map(\.value)
    }

    /// ASCII case-insensitive equality, without allocating (header names are ASCII tokens).
    static func equalsIgnoringCase(_ a: String, _ b: String) -> Bool {
        let left = a.utf8, right = b.utf8
        guard left.count == right.count else { return false }
        return zip(left, right).allSatisfy { ($0 >= 0x41 && $0 <= 0x5A ? $0 | 0x20 : $0) == ($1 >= 0x41 && $1 <= 0x5A ? $1 | 0x20 : $1) }
    }

    mutating func add(_ name: String, _ value: String) {
        fields.append((name: name, value: value))
    }

    static func == (lhs: EmulatorHeaders, rhs: EmulatorHeaders) -> Bool {
        lhs.fields.count == rhs.fields.count && zip(lhs.fields, rhs.fields).allSatisfy { $0.name == $1.name && $0.value == $1.value }
    }
}

/// One request as the emulator core sees it: what the HTTP layer received, plus the scheme (for
/// absolute URIs) and the time it arrived (for token expiry), so that handling is a pure function.
struct EmulatorRequest: Sendable {
    var method: String
    /// The full path, e.g. `/midonet-api/routers/…`, without the query.
    var path: String
    /// The query without `?`, nil when there is none.
    var query: String?
    var headers: EmulatorHeaders
    var body: [UInt8]
    /// `http` or `https`: MidoNet builds every URI from the request's base URI.
    var scheme: String
    /// Seconds since 1970 when the request arrived.
    var time: Double

    init(method: String, path: String, query: String? = nil, headers: EmulatorHeaders = [:], body: [UInt8] = [],
         scheme: String = "http", time: Double = 0) {
        self.method = method
        self.path = path
        self.query = query
        self.headers = headers
        self.body = body
        self.scheme = scheme
        self.time = time
    }
}

/// What to do with the connection after handling a request.
enum EmulatorAction: Sendable, Equatable {
    /// Send the response.
    case answer
    /// Close the connection without answering (`--reset-rate`).
    case reset
}

/// The core's answer: status, headers and body, or a reset.
struct EmulatorResponse: Sendable, Equatable {
    var status: Int
    var headers: EmulatorHeaders
    var body: [UInt8]
    var action: EmulatorAction

    init(status: Int, headers: EmulatorHeaders = [:], body: [UInt8] = [], action: EmulatorAction = .answer) {
        self.status = status
        self.headers = headers
        self.body = body
        self.action = action
    }

    /// The response to a reset decision (never sent).
    static let reset = EmulatorResponse(status: 0, action: .reset)

    /// The body as UTF-8 text (tests and logs).
    var bodyText: String { String(decoding: body, as: UTF8.self) }
}
