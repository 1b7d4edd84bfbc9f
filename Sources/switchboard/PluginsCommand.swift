import ArgumentParser
import Foundation
import Switchboard
import SwitchboardKit

/// `switchboard plugins`: every plugin file found, loaded or refused and why.
struct PluginsCommand: AsyncParsableCommand, HostCommand {
    static let configuration = CommandConfiguration(
        commandName: "plugins",
        abstract: "List every plugin file found: loaded (ABI, version, models) or refused (and why).",
        discussion: """
            Searches --plugin-dir, the configured plugins.directories, $SWITCHBOARD_PLUGIN_PATH, \
            ~/.switchboard/plugins and the directory of the switchboard executable. Files of plugins the \
            configuration disables are listed as skipped, never opened.

            --json prints {"loaded": [plugin], "refused": [{"status", "path", "code", "message"}], "skipped": [path]}, \
            where a plugin is {"status", "id", "name", "description", "path", "version", "abi", "swift_compiler", \
            "provider_kinds", "models", "settings", "warnings"}.

            \(ExitCode.helpText) Exit 1 here means at least one file was refused.
            """,
        subcommands: [PluginInspectCommand.self, PluginsInstallCommand.self]
    )

    @OptionGroup var options: HostOptions

    @Flag(name: .shortAndLong, help: "Also show each plugin's description, full model catalog and settings.")
    var verbose = false

    @Flag(help: "Print JSON instead of text.")
    var json = false

    func run() async throws {
        let scan = PluginLoader(configuration: PluginLoader.Configuration(try options.configuration())).scan()
        if json {
            try JSONOutput.print([
                "loaded": .array(scan.loaded.map(PluginReport.json)),
                "refused": .array(scan.failures.map(PluginReport.json)),
                "skipped": .array(scan.skipped.map(JSONValue.string)),
            ])
        } else {
            let style = options.style
            for plugin in scan.loaded {
                PluginReport.lines(plugin, style: style, verbose: verbose).forEach { print($0) }
            }
            for path in scan.skipped { print(style.dim("- \(path) (skipped: disabled in the configuration)")) }
            for failure in scan.failures { PluginReport.lines(failure, style: style).forEach { print($0) } }
            if scan.loaded.isEmpty && scan.failures.isEmpty {
                print("No plugin files found. Build them with `swift build`, or pass --plugin-dir DIR.")
            } else {
                print("\(scan.loaded.count) loaded, \(scan.failures.count) refused, \(scan.skipped.count) skipped")
            }
        }
        if !scan.failures.isEmpty { throw ExitCode.failure }
    }
}
