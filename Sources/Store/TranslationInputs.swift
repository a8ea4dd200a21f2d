import Model

/// The Kubernetes objects one unit's translation reads, by what the translator asks for; a
/// key's entry holds nil when the object is known to be absent.
struct TranslationInputs: Sendable {
    var services: [String: Service?] = [:]
    var nodes: [String: Node?] = [:]
    var pods: [String: Pod?] = [:]
    var endpoints: [String: Endpoints?] = [:]
    var slices: [String: [EndpointSlice]] = [:]

    init() {}

    /// What `Translator.translate(key, …)` reads, from `lookup` and `pods`. Kept in step with
    /// the translator by `TranslationChangeTests` (a unit it does not cover is translated by the
    /// writer: correct, but not in parallel).
    init(of key: TranslationKey, lookup: some ClusterLookup, pods: (String) -> Pod?) {
        switch key {
        case .global:
            break
        case .node(let name):
            nodes[name] = .some(lookup.node(name))
        case .pod(let podKey):
            let pod = pods(podKey)
            self.pods[podKey] = .some(pod)
            if let nodeName = pod?.spec?.nodeName, !nodeName.isEmpty { nodes[nodeName] = .some(lookup.node(nodeName)) }
        case .service(let serviceKey):
            services[serviceKey] = .some(lookup.service(serviceKey))
        case .serviceEndpoints(let serviceKey):
            services[serviceKey] = .some(lookup.service(serviceKey))
            endpoints[serviceKey] = .some(lookup.endpoints(serviceKey))
            slices[serviceKey] = lookup.endpointSlices(ofService: serviceKey)
        }
    }
}

/// `TranslationInputs` as a `ClusterLookup`; notes a question they cannot answer.
final class PrefetchedLookup: ClusterLookup {
    let inputs: TranslationInputs
    private(set) var missed = false

    init(_ inputs: TranslationInputs) { self.inputs = inputs }

    private func answer<T>(_ entry: T??) -> T? {
        guard let entry else {
            missed = true
            return nil
        }
        return entry
    }

    func service(_ key: String) -> Service? { answer(inputs.services[key]) }
    func node(_ name: String) -> Node? { answer(inputs.nodes[name]) }
    func endpoints(_ key: String) -> Endpoints? { answer(inputs.endpoints[key]) }
    func pod(_ key: String) -> Pod? { answer(inputs.pods[key]) }
    func endpointSlices(ofService key: String) -> [EndpointSlice] {
        guard let slices = inputs.slices[key] else {
            missed = true
            return []
        }
        return slices
    }
}
