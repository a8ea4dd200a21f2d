public import Model

/// Objects written since a change revision (`Store.objectChanges(of:since:)`), in the order they
/// were written.
public struct ObjectChanges: Sendable {
    /// Every change up to this revision is here.
    public var revision: Int64
    /// Objects stored (created or updated) since.
    public var stored: [KubernetesObject] = []
    /// Objects deleted since, by kind and key.
    public var deleted: [(kind: ObjectKind, key: String)] = []

    public init(revision: Int64) { self.revision = revision }
}
