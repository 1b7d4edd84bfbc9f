import ArgumentParser

/// `switchboard usage`: the usage ledger — totals (`report`, the default), and moving its records between ledgers
/// (`export`, `import`).
struct UsageCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "usage",
        abstract: "Show token usage and cost from the usage ledger, or export and import its records.",
        discussion: """
            `switchboard usage` alone is `switchboard usage report`. `export` and `import` move a ledger's records to \
            another, such as an SQLite file's history into a PostgreSQL ledger.
            """,
        subcommands: [UsageReportCommand.self, UsageExportCommand.self, UsageImportCommand.self],
        defaultSubcommand: UsageReportCommand.self
    )
}
