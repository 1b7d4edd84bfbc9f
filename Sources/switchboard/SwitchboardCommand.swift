import ArgumentParser

/// `switchboard`: every LLM provider behind one interface.
@main
struct SwitchboardCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "switchboard",
        abstract: "Every LLM provider behind one interface.",
        discussion: """
            Without a subcommand, shows the plugins found and the models they offer.

            Exit codes: 0 success; 1 a provider or plugin failed; 64 bad usage.
            """,
        subcommands: [
            OverviewCommand.self, PluginsCommand.self, ModelsCommand.self, RouteCommand.self, CompleteCommand.self, InitCommand.self,
            ConfigCommand.self, ServeCommand.self,
        ],
        defaultSubcommand: OverviewCommand.self
    )
}
