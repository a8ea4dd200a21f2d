import ArgumentParser

/// `midonet-applier`: drains the store's outbox into the MidoNet REST API.
@main
struct ApplierCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "midonet-applier",
        abstract: "Apply queued MidoNet changes, bootstrap global resources, refresh the MidoNet snapshot, repair drift."
    )
}
