import ArgumentParser
import Switchboard
import SwitchboardKit

/// `switchboard config`: configuration tools.
struct ConfigCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "config",
        abstract: "Check and show the configuration.",
        discussion: """
            `switchboard init` writes a commented default; `switchboard config check` validates one. \(ExitCode.helpText)
            """,
        subcommands: [ConfigCheckCommand.self]
    )
}

/// `switchboard config check`: validates the configuration and prints it with secrets masked.
struct ConfigCheckCommand: ParsableCommand, HostCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract:
            "Validate the configuration against the installed plugins and print the effective configuration, secrets masked.",
        discussion: """
            Every problem is printed on standard error with file:line:column and key path; secret values are never \
            printed.

            \(ExitCode.helpText) Exit 3 here means the configuration is invalid.
            """
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
            printError(options.errorStyle.red("error:") + " \(error.report)")
            throw ExitCode.configuration
        }
        if !quiet {
            let policy = SecretPolicy(manifests: scan.loaded.map(\.manifest))
            print(configuration.renderedYAML(policy: policy), terminator: "")
        }
        printError(
            "configuration \(configuration.source) is valid (\(configuration.providers.count) providers, \(scan.loaded.count) plugins loaded)"
        )
    }
}
