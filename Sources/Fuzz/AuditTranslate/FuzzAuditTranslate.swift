// libFuzzer target: the audit EventList decoder, then the translate path for every object it
// yields (affected translation units, translation, and the plan from nothing to the result).
// Built only by `make fuzz`.
import Model

// The test function: exported for libFuzzer (its archive's main references it), and handed to
// LLVMFuzzerRunDriver by main.swift.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzAuditTranslate(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    guard let list = try? AuditEventList.decode(bytes) else { return 0 }
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
