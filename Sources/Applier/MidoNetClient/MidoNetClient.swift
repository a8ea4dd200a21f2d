import Foundation
import HTTPLayer
import Synchronization

/// Credentials for MidoNet's `/login` (Basic auth, optional project).
struct MidoNetCredentials: Sendable {
    var username: String
    var password: String
    var project: String?
}

/// The MidoNet REST API over our HTTP/1.1 client: keep-alive, a bounded pool, `X-Auth-Token`
/// on every call, and one new login plus retry when MidoNet answers 401 (token expired).
final class MidoNetClient: MidoNetTransport {
    let baseURL: String
    private let http: HTTPClient
    private let credentials: MidoNetCredentials?
    private let token = Mutex<String?>(nil)
    private let timeout: Duration
    /// Called with (method, resource, seconds, status or nil) after every call.
    let observe: @Sendable (String, String, Double, Int?) -> Void

    init(
        baseURL: String, caFile: String?, credentials: MidoNetCredentials?, maxConnections: Int = 16, timeout: Duration = .seconds(10),
        observe: @escaping @Sendable (String, String, Double, Int?) -> Void = { _, _, _, _ in }
    ) throws {
        self.baseURL = baseURL.hasSuffix("/") ? String(baseURL.dropLast()) : baseURL
        var configuration = HTTPClientConfiguration()
        configuration.caFile = caFile
        configuration.maxConnectionsPerHost = maxConnections
        http = try HTTPClient(configuration: configuration)
        self.credentials = credentials
        self.timeout = timeout
        self.observe = observe
    }

    func shutdown() { http.shutdown() }

    func send(_ request: MidoNetRequest) async throws -> MidoNetResponse {
        if credentials != nil, token.withLock({ $0 }) == nil { try await login() }
        let first = try await exchange(request)
        guard first.status == 401, credentials != nil else { return first }
        try await login()
        return try await exchange(request)
    }

    /// `POST /login` with Basic auth; the token is the JSON body's `key` (the Go client's way;
    /// the `sessionId` cookie carries the same value).
    func login() async throws {
        guard let credentials else { return }
        var headers = HTTPHeaders()
        let basic = Data("\(credentials.username):\(credentials.password)".utf8).base64EncodedString()
        headers.add(name: "Authorization", value: "Basic \(basic)")
        if let project = credentials.project, !project.isEmpty { headers.add(name: "X-Auth-Project", value: project) }
        headers.add(name: "Accept", value: "application/vnd.org.midonet.Token-v1+json")
        let response = try await http.execute(ClientRequest(method: "POST", url: baseURL + "/login", headers: headers, timeout: timeout))
        guard response.status == 200,
            let body = try? JSONDecoder().decode(LoginToken.self, from: Data(response.body)), !body.key.isEmpty
        else {
            throw MidoNetError(status: response.status, message: "login as \(credentials.username) failed")
        }
        token.withLock { $0 = body.key }
    }

    private struct LoginToken: Decodable { var key: String }

    private func exchange(_ request: MidoNetRequest) async throws -> MidoNetResponse {
        var headers = HTTPHeaders()
        if let contentType = request.contentType { headers.add(name: "Content-Type", value: contentType) }
        if let accept = request.accept { headers.add(name: "Accept", value: accept) }
        if let current = token.withLock({ $0 }) { headers.add(name: "X-Auth-Token", value: current) }
        let started = monotonicSeconds()
        let resource = Self.resource(of: request.path)
        do {
            let response = try await http.execute(ClientRequest(
                method: request.method, url: baseURL + request.path, headers: headers, body: request.body ?? [], timeout: timeout))
            observe(request.method, resource, monotonicSeconds() - started, response.status)
            return MidoNetResponse(status: response.status, headers: response.headers.map { ($0.name, $0.value) }, body: response.body)
        } catch {
            observe(request.method, resource, monotonicSeconds() - started, nil)
            throw error
        }
    }

    /// The resource a path is about, for metrics: `/chains/<id>/rules` → `rules`. A query is not
    /// part of it (`/routers?tenant_id=…` → `routers`); a tunnel zone's hosts are its memberships
    /// and a host's ports its bindings, not hosts and ports.
    static func resource(of path: String) -> String {
        let segments = path.prefix { $0 != "?" }.split(separator: "/").map(String.init)
        guard let index = segments.lastIndex(where: resourceNames.contains) else { return "other" }
        let name = segments[index]
        if index >= 2, name == "hosts", segments[index - 2] == "tunnel_zones" { return "tunnel_zone_hosts" }
        if index >= 2, name == "ports", segments[index - 2] == "hosts" { return "host_interface_ports" }
        return name
    }

    static let resourceNames: Set<String> = [
        "routers", "bridges", "ports", "link", "routes", "chains", "rules", "tunnel_zones", "hosts", "mac_table", "arp_table", "login",
    ]
}
