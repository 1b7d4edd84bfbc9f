import ArgumentParser
import Foundation
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
        subcommands: [ConfigCheckCommand.self, ConfigDocsCommand.self]
    )
}

/// `switchboard config check`: validates the configuration and prints it with secrets masked.
struct ConfigCheckCommand: ParsableCommand, HostCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract:
            "Validate the configuration against the installed plugins and print the effective configuration, secrets masked.",
        discussion: """
            Every problem is printed on standard error with file:line:column and key path (in a price file of \
            pricing.files, its own path and key path); secret values are never printed.

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
        let priceFiles = configuration.pricing.loaded
        let prices =
            priceFiles.isEmpty
            ? "" : ", \(priceFiles.count) price files with \(priceFiles.map(\.prices.count).reduce(0, +)) prices"
        printError(
            "configuration \(configuration.source) is valid (\(configuration.providers.count) providers, "
                + "\(scan.loaded.count) plugins loaded\(prices))")
    }
}

/// `switchboard config docs`: the key tables of `docs/configuration.md` and its copy of the `init` template, generated
/// from the sections' declarations.
struct ConfigDocsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "docs",
        abstract: "Print the configuration key tables that docs/configuration.md holds, from the declarations.",
        discussion: """
            Each table sits between `<!-- BEGIN keys: PATH -->` and `<!-- END keys: PATH -->` markers, the template \
            that `switchboard init` writes between `<!-- BEGIN template -->` and `<!-- END template -->`. With \
            --write FILE, the marked tables and template in FILE are replaced in place.

            \(ExitCode.helpText) Exit 1 here means FILE cannot be read or written, or lacks a table's markers.
            """
    )

    @Option(help: "Replace the marked key tables and template in this Markdown file instead of printing the tables.")
    var write: String?

    func run() throws {
        guard let path = write else {
            print(ConfigurationReference.markdown(sections: ConfigurationSection.cli), terminator: "")
            return
        }
        guard let docs = try? String(contentsOfFile: path, encoding: .utf8) else {
            printError("error: cannot read \(path); check the path")
            throw ExitCode.failure
        }
        let (text, missing) = ConfigurationReference.updating(docs, sections: ConfigurationSection.cli)
        do {
            try text.write(toFile: path, atomically: true, encoding: .utf8)
        } catch {
            printError("error: cannot write \(path): \(error.localizedDescription)")
            throw ExitCode.failure
        }
        if !missing.isEmpty {
            printError(
                "error: \(path) has no markers for \(missing.joined(separator: ", ")); add "
                    + "`<!-- BEGIN keys: PATH -->` and `<!-- END keys: PATH -->` lines where each table belongs")
            throw ExitCode.failure
        }
        printError("updated \(path)")
    }
}
