import Foundation
import HTTPLayer
import Model

/// Lists every object of a kind from kube-apiserver: GET of its collection, 500 objects a page
/// (`limit`, `continue`), with the service account's bearer token, read again for every listing
/// (the kubelet rotates projected tokens).
///
/// Pages are read from etcd at one snapshot (the continue token carries its revision), not with
/// `resourceVersion=0`: kube-apiserver answers that from its watch cache and, in most of its
/// versions, ignores `limit` there, so a large cluster's Pods would come as one response of
/// hundreds of megabytes. A continue token whose snapshot etcd compacted before the last page
/// (410 Gone: a listing slower than the compaction interval) starts the listing again from the
/// first page, as client-go's pager does, up to `restartsOnExpiry` times.
struct KubernetesLister: Sendable {
    /// `https://HOST:PORT`, without a trailing slash.
    let server: String
    let tokenFile: String?
    let client: HTTPClient

    struct Listing: Sendable {
        var items: [KubernetesObject]
        /// The resourceVersion every page was read at (the first page's).
        var resourceVersion: String?
    }

    static let pageSize = 500
    static let restartsOnExpiry = 2

    func list(_ kind: ObjectKind) async throws -> Listing {
        let bearer = try tokenFile.map { try String(contentsOfFile: $0, encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines) }
        var expiries = 0
        while true {
            do {
                return try await list(kind, bearer: bearer)
            } catch is ContinueExpired {
                expiries += 1
                guard expiries <= Self.restartsOnExpiry else {
                    throw ResyncError(
                        "GET \(Self.path(of: kind)): HTTP 410: the continue token expired \(expiries) times "
                            + "(a listing took longer than kube-apiserver keeps its snapshot)")
                }
            }
        }
    }

    /// A continued page answered 410 Gone.
    struct ContinueExpired: Error {}

    private func list(_ kind: ObjectKind, bearer: String?) async throws -> Listing {
        var listing = Listing(items: [], resourceVersion: nil)
        var continueToken: String?
        var pages = 0
        repeat {
            var url = server + Self.path(of: kind) + "?limit=\(Self.pageSize)"
            if let continueToken { url += "&continue=" + Self.queryEncoded(continueToken) }
            var headers = HTTPHeaders()
            headers.add(name: "Accept", value: "application/json")
            if let bearer { headers.add(name: "Authorization", value: "Bearer \(bearer)") }
            let response = try await client.execute(ClientRequest(url: url, headers: headers))
            if response.status == 410, continueToken != nil { throw ContinueExpired() }
            guard response.status == 200 else {
                throw ResyncError("GET \(Self.path(of: kind)): HTTP \(response.status): \(response.text.prefix(300))")
            }
            let page: ObjectListPage
            do {
                page = try ObjectListPage.decode(response.body)
            } catch {
                throw ResyncError("GET \(Self.path(of: kind)): not a \(kind.rawValue)List: \(error)")
            }
            listing.items += page.items
            if pages == 0 { listing.resourceVersion = page.resourceVersion }
            pages += 1
            continueToken = page.continueToken
        } while continueToken != nil
        return listing
    }

    /// `/api/v1/services`, `/apis/discovery.k8s.io/v1/endpointslices`.
    static func path(of kind: ObjectKind) -> String {
        kind.group.isEmpty ? "/api/v1/\(kind.resource)" : "/apis/\(kind.group)/v1/\(kind.resource)"
    }

    /// A `continue` token (base64: `+`, `/` and `=` must be escaped in a query).
    static func queryEncoded(_ text: String) -> String {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        return text.addingPercentEncoding(withAllowedCharacters: allowed) ?? text
    }
}

struct ResyncError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
