import Foundation
import Model

/// `POST /validate`: an AdmissionReview in, the same version out, `response.uid` = `request.uid`
/// on every path. Pure: the caller hands in the cluster state and sends the bytes.
struct AdmissionEndpoint: Sendable {
    /// How a review was answered: the `verdict` label of the request metrics.
    enum Verdict: String, Sendable, CaseIterable {
        case allowed, denied
        /// A review we answered but could not judge.
        case errored
        /// Not an AdmissionReview at all: HTTP 400.
        case invalid

        /// The position in `allCases` (the metrics keep their series in that order).
        var index: Int {
            switch self {
            case .allowed: 0
            case .denied: 1
            case .errored: 2
            case .invalid: 3
            }
        }
    }

    /// What one review came to, for the log line and the metrics.
    struct Answer: Sendable {
        var status: Int
        var body: [UInt8]
        var verdict: Verdict
        /// `Kind ns/name` of the object and the denial message, when denied (nil otherwise).
        var object: String?
        var message: String?
    }

    static func answer(_ body: [UInt8], state: ClusterState) -> Answer {
        var review: AdmissionReview
        do {
            review = try AdmissionReview.decodeForValidation(body)
        } catch {
            // When the uid and version can still be read, answer in the protocol: kube-apiserver
            // shows the user our message. Otherwise it is not an AdmissionReview: HTTP 400.
            if let header = AdmissionReviewHeader.read(body), !header.uid.isEmpty,
                header.apiVersion == AdmissionReview.v1 || header.apiVersion == AdmissionReview.v1beta1
            {
                let response = AdmissionResponse.errored(status: 400, message: "cannot read the AdmissionReview: \(error)")
                return Answer(status: 200, body: response.encodedReview(apiVersion: header.apiVersion, uid: header.uid), verdict: .errored, message: error.description)
            }
            return Answer(status: 400, body: StatusBody.failure(code: 400, reason: "BadRequest", message: "not an AdmissionReview: \(error)"), verdict: .invalid, message: error.description)
        }
        // Moved out, not copied (a retain and a release per string of the object).
        guard let request = review.request.take() else {
            return Answer(status: 400, body: StatusBody.failure(code: 400, reason: "BadRequest", message: "request: required field is missing"), verdict: .invalid)
        }
        let verdict = Validator.review(request, state: state)
        let body = verdict.response.encodedReview(apiVersion: review.apiVersion, uid: request.uid)
        guard !verdict.isAllowed else { return Answer(status: 200, body: body, verdict: .allowed) }
        // The object's name only for the denial's log line (not built for every allowed review).
        let key = [request.namespace, request.name].compactMap { $0 }.filter { !$0.isEmpty }.joined(separator: "/")
        return Answer(status: 200, body: body, verdict: .denied, object: "\(request.kind.kind) \(key)", message: verdict.message)
    }
}

/// A `metav1.Status` body, as Kubernetes clients expect on errors.
enum StatusBody {
    static func failure(code: Int, reason: String, message: String) -> [UInt8] {
        let value: JSONValue = [
            "kind": "Status", "apiVersion": "v1", "metadata": [:], "status": "Failure",
            "message": .string(message), "reason": .string(reason), "code": .int(code),
        ]
        return value.bytes
    }
}
