import Foundation
import Model
import TestSupport
import Testing

@testable import Webhook

@Suite struct TranslateCommandTests {
    static let example = Fixtures.repositoryRoot.appendingPathComponent("examples/cluster.yaml").path

    @Test func exampleClusterTranslatesToEveryKind() throws {
        let objects = try ManifestReader.objects(in: Self.example)
        #expect(objects.count == 5)
        let lines = TranslateOutput.lines(for: objects, tenant: "midonetkube", includeGlobal: true)
        let kinds = Set(lines.compactMap { line -> String? in
            guard let value = try? JSONDecoder().decode(JSONValue.self, from: Data(line.utf8)) else { return nil }
            return value["kind"]?.stringValue
        })
        #expect(kinds == ["TunnelZone", "Router", "Chain", "Rule", "Bridge", "Port", "PortLink", "Route", "TunnelZoneHost", "HostInterfacePort", "MacPort", "IP4Mac"])
        // Global first, and every line is one JSON object with the documented fields.
        #expect(lines.first?.contains(#""kind":"TunnelZone""#) == true)
        for line in lines {
            let value = try JSONDecoder().decode(JSONValue.self, from: Data(line.utf8))
            #expect(value["id"] != nil && value["path"] != nil && value["mediaType"] != nil && value["body"] != nil)
        }
    }

    @Test func jsonAndYAMLGiveTheSameObjects() throws {
        let yaml = "kind: Service\napiVersion: v1\nmetadata: {name: a, namespace: b}\nspec:\n  clusterIP: 10.96.0.1\n  ports:\n  - {port: 80, targetPort: http}\n"
        let json = #"{"kind":"Service","apiVersion":"v1","metadata":{"name":"a","namespace":"b"},"spec":{"clusterIP":"10.96.0.1","ports":[{"port":80,"targetPort":"http"}]}}"#
        #expect(try ManifestReader.objects(from: Data(yaml.utf8)) == ManifestReader.objects(from: Data(json.utf8)))
    }

    @Test func multiDocumentYAML() throws {
        let yaml = "kind: Node\nmetadata: {name: n1}\n---\nkind: Node\nmetadata: {name: n2}\n---\n"
        #expect(try ManifestReader.objects(from: Data(yaml.utf8)).count == 2)
    }

    @Test(arguments: [
        ("kind: Service\nmetadata: {name: a}\nspec:\n  ports:\n  - {port: eighty}\n", "spec.ports[0].port"),
        ("{\"kind\": \"Service\", ", "not valid JSON"),
        ("kind: 'unterminated\n", "not valid YAML"),
        ("kind: Node\nmetadata: {name: a}\n---\nkind: Node\nmetadata: 3\n", "document 2: metadata"),
        ("just a string\n", "not a Kubernetes object"),
    ])
    func badInputNamesWhatIsWrong(text: String, expected: String) {
        do {
            _ = try ManifestReader.objects(from: Data(text.utf8))
            Issue.record("expected an error")
        } catch {
            #expect(String(describing: error).contains(expected), "\(error)")
        }
    }

    @Test func commandExitsOneAndPrintsNothingForABadFile() throws {
        let binary = Fixtures.repositoryRoot.appendingPathComponent(".build/debug/midonet-webhook")
        guard FileManager.default.fileExists(atPath: binary.path) else { return }
        let bad = FileManager.default.temporaryDirectory.appendingPathComponent("bad-\(UUID().uuidString).json")
        try Data(#"{"kind":"Service","metadata":{"name":"x"},"spec":{"ports":[{"port":"x"}]}}"#.utf8).write(to: bad)
        defer { try? FileManager.default.removeItem(at: bad) }
        let result = try ProcessRunner.run(binary.path, ["translate", bad.path])
        #expect(result.status == 1)
        #expect(result.stdout.isEmpty)
        let message = result.stderr
        #expect(message.hasPrefix(bad.path + ": spec.ports[0].port"))
        #expect(message.split(separator: "\n").count == 1)
    }
}
