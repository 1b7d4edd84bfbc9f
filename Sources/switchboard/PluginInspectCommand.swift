import ArgumentParser
import Foundation
import Switchboard
import SwitchboardKit

/// `switchboard plugins inspect FILE`: one plugin file's manifest, without enabling it.
struct PluginInspectCommand: AsyncParsableCommand, HostCommand {
    static let configuration = CommandConfiguration(
        commandName: "inspect",
        abstract: "Show one plugin file's manifest (id, version, ABI, models, settings) without enabling it.",
        discussion: """
            The file may be anywhere; it is opened and checked exactly as the host would check it (ELF, entry \
            point, ABI version, Swift compiler, manifest), but no configuration is read and no provider instance is \
            created. A refusal is printed on standard error with its reason.

            Takes the options of `switchboard plugins` (--json, --no-color, --allow-compiler-mismatch, \
            --log-level). --json prints the plugin as `switchboard plugins --json` does, or {"status": "refused", \
            "path", "code", "message"}.

            \(ExitCode.helpText) Here: 1 the file was refused; 4 the file does not exist.
            """
    )

    @Argument(help: "The plugin .so file.")
    var file: String

    /// `switchboard plugins`, whose options (`--json`, `--no-color`, …) this command shares.
    @ParentCommand var plugins: PluginsCommand

    var options: HostOptions { plugins.options }

    func run() async throws {
        let path = file.hasPrefix("/") ? file : FileManager.default.currentDirectoryPath + "/" + file
        guard FileManager.default.fileExists(atPath: path) else {
            if plugins.json {
                try JSONOutput.print(PluginReport.json(PluginLoadError(.unreadable, path: path, "no such file")))
            }
            printError(options.errorStyle.red("error:") + " \(path): no such file")
            throw ExitCode.unavailable
        }
        let loader = PluginLoader(
            configuration: .init(
                directories: [], optionalDirectories: [], allowCompilerMismatch: options.allowCompilerMismatch)
        )
        switch loader.load(path) {
        case .success(let plugin):
            if plugins.json {
                try JSONOutput.print(PluginReport.json(plugin))
            } else {
                PluginReport.lines(plugin, style: options.style, verbose: true)
                    .forEach { print($0) }
            }
        case .failure(let failure):
            if plugins.json { try JSONOutput.print(PluginReport.json(failure)) }
            printError(
                options.errorStyle.red("error:")
                    + " \(failure.path) was refused (\(failure.code)): \(failure.message)"
            )
            throw ExitCode.failure
        }
    }
}
