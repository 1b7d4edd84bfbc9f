import Switchboard
import SwitchboardKit

// What an embedding Swift tool writes: load the host, look at the registry, route, complete with a strategy, read
// usage. Runs offline: the built-in defaults include the Echo provider, and the local servers that are not running
// are failed over to. Run with `swift run switchboard-embedding-example "your prompt"`.

let prompt = CommandLine.arguments.dropFirst().joined(separator: " ")
// No model in the request: the host chooses it (step 3) and names it per candidate.
let request = ChatRequest(
    messages: [.system("Answer briefly."), .user(prompt.isEmpty ? "Summarize why plugins use a C ABI." : prompt)]
)

// 1. The host: configuration from --config / $SWITCHBOARD_CONFIG / ./switchboard.yaml / ~/.switchboard, else defaults.
let host = SwitchboardHost(configuration: try ConfigurationLoader().load())
print("providers: \(host.registry.names.joined(separator: ", "))")

// 2. The registry: every model of every provider, refreshed by live discovery where a provider has it.
let discoveryFailures = await host.models.refresh(timeout: .seconds(2))
for (provider, error) in discoveryFailures.sorted(by: { $0.key < $1.key }) {
    print("discovery: \(provider) unavailable (\(error.kind)); using its catalog")
}
let local = host.models.models(matching: ModelQuery(locality: .local))
print("local models: \(local.count); cheapest overall: \(host.models.cheapest()?.id ?? "none")")

// 3. The route: the host reads a model selector the way `switchboard --model` and the gateway's `model` field do
//    (nothing or `auto`: the router classifies the request, applies the planner rules and ranks the candidates;
//    `provider/model`, a model id or a routing alias name one).
let route = try await host.resolve(.automatic, for: request)
print("route: \(route.target), strategy \(route.strategy.name.rawValue)")
print("task: \(route.decision?.classification?.task.rawValue ?? "general")")
for candidate in route.candidates.prefix(3) {
    print(
        "  candidate \(candidate.id): \(candidate.rationale) (confidence \(Int((candidate.confidence * 100).rounded()))%)"
    )
}

// 4. Complete with a strategy: local-first, falling through providers that are not running.
do {
    let result = try await host.complete(request, strategy: .localFirst, candidates: route.candidates)
    for attempt in result.attempts {
        print("attempt \(attempt.candidate): \(attempt.outcome)")
    }
    print("answer from \(result.candidate.id): \(result.response.text)")

    // 5. Usage, normalised across providers, and the cost as the host priced it (the ledger records the same).
    let usage = result.response.usage
    print("usage: \(usage.inputTokens) in, \(usage.outputTokens) out\(usage.estimated ? " (estimated)" : "")")
    print("cost: $\(result.costUSD) (\(result.usage?.source.description ?? "unpriced"))")
} catch let error as StrategyError {
    print("no answer: \(error)")
}
