// libFuzzer target: the audit EventList decoder, then the translate path for every object it
// yields (affected translation units, translation, and the plan from nothing to the result).
// Differential too: the direct decoder the webhook runs must agree with the `Decodable` one,
// item by item (a disagreement traps). Built only by `make fuzz`.
import LibFuzzerDriver
import Model

// The test function: exported for libFuzzer (its archive's main references it), and handed to
// LLVMFuzzerRunDriver by main.swift.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzAuditTranslate(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    guard let document = try? KubernetesJSON.parse(bytes) else { return 0 }
    let direct = Result { () throws(DecodeError) in try AuditEventList.decode(document) }
    let reference = Result { () throws(DecodeError) in try AuditEventList.decodeUsingDecodable(document) }
    requireAgreement(direct, reference, summary: summary)
    guard case .success(let list) = direct else { return 0 }
    var objects: [KubernetesObject] = []
    for case .success(let event) in list.items {
        _ = event.succeeded
        objects += event.responseObject ?? []
    }
    let cluster = ClusterObjects(objects)
    let translator = Translator()
    var keys = Set<TranslationKey>()
    for object in objects { keys.formUnion(Translator.affectedKeys(of: object)) }
    for key in keys.sorted() {
        let translation = translator.translate(key, lookup: cluster, pods: { cluster.pods[$0] })
        _ = Plan.operations(from: [], to: translation.objects)
    }
    return 0
}

/// What both decoders must agree on, item by item (the types are not `Equatable`).
func summary(_ list: AuditEventList) -> [String] {
    [list.apiVersion ?? "-", list.kind ?? "-"] + list.items.map { item in
        switch item {
        case .success(let event):
            let objects = event.responseObject.map { $0.map { "\($0.kind?.rawValue ?? "other")/\($0.metadata?.name ?? "-")" } } ?? []
            return "\(event.auditID) \(event.verb) \(event.stage) \(event.objectRef?.resource ?? "-") \(event.succeeded) \(objects)"
        case .failure(let error): return "failed \(error)"
        }
    }
}
