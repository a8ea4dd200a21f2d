import Foundation
import HTTPLayer
import Model
import Synchronization
import TestSupport

/// The test's own view of MidoNet, through its REST API over a real socket: independent of the
/// applier's client, so that what the tests check is what MidoNet says, not what the applier thinks.
final class MidoNetReader: Sendable {
    let base: String
    private let client: HTTPClient
    private let credentials: (user: String, password: String)?
    private let token = Mutex<String?>(nil)

    init(_ base: String, username: String? = nil, password: String? = nil) throws {
        self.base = base
        client = try HTTPClient(configuration: HTTPClientConfiguration(maxConnectionsPerHost: 4, requestTimeout: .seconds(20)))
        credentials = username.map { ($0, password ?? "") }
    }

    deinit { client.shutdown() }

    /// One call; logs in first when credentials are set, and again once on 401 (short token TTLs).
    func send(_ method: String, _ path: String, contentType: String? = nil, accept: String? = nil, body: JSONValue? = nil) async throws -> ClientResponse {
        for attempt in 0..<2 {
            var headers = HTTPHeaders()
            if let contentType { headers.add(name: "Content-Type", value: contentType) }
            if let accept { headers.add(name: "Accept", value: accept) }
            if credentials != nil {
                if token.withLock({ $0 }) == nil || attempt > 0 { try await login() }
                if let current = token.withLock({ $0 }) { headers.add(name: "X-Auth-Token", value: current) }
            }
            let response = try await client.execute(ClientRequest(method: method, url: base + path, headers: headers, body: body?.bytes ?? []))
            if response.status == 401, credentials != nil, attempt == 0 { continue }
            return response
        }
        throw ProcessHandleError("unreachable")
    }

    private func login() async throws {
        guard let credentials else { return }
        let basic = Data("\(credentials.user):\(credentials.password)".utf8).base64EncodedString()
        let response = try await client.execute(ClientRequest(method: "POST", url: base + "/login", headers: ["Authorization": "Basic \(basic)"]))
        guard response.status == 200, let key = (try? JSONDecoder().decode(JSONValue.self, from: Data(response.body)))?["key"]?.stringValue else {
            throw ProcessHandleError("test login failed: \(response.status) \(response.text)")
        }
        token.withLock { $0 = key }
    }

    /// GET of a collection with its collection media type; throws unless 200.
    func list(_ path: String, _ kind: MidoNetKind) async throws -> [JSONValue] {
        let response = try await send("GET", path, accept: kind.collectionMediaType)
        guard response.status == 200 else { throw ProcessHandleError("GET \(path): \(response.status) \(response.text)") }
        return try JSONDecoder().decode([JSONValue].self, from: Data(response.body))
    }

    /// The rules of a chain, in chain order.
    func rules(of chain: UUID) async throws -> [JSONValue] {
        try await list("/chains/\(chain.lowerText)/rules", .rule)
    }

    /// MidoNet's hosts by name.
    func hostIDs() async throws -> [String: UUID] {
        var result: [String: UUID] = [:]
        for host in try await list("/hosts", .host) {
            if let name = host["name"]?.stringValue, let id = host["id"]?.stringValue.flatMap(UUID.init(uuidString:)) { result[name] = id }
        }
        return result
    }

    /// POST and expect 201.
    func create(_ path: String, _ kind: MidoNetKind, _ body: JSONValue) async throws {
        let response = try await send("POST", path, contentType: kind.mediaType, body: body)
        guard response.status == 201 else { throw ProcessHandleError("POST \(path): \(response.status) \(response.text)") }
    }

    /// DELETE and expect 2xx.
    func delete(_ path: String) async throws {
        let response = try await send("DELETE", path)
        guard (200...299).contains(response.status) else { throw ProcessHandleError("DELETE \(path): \(response.status) \(response.text)") }
    }
}
