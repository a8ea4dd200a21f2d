// What `AdmissionReviewHeader.init(from:)` reads, read directly.

extension AdmissionReviewHeader: JSONDirectDecodable {
    init(json: JSONValueReader) throws(DecodeError) {
        let container = try json.object()
        apiVersion = try container.decodeIfPresent(String.self, forKey: "apiVersion") ?? AdmissionReview.v1
        uid = try container.required("request").object().decode(String.self, forKey: "uid")
    }
}
