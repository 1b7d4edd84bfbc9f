import ArgumentParser
import Switchboard

/// `switchboard plugin-scan PATH…`: the scanner process. Hidden: the host starts it to read plugin files it has not
/// scanned before, so a plugin that crashes or hangs while loading takes down this process, not the host
/// (docs/security.md, "Plugin scanning").
struct PluginScanCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "plugin-scan",
        abstract: "Read plugin files and print what each is, one JSON line per file (started by the host).",
        shouldDisplay: false
    )

    @Argument(help: "The plugin files to read.")
    var plugins: [String]

    func run() throws {
        PluginScanner.serve(paths: plugins)
    }
}
