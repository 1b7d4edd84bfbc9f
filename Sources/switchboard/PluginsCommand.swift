import ArgumentParser
import Foundation
import Switchboard
import SwitchboardKit

/// `switchboard plugins`: every plugin file found, loaded or refused and why.
struct PluginsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "plugins",
        abstract: "List every plugin file found: loaded (ABI, version, models) or refused (and why).",
        subcommands: [PluginsInstallCommand.self]
    )

    @OptionGroup var options: HostOptions

    @Flag(name: .shortAndLong, help: "Also show each plugin's models and settings.")
    var verbose = false

    @Flag(help: "Print JSON instead of text.")
    var json = false

    func run() async throws {
        let scan = PluginLoader(configuration: PluginLoader.Configuration(try options.configuration())).scan()
        if json {
            let document: JSONValue = [
                "loaded": .array(scan.loaded.map { plugin in
                    [
                        "id": .string(plugin.id),
                        "path": .string(plugin.path),
                        "version": .string(plugin.manifest.version),
                        "abi": .string("\(plugin.abiVersion.major).\(plugin.abiVersion.minor)"),
                        "swift_compiler": plugin.swiftCompiler.map(JSONValue.string) ?? .null,
                        "models": .array(plugin.manifest.models.map { .string($0.id) }),
                        "warnings": .array(plugin.warnings.map(JSONValue.string)),
                    ]
                }),
                "refused": .array(scan.failures.map { failure in
                    ["path": .string(failure.path), "code": .string(failure.code.rawValue), "message": .string(failure.message)]
                }),
                "skipped": .array(scan.skipped.map(JSONValue.string)),
            ]
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
            print(String(decoding: try encoder.encode(document), as: UTF8.self))
            if !scan.failures.isEmpty { throw ExitCode(1) }
            return
        }
        for plugin in scan.loaded {
            print("✓ \(plugin.path)")
            print("    \(plugin.id) \(plugin.manifest.version), ABI \(plugin.abiVersion.major).\(plugin.abiVersion.minor), Swift \(plugin.swiftCompiler ?? "none"), \(plugin.manifest.models.count) models")
            for warning in plugin.warnings { print("    warning: \(warning)") }
            if verbose {
                if !plugin.manifest.description.isEmpty { print("    \(plugin.manifest.description)") }
                for model in plugin.manifest.models { print("    • " + ModelLine.describe(model)) }
                for setting in plugin.manifest.settings {
                    print("    setting \(setting.name) (\(setting.type)\(setting.secret ? ", secret" : "")): \(setting.description)")
                }
            }
        }
        for path in scan.skipped { print("- \(path) (disabled)") }
        for failure in scan.failures {
            print("✗ \(failure.path)")
            print("    \(failure.code): \(failure.message)")
        }
        if scan.loaded.isEmpty && scan.failures.isEmpty { print("No plugin files found.") }
        if !scan.failures.isEmpty { throw ExitCode(1) }
    }
}
