import ArgumentParser
import Foundation
import Logging
import Switchboard
import SwitchboardGateway
import SwitchboardKit

/// Options every command that reads configuration and loads plugins shares, with the output options (colour, log
/// level) that go with them.
struct HostOptions: ParsableArguments {
    @Option(
        name: .customLong("config"),
        help:
            "The configuration file (default: $SWITCHBOARD_CONFIG, ./switchboard.yaml, ~/.switchboard/config.yaml, else built-in)."
    )
    var configPath: String?

    @Option(help: "A profile of the configuration to apply (default: $SWITCHBOARD_PROFILE).")
    var profile: String?

    @Option(
        name: .customLong("plugin-dir"),
        help: "A directory of plugin .so files (repeatable); searched before the configured ones.")
    var pluginDirectories: [String] = []

    @Flag(help: "Load plugins built by another Swift compiler, with a warning.")
    var allowCompilerMismatch = false

    @Flag(help: "Never colour the output (colour is also off when NO_COLOR is set or the output is not a terminal).")
    var noColor = false

    @Option(
        help:
            "The level of log lines on standard error: \(Logger.Level.allCases.map(\.rawValue).joined(separator: ", ")) (default: $SWITCHBOARD_LOG_LEVEL, else warning).",
        transform: Parse.value(Logger.Level.self)
    )
    var logLevel: Logger.Level?

    /// `--log-level`, else `SWITCHBOARD_LOG_LEVEL`, else `fallback` (warning unless the command says otherwise).
    func resolvedLogLevel(fallback: Logger.Level = CLILogging.defaultLevel) -> Logger.Level {
        logLevel ?? CLILogging.environmentLevel(fallback: fallback)
    }

    /// Colour for standard output.
    var style: TerminalStyle { TerminalStyle(descriptor: 1, disabled: noColor) }

    /// Colour for standard error.
    var errorStyle: TerminalStyle { TerminalStyle(descriptor: 2, disabled: noColor) }

    /// The configuration these options select, with the command-line plugin options applied.
    /// - Throws: ``ExitCode/configuration`` after printing the configuration errors.
    func configuration() throws -> SwitchboardConfiguration {
        var configuration: SwitchboardConfiguration
        do {
            configuration = try loadConfiguration()
        } catch let error as ConfigurationError {
            printError(errorStyle.red("error:") + " \(error.report)")
            throw ExitCode.configuration
        } catch {
            printError(errorStyle.red("error:") + " cannot load the configuration: \(error)")
            throw ExitCode.configuration
        }
        return configuration
    }

    /// The configuration these options select.
    /// - Throws: the loader's ``ConfigurationError``.
    func loadConfiguration() throws -> SwitchboardConfiguration {
        var configuration = try ConfigurationLoader(sections: ConfigurationSection.cli).load(
            explicitPath: configPath, profile: profile)
        applyPluginOptions(to: &configuration)
        return configuration
    }

    /// Puts `--plugin-dir` before the configured plugin directories and applies `--allow-compiler-mismatch`.
    func applyPluginOptions(to configuration: inout SwitchboardConfiguration) {
        let cwd = FileManager.default.currentDirectoryPath
        configuration.plugins.directories =
            pluginDirectories.map { $0.hasPrefix("/") ? $0 : cwd + "/" + $0 } + configuration.plugins.directories
        if allowCompilerMismatch { configuration.plugins.allowCompilerMismatch = true }
    }

    /// A host over the selected configuration.
    func host() throws -> SwitchboardHost {
        SwitchboardHost(configuration: try configuration())
    }
}

/// A command that takes ``HostOptions``; `main` reads its log level before running it.
protocol HostCommand {
    /// The shared options.
    var options: HostOptions { get }
    /// The log level when neither `--log-level` nor `SWITCHBOARD_LOG_LEVEL` gives one.
    static var defaultLogLevel: Logger.Level { get }
}

extension HostCommand {
    /// Warning: a command's own output is what the user wants to read.
    static var defaultLogLevel: Logger.Level { CLILogging.defaultLevel }

    /// The level the CLI logs at for this command.
    var logLevel: Logger.Level { options.resolvedLogLevel(fallback: Self.defaultLogLevel) }
}

/// Writes a line to standard error.
func printError(_ text: String) {
    FileHandleOutput.standardError(text + "\n")
}

extension ConfigurationSection {
    /// The sections the CLI registers with the host's loader on top of the host's own: the gateway's and its
    /// telemetry.
    static let cli: [ConfigurationSection] = [.gateway, .telemetry]
}
