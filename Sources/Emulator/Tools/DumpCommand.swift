import ArgumentParser
import Foundation
import HTTPLayer
import Model

/// `midonet-emulator dump --api URL`: print the topology behind a MidoNet API as a tree.
struct DumpCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dump", abstract: "Print the topology of a MidoNet API (emulated or real) as a readable tree.")

    @Option(help: "The API base URL, e.g. http://127.0.0.1:8181/midonet-api.")
    var api: String

    @Option(help: "Log in with this user name first (with --password).")
    var username: String?

    @Option(help: "The password for --username.")
    var password: String?

    @Option(help: "PEM CA bundle to verify an HTTPS API.")
    var caFile: String?

    /// A failed GET, with what the API said.
    struct DumpError: Error, CustomStringConvertible {
        var description: String
    }

    func run() async throws {
        let client = try HTTPClient(configuration: HTTPClientConfiguration(caFile: caFile))
        defer { client.shutdown() }
        let base = api.hasSuffix("/") ? String(api.dropLast()) : api
        var token: String?
        if let username, let password {
            let credentials = Data("\(username):\(password)".utf8).base64EncodedString()
            let response = try await client.execute(
                ClientRequest(method: "POST", url: base + "/login", headers: ["Authorization": "Basic \(credentials)"]))
            guard response.status == 200, let key = (try? JSONBytes.parse(response.body))?["key"]?.stringValue else {
                throw DumpError(description: "login failed: \(response.status) \(response.text)")
            }
            token = key
        }
        let topology = try await TopologyFetcher.fetch { path, accept in
            var headers: HTTPHeaders = ["Accept": accept]
            if let token { headers.add(name: "X-Auth-Token", value: token) }
            let response = try await client.execute(ClientRequest(url: base + path, headers: headers))
            guard response.status == 200 else { throw DumpError(description: "GET \(path): \(response.status) \(response.text)") }
            switch Result(catching: { () throws(JSONBytes.ParseError) in try JSONBytes.parse(response.body) }) {
            case .success(let value): return value
            case .failure(let error): throw DumpError(description: "GET \(path): not JSON (\(error.reason) at byte \(error.offset))")
            }
        }
        print(topology.tree.rendered)
    }
}
