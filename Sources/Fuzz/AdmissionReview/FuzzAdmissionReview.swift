// libFuzzer target: the AdmissionReview decoder and the Validator's verdict on what it decodes
// (against an empty cluster state), and the encoded response. Built only by `make fuzz`.
import Model

// The test function: exported for libFuzzer (its archive's main references it), and handed to
// LLVMFuzzerRunDriver by main.swift.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzAdmissionReview(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    guard let review = try? AdmissionReview.decode(bytes), let request = review.request else { return 0 }
    let verdict = Validator.review(request, state: ClusterState())
    _ = verdict.response.encodedReview(answering: review)
    return 0
}
