import ArgumentParser
import Foundation
import Switchboard
import SwitchboardKit

/// `switchboard models`: the registry — every provider's models, filtered.
struct ModelsCommand: AsyncParsableCommand, HostCommand {
    static let configuration = CommandConfiguration(
        commandName: "models",
        abstract: "List the models of every provider (catalog, configuration overrides, live discovery), filtered.",
        discussion: """
            Discovery asks each provider for its models, all at once, for at most --discovery-timeout seconds; a cloud \
            provider that cannot be reached keeps its catalog and is reported (in --json, under discovery_failures). \
            A local server (local: true, or a loopback or private base_url) offers only the models it reports plus \
            the configured ones, never its plugin's catalog: unreachable, it offers only the configured ones, and \
            one that offers none is named with why (in --json, under providers_without_models).

            --json prints {"models": [{"provider", "id", "tier", "local", "capabilities", "priority", \
            "context_window"?, "max_output_tokens"?, "pricing"?: {"input", "output", "cache_read"?, "cache_write"?, \
            "cache_write_extended"?, "reasoning"?, "long_context"?, "service_tiers"?, "source_url"?, "as_of"?}, \
            "price_source", "display_name"?}], \
            "discovery_failures": {provider: message}, "providers_without_models": {provider: reason}}. No match is \
            not an error: the list is empty.

            \(ExitCode.helpText)
            """
    )

    @OptionGroup var options: HostOptions

    @Option(
        name: .customLong("capability"),
        help:
            "A capability the model must have (repeatable): \(Capability.allCases.map(\.rawValue).joined(separator: ", ")).",
        transform: Parse.value(Capability.self))
    var capabilities: [Capability] = []

    @Option(help: "The tier (fast, standard, advanced).", transform: Parse.value(Tier.self))
    var tier: Tier?

    @Flag(help: "Only at least --tier, not exactly it.")
    var atLeast = false

    @Flag(help: "Only local models.")
    var local = false

    @Flag(help: "Only cloud models.")
    var cloud = false

    @Option(name: .customLong("provider"), help: "Only this provider instance (repeatable).")
    var providers: [String] = []

    @Option(name: .customLong("max-input-price"), help: "The highest input price, USD per million tokens.")
    var maxInputPrice: Double?

    @Option(name: .customLong("max-output-price"), help: "The highest output price, USD per million tokens.")
    var maxOutputPrice: Double?

    @Option(name: .customLong("min-context"), help: "The least context window, tokens.")
    var minContext: Int?

    @Option(name: .customLong("discovery-timeout"), help: "Seconds to wait for live discovery (0 to skip it).")
    var discoveryTimeout: Double = 3

    @Flag(help: "Print JSON instead of a table.")
    var json = false

    func validate() throws {
        if local && cloud { throw ValidationError("--local and --cloud exclude each other") }
    }

    func run() async throws {
        let host = try options.host()
        let failures =
            discoveryTimeout > 0
            ? await Spinner.around("discovering models") {
                await host.models.refresh(timeout: .seconds(discoveryTimeout))
            }
            : [:]
        let query = ModelQuery(
            capabilities: Set(capabilities),
            tier: tier.map { atLeast ? .atLeast($0) : .exactly($0) },
            providers: Set(providers),
            locality: local ? .local : cloud ? .cloud : nil,
            maxInputPrice: maxInputPrice,
            maxOutputPrice: maxOutputPrice,
            minContextWindow: minContext
        )
        let entries = host.models.models(matching: query)
        let withoutModels = host.models.providersWithoutModels().filter {
            providers.isEmpty || providers.contains($0.provider)
        }
        if json {
            let document: JSONValue = [
                "models": .array(entries.map { Self.json($0, prices: host.meter.prices) }),
                "discovery_failures": .object(failures.mapValues { .string($0.description) }),
                "providers_without_models": .object(
                    Dictionary(withoutModels.map { ($0.provider, JSONValue.string($0.reason)) }) { first, _ in first }),
            ]
            try JSONOutput.print(document)
            return
        }
        let silent = Set(withoutModels.map(\.provider))
        for (provider, error) in failures.sorted(by: { $0.key < $1.key }) where !silent.contains(provider) {
            let showing = host.models.isServerReported(provider: provider) ? "its configured models" : "its catalog"
            printError(
                options.errorStyle.yellow("note:")
                    + " \(provider): discovery failed, showing \(showing) (\(error.message))")
        }
        for (provider, reason) in withoutModels {
            printError(options.errorStyle.yellow("note:") + " \(provider): no models (\(reason))")
        }
        if entries.isEmpty {
            print("No models match.")
            return
        }
        let width = entries.map(\.provider.count).max() ?? 0
        for entry in entries {
            print(
                entry.provider.padding(toLength: max(width, 8), withPad: " ", startingAt: 0) + "  "
                    + ModelLine.describe(entry.model))
        }
        let summary = host.models.summary()
        print(
            "\(entries.count) of \(summary.models) models (\(summary.localModels) local, \(summary.cloudModels) cloud) from \(summary.providers.count) providers"
        )
    }

    /// One registry entry as JSON: the catalog fields plus `provider`, `priority`, and the prices the meter uses with
    /// where they come from (`price_source`, as the ledger records it).
    static func json(_ entry: RegistryEntry, prices: PriceBook) -> JSONValue {
        var fields: [String: JSONValue] = [
            "provider": .string(entry.provider),
            "priority": .number(Double(entry.priority)),
            "id": .string(entry.model.id),
            "tier": .string(entry.model.tier.rawValue),
            "local": .bool(entry.local),
            "capabilities": .array(entry.model.capabilities.map(\.rawValue).sorted().map(JSONValue.string)),
        ]
        if let name = entry.model.displayName { fields["display_name"] = .string(name) }
        if let window = entry.model.contextWindow { fields["context_window"] = .number(Double(window)) }
        if let output = entry.model.maxOutputTokens { fields["max_output_tokens"] = .number(Double(output)) }
        let candidate = RouteCandidate(
            provider: entry.provider, model: entry.model, rationale: "listed", estimatedCost: nil, confidence: 1)
        let (pricing, source) = prices.price(of: candidate)
        if let pricing, let encoded = try? JSONDecoder().decode(JSONValue.self, from: JSONEncoder().encode(pricing)) {
            fields["pricing"] = encoded
        }
        fields["price_source"] = .string(source.description)
        return .object(fields)
    }

}
