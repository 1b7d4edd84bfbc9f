import ArgumentParser
import Foundation
import Switchboard
import SwitchboardKit

/// The default command: the configuration in force, the plugins loaded, their providers and models.
struct OverviewCommand: AsyncParsableCommand, HostCommand {
    static let configuration = CommandConfiguration(
        commandName: "overview",
        abstract: "Show the plugins loaded, the providers configured and the models they offer (the default command).",
        discussion: """
            A summary for people; `switchboard plugins --json`, `switchboard models --json` and \
            `switchboard doctor --json` give the same facts as data.

            \(ExitCode.helpText)
            """
    )

    @OptionGroup var options: HostOptions

    func run() async throws {
        let host = try options.host()
        let scan = host.scan
        print(
            "Switchboard — configuration: \(host.configuration.source)\(host.configuration.activeProfile.map { ", profile \($0)" } ?? "")"
        )
        print(
            "\(scan.loaded.count) plugin\(scan.loaded.count == 1 ? "" : "s") loaded\(scan.failures.isEmpty ? "" : ", \(scan.failures.count) refused")"
        )
        for plugin in scan.loaded {
            print("")
            print(
                "\(plugin.id) \(plugin.manifest.version) — \(plugin.manifest.name) (ABI \(plugin.abiVersion.major).\(plugin.abiVersion.minor))"
            )
            print("  \(plugin.path)")
            for model in plugin.manifest.models {
                print("  • " + ModelLine.describe(model))
            }
        }
        if !scan.failures.isEmpty {
            print("")
            print("Refused:")
            for failure in scan.failures { print("  ✗ \(failure)") }
        }
        print("")
        print("Providers:")
        for entry in host.configuration.providers {
            let state =
                if !entry.enabled { "disabled" } else if let failure = host.instanceFailures[entry.name] {
                    "not available: \(failure.message)"
                } else { "ready" }
            print("  \(entry.name) (plugin \(entry.plugin), \(entry.local ? "local" : "cloud")): \(state)")
        }
        if let problems = host.configurationProblems {
            print("")
            print("Configuration problems:")
            print("  " + problems.report.replacingOccurrences(of: "\n", with: "\n  "))
        }
        if scan.loaded.isEmpty {
            print("")
            print("No plugins found. Build them with `swift build`, or pass --plugin-dir DIR.")
        } else if host.registry.provider(named: "echo") != nil {
            print("")
            print("Try: switchboard complete --provider echo --model echo \"Hello, Switchboard\"")
        }
    }
}

/// One line describing a model: id, tier, locality, context window, price and capabilities.
enum ModelLine {
    static func describe(_ model: ModelInfo) -> String {
        var parts = [
            model.id.padding(toLength: max(model.id.count, 18), withPad: " ", startingAt: 0), model.tier.rawValue,
        ]
        parts.append(model.local ? "local" : "cloud")
        if let window = model.contextWindow { parts.append("\(tokens(window)) ctx") }
        if let pricing = model.pricing {
            parts.append(
                pricing.input == 0 && pricing.output == 0
                    ? "free" : "$\(price(pricing.input))/$\(price(pricing.output)) per Mtok")
        }
        parts.append(model.capabilities.map(\.rawValue).sorted().joined(separator: ","))
        return parts.joined(separator: "  ")
    }

    static func tokens(_ count: Int) -> String {
        count >= 1_000_000 ? "\(count / 1_000_000)M" : count >= 1000 ? "\(count / 1000)k" : "\(count)"
    }

    static func price(_ value: Double) -> String {
        let rounded = (value * 1000).rounded() / 1000
        return rounded.rounded() == rounded ? String(Int(rounded)) : String(rounded)
    }
}
