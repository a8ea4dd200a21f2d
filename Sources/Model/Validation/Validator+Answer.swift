extension Validator {
    /// The whole of `/validate` short of HTTP: a request body in, the response body out.
    public struct Answer: Sendable {
        /// The AdmissionReview to send with status 200; nil when the body is not even an
        /// AdmissionReview with a uid (answer HTTP 400: there is nothing to copy the uid from).
        public var body: [UInt8]?
        /// The verdict, when the review could be read (for logs and metrics).
        public var verdict: AdmissionVerdict?
        /// Why the review could not be read, with the JSON path of the culprit.
        public var error: DecodeError?
    }

    /// Decodes the review, judges it against `state`, and encodes the answer in the review's version
    /// with its uid. A review whose object cannot be read (a port that is a string, a missing
    /// field) is answered `errored(status: 400)` naming the path, so the user sees why.
    public static func answer(_ body: [UInt8], state: ClusterState) -> Answer {
        let review: AdmissionReview
        do {
            review = try AdmissionReview.decode(body)
        } catch {
            guard let header = AdmissionReviewHeader.read(body), !header.uid.isEmpty else {
                return Answer(body: nil, verdict: nil, error: error)
            }
            let response = AdmissionResponse.errored(status: 400, message: "cannot read the AdmissionReview: \(error)")
            return Answer(body: response.encodedReview(apiVersion: header.apiVersion, uid: header.uid), verdict: nil, error: error)
        }
        // `decode` guarantees a request with a uid.
        guard let request = review.request else { return Answer(body: nil, verdict: nil, error: nil) }
        let verdict = Validator.review(request, state: state)
        return Answer(body: verdict.response.encodedReview(answering: review), verdict: verdict, error: nil)
    }
}
