import Foundation
import Model

/// Who may log in, and for how long a token lives.
struct AuthConfiguration: Sendable, Equatable {
    /// nil: MidoNet's default `MockAuthService` — any credentials log in, any token is accepted.
    var username: String?
    var password: String?
    /// Token lifetime in seconds; nil means tokens never expire.
    var tokenTTL: Double?

    init(username: String? = nil, password: String? = nil, tokenTTL: Double? = nil) {
        self.username = username
        self.password = password
        self.tokenTTL = tokenTTL
    }

    var isEnforced: Bool { username != nil && password != nil }
}

/// `/login` and the `X-Auth-Token` check (midonet-rest-api.md §4).
struct Authenticator: Sendable {
    let configuration: AuthConfiguration
    /// Issued tokens and their expiry (seconds since 1970; nil = never).
    private(set) var tokens: [String: Double?] = [:]
    var random = SystemRandomNumberGenerator()

    /// The mock provider's fixed token.
    static let mockToken = "00000000"
    /// Verbatim MidoNet constant, two spaces included.
    static let wwwAuthenticate = "Basic  realm=\"BASIC_AUTH_REALM\""
    static let tokenMediaType = "application/vnd.org.midonet.Token-v1+json"

    init(configuration: AuthConfiguration) {
        self.configuration = configuration
    }

    /// The credentials of a Basic `Authorization` header, or the 401 message MidoNet gives.
    static func credentials(from header: String?) -> Result<(user: String, password: String), APIError> {
        guard let header, !header.isEmpty else { return .failure(loginFailure("Authorization header is not set.")) }
        guard header.hasPrefix("Basic ") else { return .failure(loginFailure("Authorization header does not contain Basic.")) }
        let encoded = header.dropFirst("Basic ".count).trimmingCharacters(in: .whitespaces)
        guard let data = Data(base64Encoded: encoded), let text = String(data: data, encoding: .utf8) else {
            return .failure(loginFailure("Authorization header is not valid"))
        }
        // Java's split(":") drops trailing empty parts: "user:" and "a:b:c" both fail.
        var parts = text.components(separatedBy: ":")
        while parts.last == "" { parts.removeLast() }
        guard parts.count == 2 else { return .failure(loginFailure("Authorization header is not valid")) }
        return .success((parts[0], parts[1]))
    }

    static func loginFailure(_ message: String) -> APIError {
        APIError.status(401, message)
    }

    /// `POST /login`: the token in the JSON body and in a `sessionId` cookie.
    mutating func login(_ headers: EmulatorHeaders, now: Double) -> EmulatorResponse {
        let user: String, password: String
        switch Self.credentials(from: headers["Authorization"]) {
        case .failure(let error): return Self.challenge(error)
        case .success(let credentials): (user, password) = credentials
        }
        let key: String
        var expires: Double?
        if configuration.isEnforced {
            guard user == configuration.username, password == configuration.password else {
                return Self.challenge(Self.loginFailure("Authentication error: wrong username or password."))
            }
            key = (0..<4).map { _ in String(format: "%08x", UInt32.random(in: 0...UInt32.max, using: &random)) }.joined()
            expires = configuration.tokenTTL.map { now + $0 }
            tokens[key] = .some(expires)
        } else {
            key = Self.mockToken
        }
        let expiresText = expires.map { TokenDate.format(secondsSince1970: $0) }
        var cookie = "sessionId=\(key)"
        if let expiresText { cookie += "; Expires=\(expiresText)" }
        let body: JSONValue = ["key": .string(key), "expires": expiresText.json]
        return EmulatorResponse(
            status: 200, headers: ["Content-Type": Self.tokenMediaType, "Set-Cookie": cookie], body: JSONBytes.write(body))
    }

    private static func challenge(_ error: APIError) -> EmulatorResponse {
        var response = error.response
        response.headers.add("WWW-Authenticate", wwwAuthenticate)
        return response
    }

    /// nil when the request may proceed, else the 401. The mock provider accepts anything.
    func authorize(_ headers: EmulatorHeaders, now: Double) -> EmulatorResponse? {
        guard configuration.isEnforced else { return nil }
        guard let token = headers["X-Auth-Token"]?.trimmingCharacters(in: .whitespaces), !token.isEmpty else {
            return APIError.status(401, "No token was passed in.").response
        }
        guard let expiry = tokens[token] else {
            return APIError.status(401, "Authentication error: the token is not valid.").response
        }
        if let expiry, now >= expiry {
            return APIError.status(401, "Authentication error: the token has expired.").response
        }
        return nil
    }

    /// Forgets expired tokens (keeps the table small on long runs).
    mutating func purgeExpired(now: Double) {
        tokens = tokens.filter { _, expiry in expiry.map { now < $0 } ?? true }
    }
}
