import Foundation
import Model

extension UUID {
    /// Lower-case 8-4-4-4-12 text, as MidoNet prints UUIDs: the Model's `lowerText`, which avoids
    /// Foundation's formatter (it showed up in profiles of rule lists).
    var text: String { lowerText }

    /// Parses 8-4-4-4-12 hex text (either case); nil for anything else: the Model's
    /// `init?(text:)`, which avoids `UUID(uuidString:)`'s `sscanf` on the request path.
    static func parse(_ text: String) -> UUID? { UUID(text: text) }

    /// `parse` of a part of a string.
    static func parse(_ text: Substring) -> UUID? { UUID(text: text) }
}
