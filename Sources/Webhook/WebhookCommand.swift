import ArgumentParser

/// `midonet-webhook`: the admission webhook and audit sink, and the `translate` tool.
@main
struct WebhookCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "midonet-webhook",
        abstract: "MidoNet admission webhook, audit sink and translator for Kubernetes.",
        subcommands: [ServeCommand.self, TranslateCommand.self]
    )
}
