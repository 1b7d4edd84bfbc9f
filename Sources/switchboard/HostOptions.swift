import ArgumentParser
import Foundation
import Switchboard
import SwitchboardKit

/// Options every command that reads configuration and loads plugins shares.
struct HostOptions: ParsableArguments {
    @Option(name: .customLong("config"), help: "The configuration file (default: $SWITCHBOARD_CONFIG, ./switchboard.yaml, ~/.switchboard/config.yaml, else built-in).")
    var configPath: String?

    @Option(help: "A profile of the configuration to apply (default: $SWITCHBOARD_PROFILE).")
    var profile: String?

    @Option(name: .customLong("plugin-dir"), help: "A directory of plugin .so files (repeatable); searched before the configured ones.")
    var pluginDirectories: [String] = []

    @Flag(help: "Load plugins built by another Swift compiler, with a warning.")
    var allowCompilerMismatch = false

    /// The configuration these options select, with the command-line plugin options applied.
    /// - Throws: `ExitCode(1)` after printing the configuration errors.
    func configuration() throws -> SwitchboardConfiguration {
        var configuration: SwitchboardConfiguration
        do {
            configuration = try ConfigurationLoader().load(explicitPath: configPath, profile: profile)
        } catch let error as ConfigurationError {
            printError("error: \(error.report)")
            throw ExitCode(1)
        }
        let cwd = FileManager.default.currentDirectoryPath
        configuration.plugins.directories =
            pluginDirectories.map { $0.hasPrefix("/") ? $0 : cwd + "/" + $0 } + configuration.plugins.directories
        if allowCompilerMismatch { configuration.plugins.allowCompilerMismatch = true }
        return configuration
    }

    /// A host over the selected configuration.
    func host() throws -> SwitchboardHost {
        SwitchboardHost(configuration: try configuration())
    }
}

/// Writes a line to standard error.
func printError(_ text: String) {
    FileHandleOutput.standardError(text + "\n")
}
