import Model

extension MidoNetTransport {
    /// GETs the collection at `path` and hands its elements to `body` one at a time
    /// (`JSONDocument.forEachElement(ofArray:)`): a listing is never a tree of all its values,
    /// which for `KUBE-SERVICES` with tens of thousands of Services was most of what reading
    /// MidoNet took. A 404 lists nothing (a parent not created yet). Anything but 200 or 404,
    /// and a body that is not a JSON array, is an error: an unreadable listing is never taken
    /// for an empty one.
    func forEachListed(_ path: String, _ kind: MidoNetKind, _ body: (JSONValue) throws -> Void) async throws {
        let response = try await send(MidoNetRequest(method: "GET", path: path, accept: kind.collectionMediaType))
        if response.status == 404 { return }
        guard response.status == 200 else { throw MidoNetError(status: response.status, message: response.message ?? "GET \(path) failed") }
        let listed: Bool
        do {
            listed = try JSONDocument.forEachElement(ofArray: response.body, body)
        } catch let error as JSONParseError {
            throw MidoNetError(status: response.status, message: "GET \(path): the listing is not JSON (\(error))")
        }
        guard listed else { throw MidoNetError(status: response.status, message: "GET \(path): the listing is not a JSON array") }
    }
}
