import ArgumentParser

/// `midonet-bench`: benchmarks run by hand (`make bench-…`); each prints a table.
@main
struct Bench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "midonet-bench",
        abstract: "Benchmarks of the MidoNet webhook components (run by hand, print a table).",
        subcommands: benchmarks
    )
}

/// One line per benchmark; each lives in its own file.
let benchmarks: [any ParsableCommand.Type] = [
    TranslateBenchmark.self,
    AdmissionBenchmark.self,
    ValidatorBenchmark.self,
    StoreBenchmark.self,
    ApplierWorkload.self,
]
