public import Foundation

/// The shared fixtures (real Kubernetes wire data written by others), found beside the repository.
public enum Fixtures {
    /// The repository's root folder.
    public static let repositoryRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    /// `../shared/fixtures/kubernetes`.
    public static let kubernetes = repositoryRoot.deletingLastPathComponent().appendingPathComponent("shared/fixtures/kubernetes")

    public static func data(_ relativePath: String) throws -> Data {
        try Data(contentsOf: kubernetes.appendingPathComponent(relativePath))
    }

    /// An AdmissionReview envelope around one of the `admissionreview/*.request.json` stanzas.
    public static func review(_ file: String, apiVersion: String = "admission.k8s.io/v1") throws -> [UInt8] {
        let request = try data("admissionreview/\(file)")
        return Array("{\"apiVersion\":\"\(apiVersion)\",\"kind\":\"AdmissionReview\",\"request\":".utf8) + Array(request) + Array("}".utf8)
    }
}
