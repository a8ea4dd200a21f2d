import ArgumentParser

/// `midonet-emulator bench --rules N`: create and list N rules through the core.
struct BenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench", abstract: "Measure create/list of many rules in the emulator core (ops/s, memory).")

    @Option(help: "How many rules to create in one chain.")
    var rules = 100_000

    func run() throws {
        let report = EmulatorBenchmark.run(rules: rules)
        print(report.text)
    }
}
