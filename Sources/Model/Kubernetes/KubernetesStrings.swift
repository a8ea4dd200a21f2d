import Glibc

/// String values that Kubernetes JSON repeats in nearly every object (versions, kinds, protocols,
/// Service types, operations). The direct decoders take these literals for such values instead
/// of validating and copying the bytes into a new `String` (and, past 15 bytes, allocating).
enum KubernetesStrings {
    /// The literal equal to `bytes`, if it is one of the common values.
    static func common(_ bytes: UnsafeBufferPointer<UInt8>) -> String? {
        switch bytes.count {
        case 2: if matches(bytes, "v1") { return "v1" }
        case 3:
            if matches(bytes, "TCP") { return "TCP" }
            if matches(bytes, "UDP") { return "UDP" }
            if matches(bytes, "Pod") { return "Pod" }
        case 4:
            if matches(bytes, "None") { return "None" }
            if matches(bytes, "Node") { return "Node" }
            if matches(bytes, "IPv4") { return "IPv4" }
        case 6:
            if matches(bytes, "CREATE") { return "CREATE" }
            if matches(bytes, "UPDATE") { return "UPDATE" }
            if matches(bytes, "DELETE") { return "DELETE" }
        case 7:
            if matches(bytes, "Service") { return "Service" }
            if matches(bytes, "Cluster") { return "Cluster" }
            if matches(bytes, "default") { return "default" }
        case 8:
            if matches(bytes, "services") { return "services" }
            if matches(bytes, "NodePort") { return "NodePort" }
        case 9:
            if matches(bytes, "ClusterIP") { return "ClusterIP" }
            if matches(bytes, "Endpoints") { return "Endpoints" }
            if matches(bytes, "endpoints") { return "endpoints" }
        case 11: if matches(bytes, "SingleStack") { return "SingleStack" }
        case 12: if matches(bytes, "LoadBalancer") { return "LoadBalancer" }
        case 13: if matches(bytes, "EndpointSlice") { return "EndpointSlice" }
        case 15: if matches(bytes, "AdmissionReview") { return "AdmissionReview" }
        case 19:
            if matches(bytes, "admission.k8s.io/v1") { return "admission.k8s.io/v1" }
            if matches(bytes, "discovery.k8s.io/v1") { return "discovery.k8s.io/v1" }
        case 24: if matches(bytes, "admission.k8s.io/v1beta1") { return "admission.k8s.io/v1beta1" }
        default: break
        }
        return nil
    }

    /// Every value `common` gives, for tests: each must come back for its own bytes.
    static let all: [String] = [
        "v1", "TCP", "UDP", "Pod", "None", "Node", "IPv4", "CREATE", "UPDATE", "DELETE", "Service", "Cluster", "default",
        "services", "NodePort", "ClusterIP", "Endpoints", "endpoints", "SingleStack", "LoadBalancer", "EndpointSlice",
        "AdmissionReview", "admission.k8s.io/v1", "discovery.k8s.io/v1", "admission.k8s.io/v1beta1",
    ]

    /// `bytes` are exactly `text` (same length, checked by the caller's switch; a literal of more
    /// than one character).
    @inline(__always)
    private static func matches(_ bytes: UnsafeBufferPointer<UInt8>, _ text: StaticString) -> Bool {
        guard let base = bytes.baseAddress else { return false }
        return memcmp(base, text.utf8Start, bytes.count) == 0
    }
}
