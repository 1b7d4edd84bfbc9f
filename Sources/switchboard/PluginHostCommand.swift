import ArgumentParser
import Switchboard

/// `switchboard plugin-host PATH.so`: the child process of an `isolation: process` provider. Hidden: the host starts
/// it and speaks framed JSON with it over stdin/stdout (docs/security.md).
struct PluginHostCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "plugin-host",
        abstract:
            "Serve one plugin to a Switchboard host over stdin/stdout (started by the host for `isolation: process`).",
        shouldDisplay: false
    )

    @Argument(help: "The plugin file to load.")
    var plugin: String

    func run() throws {
        PluginHostChild.run(pluginPath: plugin)
    }
}
