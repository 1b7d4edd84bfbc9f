import ArgumentParser
import Foundation
import Switchboard
import SwitchboardKit

/// The default command: what was loaded, and which models it offers.
struct OverviewCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "overview",
        abstract: "Show the plugins loaded and the models they offer (the default command)."
    )

    @OptionGroup var host: HostOptions

    func run() async throws {
        let scan = host.loader().scan()
        print("Switchboard — \(scan.loaded.count) plugin\(scan.loaded.count == 1 ? "" : "s") loaded\(scan.failures.isEmpty ? "" : ", \(scan.failures.count) refused")")
        for plugin in scan.loaded {
            print("")
            print("\(plugin.id) \(plugin.manifest.version) — \(plugin.manifest.name) (ABI \(plugin.abiVersion.major).\(plugin.abiVersion.minor))")
            print("  \(plugin.path)")
            if plugin.manifest.models.isEmpty {
                print("  models: discovered from the provider at run time")
            }
            for model in plugin.manifest.models {
                print("  • " + ModelLine.describe(model))
            }
        }
        if !scan.failures.isEmpty {
            print("")
            print("Refused:")
            for failure in scan.failures { print("  ✗ \(failure)") }
        }
        if scan.loaded.isEmpty {
            print("")
            print("No plugins found. Build them with `swift build`, or pass --plugin-dir DIR.")
        } else {
            print("")
            print("Try: switchboard complete --provider echo --model echo \"Hello, Switchboard\"")
        }
    }
}

/// One line describing a model: id, tier, locality, context window and price.
enum ModelLine {
    static func describe(_ model: ModelInfo) -> String {
        var parts = [model.id.padding(toLength: max(model.id.count, 18), withPad: " ", startingAt: 0), model.tier.rawValue]
        parts.append(model.local ? "local" : "cloud")
        if let window = model.contextWindow { parts.append("\(tokens(window)) ctx") }
        if let pricing = model.pricing {
            parts.append(pricing.input == 0 && pricing.output == 0 ? "free" : "$\(price(pricing.input))/$\(price(pricing.output)) per Mtok")
        }
        parts.append(model.capabilities.map(\.rawValue).sorted().joined(separator: ","))
        return parts.joined(separator: "  ")
    }

    static func tokens(_ count: Int) -> String {
        count >= 1_000_000 ? "\(count / 1_000_000)M" : count >= 1000 ? "\(count / 1000)k" : "\(count)"
    }

    static func price(_ value: Double) -> String {
        let cents = (value * 1000).rounded() / 1000
        return cents.rounded() == cents ? String(Int(cents)) : String(cents)
    }
}
