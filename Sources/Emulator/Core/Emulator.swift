import Foundation
import Model
import Synchronization

/// The emulator: one lock around the whole state, so the HTTP layer's threads may call
/// `handle` concurrently; each request is applied atomically, in arrival order.
final class Emulator: Sendable {
    let configuration: EmulatorConfiguration
    private let core: Mutex<EmulatorCore>

    init(configuration: EmulatorConfiguration = EmulatorConfiguration()) {
        self.configuration = configuration
        core = Mutex(EmulatorCore(configuration: configuration))
    }

    /// Answers one request (or decides to reset its connection).
    func handle(_ request: EmulatorRequest) -> EmulatorResponse {
        core.withLock { $0.handle(request) }
    }

    /// Runs `body` on the state under the lock (benchmarks and tests).
    func withState<T: Sendable>(_ body: (inout MidoNetState) -> T) -> T {
        core.withLock { body(&$0.api.state) }
    }
}

/// The emulator's mutable part: the API with its state, the authenticator and the fault dice.
struct EmulatorCore: Sendable {
    static let rootPath = "/midonet-api"

    var api: MidoNetAPI
    var auth: Authenticator
    var faults: FaultInjector
    private var requestsSincePurge = 0

    init(configuration: EmulatorConfiguration) {
        api = MidoNetAPI(state: MidoNetState(quirks: configuration.quirks))
        for host in configuration.hosts { api.registerHost(id: host.id, name: host.name) }
        auth = Authenticator(configuration: configuration.auth)
        faults = FaultInjector(configuration: configuration.faults)
    }

    /// Every response carries these (MidoNet's CorsFilter).
    static let corsHeaders: [(String, String)] = [
        ("Access-Control-Allow-Origin", "*"),
        ("Access-Control-Allow-Methods", "GET, POST, PUT, DELETE, OPTIONS"),
        ("Access-Control-Expose-Headers", "Location"),
    ]

    mutating func handle(_ request: EmulatorRequest) -> EmulatorResponse {
        var response = route(request)
        if response.action == .answer {
            for (name, value) in Self.corsHeaders { response.headers.add(name, value) }
        }
        return response
    }

    /// The path below `/midonet-api` as decoded segments; nil when outside it.
    static func segments(of path: String) -> [String]? {
        guard path == rootPath || path.hasPrefix(rootPath + "/") else { return nil }
        return path.dropFirst(rootPath.count).split(separator: "/").map { $0.contains("%") ? APIRequest.decode($0) : String($0) }
    }

    private mutating func route(_ request: EmulatorRequest) -> EmulatorResponse {
        guard let segments = Self.segments(of: request.path) else { return EmulatorResponse(status: 404) }
        let isLogin = segments.first == "login"
        switch faults.decide(isMutating: FaultInjector.isMutating(request.method) && !isLogin) {
        case .reset: return .reset
        case .fail: return APIError.status(503, "Resource read timeout").response
        case .proceed: break
        }
        if request.method == "OPTIONS" { return EmulatorResponse(status: 200) }
        if isLogin {
            requestsSincePurge += 1
            if requestsSincePurge >= 1000 {
                auth.purgeExpired(now: request.time)
                requestsSincePurge = 0
            }
            return auth.login(request.headers, now: request.time)
        }
        if let denied = auth.authorize(request.headers, now: request.time) { return denied }
        let host = request.headers["Host"] ?? "localhost"
        let apiRequest = APIRequest(
            method: request.method, segments: segments, query: request.query, headers: request.headers,
            body: request.body, base: "\(request.scheme)://\(host)\(Self.rootPath)")
        return api.handle(apiRequest)
    }
}
