import ArgumentParser
import Foundation
import Model

/// `midonet-bench admission`: the CPU cost of one `/validate` without the network — decode a real
/// Service AdmissionReview, validate it, encode the answer — split into its steps.
struct AdmissionBenchmark: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "admission", abstract: "Decode + validate + encode a real Service AdmissionReview: µs per step.")

    @Option(help: "AdmissionReview JSON file (default: the kubewarden Service fixture, wrapped).") var review: String?
    @Option(help: "Iterations.") var iterations = 20_000

    func run() throws {
        let body: [UInt8]
        if let review {
            body = Array(try Data(contentsOf: URL(fileURLWithPath: review)))
        } else {
            let fixture = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
                .deletingLastPathComponent().appendingPathComponent("shared/fixtures/kubernetes/admissionreview/kubewarden-service-clusterip.create.request.json")
            body = Array(#"{"apiVersion":"admission.k8s.io/v1","kind":"AdmissionReview","request":"#.utf8) + Array(try Data(contentsOf: fixture)) + Array("}".utf8)
        }
        var state = ClusterState()
        state.upsertRoute(.init(id: "r", prefix: IPv4Prefix("10.1.2.0/24")!, owner: .podCIDR(node: "worker-2")))
        var decodeTime = 0.0, validateTime = 0.0, encodeTime = 0.0
        var sink = 0
        for _ in 0..<iterations {
            let t0 = now()
            guard let decoded = try? AdmissionReview.decode(body), let request = decoded.request else { throw ValidationError("the review does not decode") }
            let t1 = now()
            let verdict = Validator.review(request, state: state)
            let t2 = now()
            let answer = verdict.response.encodedReview(answering: decoded)
            let t3 = now()
            sink &+= answer.count
            decodeTime += Double(t1 - t0)
            validateTime += Double(t2 - t1)
            encodeTime += Double(t3 - t2)
        }
        let n = Double(iterations) * 1000
        printTable(["step", "µs per review"], [
            ["decode (\(body.count) bytes)", String(format: "%.2f", decodeTime / n)],
            ["validate", String(format: "%.2f", validateTime / n)],
            ["encode answer", String(format: "%.2f", encodeTime / n)],
            ["total", String(format: "%.2f", (decodeTime + validateTime + encodeTime) / n)],
        ])
        if sink == 0 { print("") }
    }
}
