import ArgumentParser
import Foundation
import Model

/// `midonet-bench translate`: translate + plan N Services with E endpoints each.
struct TranslateBenchmark: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "translate", abstract: "Translate and plan N Services × E endpoints; objects/s and peak memory.")

    @Option(help: "Number of Services.") var services = 10_000
    @Option(help: "Ready endpoints per Service.") var endpoints = 3
    @Option(help: "Repetitions (the best is reported).") var rounds = 3

    func run() {
        var cluster = ClusterObjects()
        for i in 0..<services {
            let name = "svc-\(i)"
            let clusterIP = "10.96.\(i / 250).\(i % 250 + 1)"
            cluster.insert(.service(Service(
                metadata: ObjectMeta(name: name, namespace: "bench"),
                spec: ServiceSpec(clusterIP: clusterIP, ports: [ServicePort(name: "http", port: 80, targetPort: .int(8080))]))))
            let addresses = (0..<endpoints).map { EndpointAddress(ip: "10.\(1 + $0).\(i / 250).\(i % 250 + 1)") }
            cluster.insert(.endpoints(Endpoints(
                metadata: ObjectMeta(name: name, namespace: "bench"),
                subsets: [EndpointSubset(addresses: addresses, ports: [EndpointPort(name: "http", port: 8080)])])))
        }
        let translator = Translator()
        let baseline = ProcessMemory.residentBytes
        var rows: [[String]] = []
        var best = Double.infinity
        var objectCount = 0
        var operationCount = 0
        for round in 1...rounds {
            let start = now()
            objectCount = 0
            operationCount = 0
            for i in 0..<services {
                let key = "bench/svc-\(i)"
                for unit in [TranslationKey.service(key), .serviceEndpoints(key)] {
                    let objects = translator.translate(unit, lookup: cluster).objects
                    objectCount += objects.count
                    operationCount += Plan.operations(from: [], to: objects).count
                }
            }
            let seconds = now() - start
            best = min(best, seconds)
            rows.append([
                "\(round)", "\(services)×\(endpoints)", "\(objectCount)", "\(operationCount)", String(format: "%.3f", seconds),
                String(format: "%.0f", Double(services) / seconds), String(format: "%.0f", Double(objectCount) / seconds),
            ])
        }
        printTable(["round", "services×endpoints", "objects", "ops", "seconds", "services/s", "objects/s"], rows)
        print("")
        print(String(format: "best: %.0f objects/s; peak RSS %.1f MiB (cluster objects and runtime: %.1f MiB before translating)",
                     Double(objectCount) / best, Double(ProcessMemory.peakResidentBytes) / 1_048_576, Double(baseline) / 1_048_576))
    }
}
