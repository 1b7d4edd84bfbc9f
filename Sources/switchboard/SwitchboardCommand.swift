import ArgumentParser
import Foundation

/// `switchboard`: every LLM provider behind one interface.
@main
struct SwitchboardCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "switchboard",
        abstract: "Every LLM provider behind one interface.",
        discussion: """
            Without a subcommand, shows the plugins found and the models they offer.

            Output that is data has a --json form. Colour is used only when standard output is a terminal, never \
            when NO_COLOR is set or --no-color is given. Progress is shown on standard error, only on a terminal. \
            Logs go to standard error at --log-level (default: $SWITCHBOARD_LOG_LEVEL, else warning).

            \(ExitCode.helpText)
            """,
        subcommands: [
            OverviewCommand.self, PluginsCommand.self, ModelsCommand.self, RouteCommand.self, CompleteCommand.self,
            ChatCommand.self, EmbedCommand.self, DoctorCommand.self, InitCommand.self, ConfigCommand.self,
            UsageCommand.self,
            NewProviderCommand.self, ConformanceCommand.self, ServeCommand.self, PluginHostCommand.self,
            PluginScanCommand.self,
        ],
        defaultSubcommand: OverviewCommand.self
    )

    /// Parses the command line, sets up logging, and runs the command; a usage error exits with ``ExitCode/usage``.
    static func main() async {
        do {
            var command = try await asyncParseAsRoot()
            CLILogging.bootstrap(
                level: (command as? any HostCommand)?.logLevel ?? CLILogging.environmentLevel())
            if var asyncCommand = command as? any AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
        } catch {
            if exitCode(for: error) == .validationFailure {
                FileHandleOutput.standardError(fullMessage(for: error) + "\n")
                Foundation.exit(ExitCode.usage.rawValue)
            }
            exit(withError: error)
        }
    }
}
