import Model

/// One bean-validation failure: the Java field name (or `""` for a class-level constraint) and
/// Hibernate Validator's text.
struct Violation: Sendable, Equatable {
    var property: String
    var message: String

    var json: JSONValue { ["property": .string(property), "message": .string(message)] }
}

/// An error answer, as MidoNet sends it (midonet-rest-api.md §3): a status, and either an error
/// entity (`{"message", "code"}`, plus `violations` for 400 validation failures) with content type
/// `Error-v1`, or an empty body (Jersey's own 405/406/415, and a few handlers' 404/409).
struct APIError: Error, Sendable, Equatable {
    enum Body: Sendable, Equatable {
        case empty
        case message(String?)
        case violations([Violation])
    }

    var status: Int
    var body: Body

    init(status: Int, body: Body) {
        self.status = status
        self.body = body
    }

    /// An error entity with a message.
    static func status(_ status: Int, _ message: String?) -> APIError {
        APIError(status: status, body: .message(message))
    }

    /// A status with an empty body.
    static func empty(_ status: Int) -> APIError {
        APIError(status: status, body: .empty)
    }

    /// `400 Validation error(s) found` with the violations.
    static func violations(_ violations: [Violation]) -> APIError {
        APIError(status: 400, body: .violations(violations))
    }

    static func badRequest(_ message: String) -> APIError { .status(400, message) }

    /// The storage layer's "referenced object missing" (404), with the protobuf class name.
    static func noSuch(_ className: String, _ id: some CustomStringConvertible) -> APIError {
        .status(404, "There is no \(className) with ID \(id).")
    }

    /// The storage layer's duplicate-id conflict (409).
    static func alreadyExists(_ className: String, _ id: some CustomStringConvertible) -> APIError {
        .status(409, "A(n) \(className) with ID \(id) already exists.")
    }

    static let methodNotAllowed = APIError.empty(405)
    static let notAcceptable = APIError.empty(406)
    static let unsupportedMediaType = APIError.empty(415)
    static let notFound = APIError.empty(404)

    /// The error entity JSON, nil for an empty body.
    var entity: JSONValue? {
        switch body {
        case .empty:
            return nil
        case .message(let message):
            return ["message": message.map(JSONValue.string) ?? .null, "code": .int(status)]
        case .violations(let violations):
            return [
                "message": "Validation error(s) found", "code": .int(status),
                "violations": .array(violations.map(\.json)),
            ]
        }
    }

    /// The HTTP answer.
    var response: EmulatorResponse {
        guard let entity else { return EmulatorResponse(status: status) }
        return EmulatorResponse(status: status, headers: ["Content-Type": midoNetErrorMediaType], body: JSONBytes.write(entity))
    }
}
