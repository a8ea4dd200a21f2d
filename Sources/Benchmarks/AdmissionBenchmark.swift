import ArgumentParser
import Foundation
import Model

/// `midonet-bench admission`: the CPU cost of one `/validate` without the network — parse a real
/// Service AdmissionReview, decode it, validate it, encode the answer — split into its steps,
/// and the one-pass read for validation that `/validate` runs instead of parse and decode.
/// Decoding is measured both ways on the same parsed document: through `Decodable`
/// (`JSONTreeDecoder`, the reference) and directly (`init(json:)`, what the webhook runs); so is
/// the decode of an `/audit` EventList (a `StoreWorkload` batch of RequestResponse events).
struct AdmissionBenchmark: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "admission", abstract: "Parse + decode + validate + encode a real Service AdmissionReview, and decode an audit EventList: µs per step.")

    @Option(help: "AdmissionReview JSON file (default: the kubewarden Service fixture, wrapped).") var review: String?
    @Option(help: "Iterations.") var iterations = 20_000
    @Option(help: "Events in the audit EventList.") var auditEvents = 100

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
        var parseTime = 0.0, decodableTime = 0.0, directTime = 0.0, validateTime = 0.0, encodeTime = 0.0, onePassTime = 0.0
        var sink = 0
        for iteration in 0..<iterations {
            // What /validate runs: the review read in one pass (no node tree), for validation.
            let start = now()
            let onePass = try AdmissionReview.decodeForValidation(body)
            onePassTime += Double(now() - start)
            sink &+= onePass.request?.uid.utf8.count ?? 0
            let t0 = now()
            guard let document = try? KubernetesJSON.parse(body) else { throw ValidationError("the review does not parse") }
            let t1 = now()
            // The two decodes take turns going first, so neither always finds the document in cache.
            let (reference, decodable, decoded, direct) = try Self.timed(
                first: iteration % 2 == 0, { try AdmissionReview.decodeUsingDecodable(document) }, { try AdmissionReview.decode(document) })
            guard let request = decoded.request else { throw ValidationError("the review has no request") }
            let t2 = now()
            let verdict = Validator.review(request, state: state)
            let t3 = now()
            let answer = verdict.response.encodedReview(answering: decoded)
            let t4 = now()
            sink &+= answer.count &+ (reference.request?.uid.utf8.count ?? 0)
            parseTime += Double(t1 - t0)
            decodableTime += decodable
            directTime += direct
            validateTime += Double(t3 - t2)
            encodeTime += Double(t4 - t3)
        }
        let audit = try auditDecode()
        let n = Double(iterations) * 1000
        func µs(_ time: Double) -> String { String(format: "%.2f", time / n) }
        printTable(["step", "µs per review"], [
            ["parse (\(body.count) bytes)", µs(parseTime)],
            ["decode, Decodable (JSONTreeDecoder)", µs(decodableTime)],
            ["decode, direct (init(json:))", µs(directTime)],
            ["validate", µs(validateTime)],
            ["encode answer", µs(encodeTime)],
            ["total (parse + direct decode + validate + encode)", µs(parseTime + directTime + validateTime + encodeTime)],
            ["read for validation in one pass (decodeForValidation: what /validate runs)", µs(onePassTime)],
            ["total as /validate runs it (one-pass read + validate + encode)", µs(onePassTime + validateTime + encodeTime)],
        ])
        print("")
        printTable(["audit EventList (\(auditEvents) events, \(audit.bytes) bytes)", "µs per list", "µs per event"], [
            ["parse", String(format: "%.1f", audit.parse), String(format: "%.2f", audit.parse / Double(auditEvents))],
            ["decode, Decodable (JSONTreeDecoder)", String(format: "%.1f", audit.decodable), String(format: "%.2f", audit.decodable / Double(auditEvents))],
            ["decode, direct (init(json:))", String(format: "%.1f", audit.direct), String(format: "%.2f", audit.direct / Double(auditEvents))],
        ])
        if sink == 0 { print("") }
    }

    /// µs per EventList to parse, decode through `Decodable`, and decode directly: a steady-state
    /// `StoreWorkload` batch (Service and Endpoints updates with their full responseObject).
    func auditDecode() throws -> (bytes: Int, parse: Double, decodable: Double, direct: Double) {
        let workload = StoreWorkload(services: 200, endpointsPerService: 4, batchSize: auditEvents, runID: "bench")
        let body = workload.batchJSON(workload.createBatches + 1)
        let rounds = max(1, iterations / max(1, auditEvents / 4))
        var parseTime = 0.0, decodableTime = 0.0, directTime = 0.0
        var sink = 0
        for round in 0..<rounds {
            let t0 = now()
            guard let document = try? KubernetesJSON.parse(body) else { throw ValidationError("the EventList does not parse") }
            let t1 = now()
            let (reference, decodable, decoded, direct) = try Self.timed(
                first: round % 2 == 0, { try AuditEventList.decodeUsingDecodable(document) }, { try AuditEventList.decode(document) })
            guard decoded.items.allSatisfy({ (try? $0.get().responseObject?.count) == 1 }) else {
                throw ValidationError("an event of the EventList did not decode with its object")
            }
            sink &+= decoded.items.count &+ reference.items.count
            parseTime += Double(t1 - t0)
            decodableTime += decodable
            directTime += direct
        }
        if sink == 0 { print("") }
        let n = Double(rounds) * 1000
        return (body.count, parseTime / n, decodableTime / n, directTime / n)
    }

    /// Runs `a` and `b` (`a` first when `first`), returning each result with its time in ns.
    static func timed<A, B>(
        first: Bool, _ a: () throws -> A, _ b: () throws -> B
    ) throws -> (A, Double, B, Double) {
        if first {
            let t0 = now()
            let x = try a()
            let t1 = now()
            let y = try b()
            let t2 = now()
            return (x, Double(t1 - t0), y, Double(t2 - t1))
        }
        let t0 = now()
        let y = try b()
        let t1 = now()
        let x = try a()
        let t2 = now()
        return (x, Double(t2 - t1), y, Double(t1 - t0))
    }
}
