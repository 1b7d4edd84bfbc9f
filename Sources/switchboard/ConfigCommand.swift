import ArgumentParser
import Switchboard

/// `switchboard config`: configuration tools.
struct ConfigCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "config",
        abstract: "Check and show the configuration.",
        subcommands: [ConfigCheckCommand.self]
    )
}

/// `switchboard config check`: validates the configuration and prints it with secrets masked.
struct ConfigCheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Validate the configuration against the installed plugins and print the effective configuration, secrets masked.",
        discussion: "Exit codes: 0 valid; 1 invalid (every problem is printed with file:line:column and key path)."
    )

    @OptionGroup var options: HostOptions

    @Flag(help: "Only validate; print nothing on success.")
    var quiet = false

    func run() throws {
        let configuration = try options.configuration()
        let scan = PluginLoader(configuration: PluginLoader.Configuration(configuration)).scan()
        do {
            try configuration.validate(installedPlugins: Set(scan.loaded.map(\.id)))
        } catch let error as ConfigurationError {
            printError("error: \(error.report)")
            throw ExitCode(1)
        }
        if !quiet {
            print(configuration.renderedYAML(), terminator: "")
        }
        printError("configuration \(configuration.source) is valid (\(configuration.providers.count) providers, \(scan.loaded.count) plugins loaded)")
    }
}
