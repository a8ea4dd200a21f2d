import ArgumentParser

/// `midonet-emulator`: an in-memory MidoNet 5.x REST API with fault injection, for tests,
/// benchmarks and the local demo (never production). Without a subcommand it serves.
@main
struct EmulatorCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "midonet-emulator",
        abstract: "An in-memory MidoNet REST API with fault injection.",
        subcommands: [ServeCommand.self, DumpCommand.self, BenchCommand.self],
        defaultSubcommand: ServeCommand.self)
}
