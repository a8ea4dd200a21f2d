import Foundation
import Model

/// References to object kinds the emulator does not model (load balancers, mirrors, QoS
/// policies). They are bound fields in MidoNet, so any value names an object that does not
/// exist here: 404, as MidoNet answers for a missing referent.
enum UnmodelledReferences {
    static func check(_ body: BodyReader, single: [(field: String, className: String)], lists: [(field: String, className: String)] = [])
        throws(APIError)
    {
        for (field, className) in single {
            if let id = try body.uuid(field) { throw APIError.noSuch(className, id.text) }
        }
        for (field, className) in lists {
            if let first = try body.uuidArray(field)?.first { throw APIError.noSuch(className, first.text) }
        }
    }

    static let mirrors: [(field: String, className: String)] = [("inboundMirrorIds", "Mirror"), ("outboundMirrorIds", "Mirror")]
}
