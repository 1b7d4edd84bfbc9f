import ArgumentParser
import Foundation
import Switchboard
import SwitchboardKit

/// `switchboard plugins inspect FILE`: one plugin file's manifest, without enabling it.
struct PluginInspectCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "inspect",
        abstract: "Show one plugin file's manifest (id, version, ABI, models, settings) without enabling it.",
        discussion: """
            The file may be anywhere; it is opened and checked exactly as the host would check it (ELF, entry \
            point, ABI version, Swift compiler, manifest), but no configuration is read and no provider instance is \
            created. A refusal is printed on standard error with its reason.

            --json prints the plugin as `switchboard plugins --json` does, or {"status": "refused", "path", \
            "code", "message"}.

            \(ExitCode.helpText) Here: 1 the file was refused; 4 the file does not exist.
            """
    )

    @Argument(help: "The plugin .so file.")
    var file: String

    @Flag(help: "Load a plugin built by another Swift compiler, with a warning.")
    var allowCompilerMismatch = false

    @Flag(help: "Never colour the output.")
    var noColor = false

    @Flag(help: "Print JSON instead of text.")
    var json = false

    func run() async throws {
        let path = file.hasPrefix("/") ? file : FileManager.default.currentDirectoryPath + "/" + file
        guard FileManager.default.fileExists(atPath: path) else {
            if json {
                try JSONOutput.print(PluginReport.json(PluginLoadError(.unreadable, path: path, "no such file")))
            }
            printError(TerminalStyle(descriptor: 2, disabled: noColor).red("error:") + " \(path): no such file")
            throw ExitCode.unavailable
        }
        let loader = PluginLoader(
            configuration: .init(directories: [], optionalDirectories: [], allowCompilerMismatch: allowCompilerMismatch)
        )
        switch loader.load(path) {
        case .success(let plugin):
            if json {
                try JSONOutput.print(PluginReport.json(plugin))
            } else {
                PluginReport.lines(plugin, style: TerminalStyle(descriptor: 1, disabled: noColor), verbose: true)
                    .forEach { print($0) }
            }
        case .failure(let failure):
            if json { try JSONOutput.print(PluginReport.json(failure)) }
            printError(
                TerminalStyle(descriptor: 2, disabled: noColor).red("error:")
                    + " \(failure.path) was refused (\(failure.code)): \(failure.message)"
            )
            throw ExitCode.failure
        }
    }
}
