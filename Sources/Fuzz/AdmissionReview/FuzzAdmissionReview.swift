// libFuzzer target: the AdmissionReview decoder and the Validator's verdict on what it decodes
// (against an empty cluster state), and the encoded response, and `decodeForValidation` (the
// one-pass read /validate runs) on every input. Differential too: the direct
// decoder the webhook runs (`init(json:)`) must agree with the `Decodable` one it replaced, value
// or error (path and reason); a disagreement traps, and libFuzzer keeps the input.
// Built only by `make fuzz`.
import LibFuzzerDriver
import Model

// The test function: exported for libFuzzer (its archive's main references it), and handed to
// LLVMFuzzerRunDriver by main.swift.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzAdmissionReview(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    // What /validate runs: the one-pass read, the node tree when it gives up (its agreement with
    // the node tree is AdmissionReviewStreamDecodingTests'; here, that no input crashes it).
    let forValidation = try? AdmissionReview.decodeForValidation(bytes)
    guard let document = try? KubernetesJSON.parse(bytes) else {
        // Not JSON: the one-pass read must not have read a review from it.
        if forValidation != nil { fatalError("decodeForValidation read a review from bytes that are not JSON") }
        return 0
    }
    let direct = Result { () throws(DecodeError) in try AdmissionReview.decode(document) }
    let reference = Result { () throws(DecodeError) in try AdmissionReview.decodeUsingDecodable(document) }
    requireAgreement(direct, reference, summary: summary)
    guard case .success(let review) = direct, let request = review.request else { return 0 }
    let verdict = Validator.review(request, state: ClusterState())
    _ = verdict.response.encodedReview(answering: review)
    return 0
}

/// What both decoders must agree on (the types are not `Equatable`).
func summary(_ review: AdmissionReview) -> [String] {
    guard let request = review.request else { return [review.apiVersion, review.kind] }
    return [
        review.apiVersion, review.kind, request.uid, request.operation, request.kind.kind, request.name ?? "-", request.namespace ?? "-",
        "\(request.dryRun)", request.object?.kind?.rawValue ?? "-", request.oldObject?.kind?.rawValue ?? "-",
        request.object?.metadata?.name ?? "-", request.object?.metadata?.namespace ?? "-",
    ]
}
