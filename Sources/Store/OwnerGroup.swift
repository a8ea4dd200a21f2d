public import Model

/// The groups the applier keeps in order: ops of one owner apply strictly in sequence, owners
/// in parallel. A Service and its endpoints share one (the endpoint rules live in the Service's
/// port chains); a Node and its pods share one (pod ports live on the node's bridge).
public enum OwnerGroup {
    public static let global = "global"

    /// The owner of a unit's operations; a pod's needs its node (`podNode`).
    public static func of(_ key: TranslationKey, podNode: String?) -> String {
        switch key {
        case .global: global
        case .node(let name): "node/\(name)"
        case .service(let serviceKey), .serviceEndpoints(let serviceKey): "svc/\(serviceKey)"
        case .pod(let podKey):
            if let podNode, !podNode.isEmpty { "node/\(podNode)" } else { "pod/\(podKey)" }
        }
    }
}
