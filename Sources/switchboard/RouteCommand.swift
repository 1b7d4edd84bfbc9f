import ArgumentParser
import Foundation
import Switchboard
import SwitchboardKit

/// `switchboard route "prompt"`: how the router would route a prompt, and why.
struct RouteCommand: AsyncParsableCommand, HostCommand {
    static let configuration = CommandConfiguration(
        commandName: "route",
        abstract:
            "Show how a prompt would be routed: its task type, the planner rule applied, and the ranked candidates.",
        discussion: """
            Nothing is sent to any model; discovery is tried as for `switchboard models`.

            Candidates of a provider known to be down (circuit open, failed health check or discovery) rank after \
            the others; each shows its availability. A local server (local: true, or a loopback or private \
            base_url) offers only the models it reports plus the configured ones; one that offers none is named \
            with why, one line each, on standard error.

            --json prints {"task", "classification", "rule", "estimated_tokens": {"input", "output"}, \
            "candidates": [{"provider", "model", "rationale", "estimated_cost", "confidence", \
            "availability": {"status", "reason"?}}], "providers_without_models": {provider: reason}}. \
            status is available, probing, rate_limited or down.

            \(ExitCode.helpText) Exit 4 here means no model meets the requirements.
            """
    )

    @OptionGroup var options: HostOptions

    @Argument(help: "The prompt.")
    var prompt: String

    @Option(
        name: .customLong("capability"), help: "A capability the model must have (repeatable).",
        transform: Parse.value(Capability.self))
    var capabilities: [Capability] = []

    @Option(help: "The least tier (fast, standard, advanced).", transform: Parse.value(Tier.self))
    var tier: Tier?

    @Flag(help: "Only local models.")
    var local = false

    @Flag(help: "Only cloud models.")
    var cloud = false

    @Flag(help: "Local models first.")
    var preferLocal = false

    @Option(name: .customLong("max-cost"), help: "The most the request may cost, USD.")
    var maxCost: Double?

    @Option(help: "The risk (low, medium, high).", transform: Parse.value(SwitchboardConfiguration.Level.self))
    var risk: SwitchboardConfiguration.Level?

    @Option(help: "The complexity (low, medium, high).", transform: Parse.value(SwitchboardConfiguration.Level.self))
    var complexity: SwitchboardConfiguration.Level?

    @Option(help: "The area, e.g. security.")
    var area: String?

    @Option(
        help: "The task type, instead of classifying the prompt.",
        transform: Parse.value(SwitchboardConfiguration.TaskType.self))
    var task: SwitchboardConfiguration.TaskType?

    @Option(name: .customLong("exclude"), help: "A provider instance not to use (repeatable).")
    var excluded: [String] = []

    @Option(name: .customLong("output-tokens"), help: "Expected output tokens (default 500).")
    var outputTokens: Int?

    @Option(name: .customLong("discovery-timeout"), help: "Seconds to wait for live discovery (0 to skip it).")
    var discoveryTimeout: Double = 3

    @Option(help: "Show at most this many candidates.")
    var limit = 10

    @Flag(help: "Print JSON instead of text.")
    var json = false

    func validate() throws {
        if [local, cloud, preferLocal].filter(\.self).count > 1 {
            throw ValidationError("--local, --cloud and --prefer-local exclude each other")
        }
    }

    func run() async throws {
        let host = try options.host()
        if discoveryTimeout > 0 {
            _ = await Spinner.around("discovering models") {
                await host.models.refresh(timeout: .seconds(discoveryTimeout))
            }
        }
        let request = ChatRequest(messages: [.user(prompt)], maxOutputTokens: outputTokens)
        let base = Requirements(
            capabilities: Set(capabilities),
            task: task,
            tokens: TokenEstimate(request),
            maxCost: maxCost,
            tier: tier,
            locality: local ? .local : cloud ? .cloud : preferLocal ? .preferLocal : .any,
            risk: risk,
            area: area,
            complexity: complexity,
            excludedProviders: Set(excluded)
        )
        var router = host.router
        router.candidateLimit = max(limit, 1)
        let decision = await router.decide(request, base: base)
        let candidates = Array(decision.candidates.prefix(limit))
        let requirements = decision.requirements
        let withoutModels = host.models.providersWithoutModels()
        if json {
            let document: JSONValue = [
                "task": .string(requirements.task?.rawValue ?? "general"),
                "classification": .string(decision.classification?.reason ?? ""),
                "rule": decision.rule.map { .string($0.description) } ?? .null,
                "estimated_tokens": [
                    "input": .number(Double(requirements.tokens.input)),
                    "output": .number(Double(requirements.tokens.output)),
                ],
                "candidates": .array(
                    candidates.map { candidate in
                        [
                            "provider": .string(candidate.provider),
                            "model": .string(candidate.model.id),
                            "rationale": .string(candidate.rationale),
                            "estimated_cost": candidate.estimatedCost.map(JSONValue.number) ?? .null,
                            "confidence": .number((candidate.confidence * 1000).rounded() / 1000),
                            "availability": Self.json(candidate.availability),
                        ]
                    }),
                "providers_without_models": .object(
                    Dictionary(withoutModels.map { ($0.provider, JSONValue.string($0.reason)) }) { first, _ in first }),
            ]
            try JSONOutput.print(document)
        } else {
            print("Task: \(requirements.task?.rawValue ?? "general") (\(decision.classification?.reason ?? "given"))")
            print("Rule: \(decision.rule?.description ?? "none matched")")
            print("Estimated tokens: \(requirements.tokens.input) in, \(requirements.tokens.output) out")
            for (provider, reason) in withoutModels {
                printError(options.errorStyle.yellow("note:") + " \(provider): no models (\(reason))")
            }
            if candidates.isEmpty { printError(options.errorStyle.red("error:") + " no model meets the requirements") }
            for (index, candidate) in candidates.enumerated() {
                let cost = candidate.estimatedCost.map { String(format: "$%.4f", $0) } ?? "unknown"
                let availability =
                    candidate.availability.isDown
                    ? options.style.red(candidate.availability.description) : candidate.availability.description
                print(
                    "\(index + 1). \(options.style.bold(candidate.id))  confidence \(String(format: "%.2f", candidate.confidence))  cost \(cost)  \(availability)"
                )
                print("   \(candidate.rationale)")
            }
            if decision.matched > candidates.count {
                print("… and \(decision.matched - candidates.count) more (--limit)")
            }
        }
        if candidates.isEmpty { throw ExitCode.unavailable }
    }

    /// `{"status": "down", "reason": "circuit open"}`.
    static func json(_ availability: Availability) -> JSONValue {
        var fields: [String: JSONValue] = ["status": .string(availability.status.rawValue)]
        if let reason = availability.reason { fields["reason"] = .string(reason) }
        return .object(fields)
    }
}
