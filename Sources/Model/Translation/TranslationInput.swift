extension Translator {
    /// Annotations that translation may read have this prefix (`Annotation`); no other does.
    static let readAnnotationPrefix = "midonet.org/"

    /// The object as translation sees it: without its `resourceVersion`, its labels, and its
    /// annotations other than `midonet.org/` ones, none of which any translator reads (they read
    /// the key, the `midonet.org/` annotations, and spec, subsets and status).
    ///
    /// Two versions of an object with equal inputs translate the same, and so do the units that
    /// read it (`TranslationInputTests` holds the translators to that): the Store then saves
    /// the new version without translating anything again. kube-apiserver logs many updates
    /// like that (a controller's annotation, a label, a status heartbeat that changes nothing we map).
    public static func input(of object: KubernetesObject) -> KubernetesObject {
        object.withMetadata { metadata in
            metadata.resourceVersion = nil
            metadata.labels = nil
            if let annotations = metadata.annotations {
                let read = annotations.filter { $0.key.hasPrefix(readAnnotationPrefix) }
                metadata.annotations = read.isEmpty ? nil : read
            }
        }
    }
}
