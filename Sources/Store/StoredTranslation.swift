public import Model

/// One unit's stored translation as read, not decoded yet: drift repair reads them a page at a
/// time (`Store.translationPage`) and decodes each when it comes to it, so that a pass over tens
/// of thousands of units never holds them all decoded.
public struct StoredTranslation: Sendable {
    public let key: TranslationKey
    /// `key.description`, as the row has it: where the next page starts.
    let keyText: String
    let bytes: [UInt8]

    /// Equal for two reads of a translation that did not change in between (a hash of the
    /// stored bytes, seeded per process: never stored, never compared across processes).
    public var fingerprint: Int { bytes.hashValue }

    /// The unit's MidoNet objects (a damaged row is a `corruptRecord`).
    public func objects() throws -> [MidoNetObject] {
        do {
            return try StoredJSON.decodeObjects(bytes)
        } catch let error as StoreError {
            throw StoreError(error.code, "translation \(keyText): \(error.reason)")
        }
    }
}
