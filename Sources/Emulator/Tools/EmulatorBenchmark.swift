import Foundation
import Model

/// Drives the core directly with the requests a client would send: N rules appended to one
/// chain (explicit positions, as our Applier sends), a list of the chain, N single-rule GETs
/// (position lookups), inserts at the top (MidoNet's default position), and deletes.
enum EmulatorBenchmark {
    struct Phase {
        var name: String
        var operations: Int
        var seconds: Double
        var residentBytes: Int

        var opsPerSecond: Double { seconds > 0 ? Double(operations) / seconds : 0 }
    }

    struct Report {
        var phases: [Phase]

        var peakResidentBytes = 0

        var text: String {
            let peak = "peak RSS \(String(format: "%.1f", Double(peakResidentBytes) / 1_048_576)) MiB (includes the list answer)"
            return phases.map { phase in
                let rate = String(format: "%.0f", phase.opsPerSecond)
                let seconds = String(format: "%.3f", phase.seconds)
                let mib = String(format: "%.1f", Double(phase.residentBytes) / 1_048_576)
                return "\(phase.name): \(phase.operations) ops in \(seconds) s = \(rate) ops/s, RSS \(mib) MiB"
            }.joined(separator: "\n") + "\n" + peak
        }
    }

    /// Resident set size from `/proc/self/statm` (pages × page size); 0 where unavailable.
    static func residentBytes() -> Int {
        guard let text = try? String(contentsOfFile: "/proc/self/statm", encoding: .utf8) else { return 0 }
        let fields = text.split(separator: " ")
        guard fields.count > 1, let pages = Int(fields[1]) else { return 0 }
        return pages * Int(sysconf(Int32(_SC_PAGESIZE)))
    }

    /// Peak resident set size (`VmHWM` in `/proc/self/status`); 0 where unavailable.
    static func peakResidentBytes() -> Int {
        guard let text = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
            let line = text.split(separator: "\n").first(where: { $0.hasPrefix("VmHWM:") }),
            let kib = Int(line.split(separator: " ", omittingEmptySubsequences: true).dropFirst().first ?? "")
        else { return 0 }
        return kib * 1024
    }

    static func measure(_ name: String, operations: Int, _ body: () -> Void) -> Phase {
        let clock = ContinuousClock()
        let elapsed = clock.measure(body)
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        return Phase(name: name, operations: operations, seconds: seconds, residentBytes: residentBytes())
    }

    static let ruleType = "application/vnd.org.midonet.Rule-v2+json"

    static func post(_ emulator: Emulator, _ path: String, _ body: JSONValue, _ type: String) -> EmulatorResponse {
        emulator.handle(EmulatorRequest(method: "POST", path: "/midonet-api" + path, headers: ["Content-Type": type], body: JSONBytes.write(body)))
    }

    /// A rule like the ones the translator makes: a jump matching a service address and port.
    static func ruleBody(_ index: Int, position: Int?, target: UUID) -> JSONValue {
        var body: JSONValue = [
            "type": "jump", "jumpChainId": .string(target.text), "dlType": 2048, "nwProto": 6,
            "nwDstAddress": .string("10.\(index >> 16 & 255).\(index >> 8 & 255).\(index & 255)"), "nwDstLength": 32,
            "tpDst": ["start": .int(index % 60000 + 1), "end": .int(index % 60000 + 1)],
        ]
        if case .object(var fields) = body, let position {
            fields["position"] = .int(position)
            body = .object(fields)
        }
        return body
    }

    static func run(rules count: Int) -> Report {
        let emulator = Emulator()
        let chain = UUID(), target = UUID()
        _ = post(emulator, "/chains", ["id": .string(chain.text), "name": "bench"], "application/vnd.org.midonet.Chain-v1+json")
        _ = post(emulator, "/chains", ["id": .string(target.text), "name": "target"], "application/vnd.org.midonet.Chain-v1+json")
        var ids: [UUID] = []
        ids.reserveCapacity(count)
        var phases = [Phase(name: "start", operations: 0, seconds: 0, residentBytes: residentBytes())]
        phases.append(measure("create (append)", operations: count) {
            for index in 0..<count {
                let response = post(emulator, "/chains/\(chain.text)/rules", ruleBody(index, position: index + 1, target: target), ruleType)
                if let location = response.headers["Location"], let id = UUID.parse(String(location.suffix(36))) { ids.append(id) }
            }
        })
        var listed = 0
        phases.append(measure("list chain", operations: 1) {
            let response = emulator.handle(
                EmulatorRequest(method: "GET", path: "/midonet-api/chains/\(chain.text)/rules", headers: ["Accept": "application/vnd.org.midonet.collection.Rule-v2+json"]))
            listed = response.body.count
        })
        let sample = Swift.min(count, 1000)
        phases.append(measure("get one (position lookup)", operations: sample) {
            for index in stride(from: 0, to: ids.count, by: Swift.max(1, ids.count / Swift.max(1, sample))).prefix(sample) {
                _ = emulator.handle(EmulatorRequest(method: "GET", path: "/midonet-api/rules/\(ids[index].text)", headers: ["Accept": ruleType]))
            }
        })
        let topInserts = Swift.min(count, 10_000)
        phases.append(measure("create (top, default position)", operations: topInserts) {
            for index in 0..<topInserts {
                _ = post(emulator, "/chains/\(chain.text)/rules", ruleBody(count + index, position: nil, target: target), ruleType)
            }
        })
        let deletes = Swift.min(ids.count, 10_000)
        phases.append(measure("delete (from the end)", operations: deletes) {
            for id in ids.suffix(deletes).reversed() {
                _ = emulator.handle(EmulatorRequest(method: "DELETE", path: "/midonet-api/rules/\(id.text)"))
            }
        })
        phases.append(measure("delete chain (cascade)", operations: 1) {
            _ = emulator.handle(EmulatorRequest(method: "DELETE", path: "/midonet-api/chains/\(chain.text)"))
        })
        var report = Report(phases: phases, peakResidentBytes: peakResidentBytes())
        report.phases[2].name += " (\(listed) bytes)"
        return report
    }
}
