import ArgumentParser
import Switchboard
import SwitchboardKit

/// Options every command that loads plugins shares.
struct HostOptions: ParsableArguments {
    @Option(name: .customLong("plugin-dir"), help: "A directory of plugin .so files (repeatable); searched before the defaults.")
    var pluginDirectories: [String] = []

    @Flag(help: "Load plugins built by another Swift compiler, with a warning.")
    var allowCompilerMismatch = false

    /// The loader these options describe.
    func loader() -> PluginLoader {
        PluginLoader(
            configuration: PluginLoader.Configuration(
                directories: pluginDirectories,
                allowCompilerMismatch: allowCompilerMismatch
            )
        )
    }
}

/// Writes to standard error.
func printError(_ text: String) {
    var standardError = StandardError()
    print(text, to: &standardError)
}

/// Standard error as a `TextOutputStream`.
struct StandardError: TextOutputStream {
    mutating func write(_ string: String) {
        FileHandleOutput.standardError(string)
    }
}
