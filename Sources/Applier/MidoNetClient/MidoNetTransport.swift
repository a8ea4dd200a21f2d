/// One request to the MidoNet REST API, relative to its base URL (`…/midonet-api`).
struct MidoNetRequest: Sendable, Equatable {
    var method: String
    /// Path below the base, e.g. `/chains/<id>/rules`.
    var path: String
    var contentType: String?
    var accept: String?
    var body: [UInt8]?

    init(method: String, path: String, contentType: String? = nil, accept: String? = nil, body: [UInt8]? = nil) {
        self.method = method
        self.path = path
        self.contentType = contentType
        self.accept = accept
        self.body = body
    }
}

/// MidoNet's answer.
struct MidoNetResponse: Sendable {
    var status: Int
    var headers: [(String, String)]
    var body: [UInt8]

    /// `message` of MidoNet's error entity (`{"message": …, "code": …}`), or the body as text.
    var message: String? {
        guard !body.isEmpty else { return nil }
        if let value = try? JSONDecoder().decode(ErrorEntity.self, from: Data(body)) {
            var text = value.message ?? ""
            for violation in value.violations ?? [] {
                text += (text.isEmpty ? "" : "; ") + "\(violation.property ?? ""): \(violation.message ?? "")"
            }
            return text.isEmpty ? nil : text
        }
        return String(decoding: body.prefix(512), as: UTF8.self)
    }

    func header(_ name: String) -> String? {
        headers.first { $0.0.lowercased() == name.lowercased() }?.1
    }

    struct ErrorEntity: Decodable {
        var message: String?
        var violations: [Violation]?
        struct Violation: Decodable {
            var property: String?
            var message: String?
        }
    }
}

/// Sends requests to MidoNet (logging in as needed). `nil` status is never returned: a request
/// that got no answer throws.
protocol MidoNetTransport: Sendable {
    func send(_ request: MidoNetRequest) async throws -> MidoNetResponse
}

import Foundation
