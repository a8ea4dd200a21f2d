import ArgumentParser
import Foundation
import Model

/// `midonet-webhook translate [--tenant T] [--global] FILE...`: Kubernetes objects in, one JSON
/// line per MidoNet object out (DESIGN.md "Interfaces").
struct TranslateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "translate",
        abstract: "Print the MidoNet objects that Kubernetes objects (JSON or YAML, objects or Lists) translate to."
    )

    @Option(help: "MidoNet tenant (the original's TENANT).")
    var tenant: String = DeterministicID.defaultTenant

    @Flag(help: "Also print the global resources (tunnel zone, cluster router, shared chains).")
    var global = false

    @Argument(help: "Files with Kubernetes objects; '-' reads standard input.")
    var files: [String]

    func run() throws {
        var failed = false
        var objects: [KubernetesObject] = []
        for file in files {
            do {
                objects += try ManifestReader.objects(in: file)
            } catch {
                failed = true
                FileHandle.standardError.write(Data("\(file): \(error)\n".utf8))
            }
        }
        let lines = TranslateOutput.lines(for: objects, tenant: tenant, includeGlobal: global)
        FileHandle.standardOutput.write(Data(lines.map { $0 + "\n" }.joined().utf8))
        if failed { throw ExitCode(1) }
    }
}

/// What `translate` prints for a set of objects: every affected unit, in unit order.
enum TranslateOutput {
    static func lines(for objects: [KubernetesObject], tenant: String, includeGlobal: Bool) -> [String] {
        let cluster = ClusterObjects(objects)
        let translator = Translator(tenant: tenant)
        var keys = Set<TranslationKey>()
        if includeGlobal { keys.insert(.global) }
        for object in objects {
            keys.formUnion(Translator.affectedKeys(of: object))
        }
        return keys.sorted().flatMap { key in
            translator.translate(key, lookup: cluster, pods: { cluster.pods[$0] }).objects.map(\.jsonLine)
        }
    }
}
