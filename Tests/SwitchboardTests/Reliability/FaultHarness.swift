import Logging
import Switchboard
import SwitchboardKit
import SwitchboardTesting
import Testing

/// Deployments of the real OpenAI plugin `.so` on one ``FaultInjectingServer``, and an executor over them.
struct FaultHarness {
    let server: FaultInjectingServer
    let providers: [String: any Provider]
    let reliability: Reliability
    let executor: StrategyExecutor
    /// The in-memory ledger the executor's meter records every answered attempt in.
    let ledger: UsageLedger

    static let request = ChatRequest(
        model: "routed", messages: [.user("What is the capital of France?")], maxOutputTokens: 50)

    /// Starts a server answering with `decide` and one OpenAI provider instance per deployment name, runs `body`,
    /// and shuts the server down.
    static func run(
        deployments: [String],
        routing: SwitchboardConfiguration.Routing = fastRouting(),
        rateLimits: [String: SwitchboardConfiguration.RateLimits] = [:],
        models: ModelRegistry? = nil,
        clock: any ReliabilityClock = .system,
        logger: Logger = Logger(label: "switchboard.reliability"),
        _ decide: @escaping @Sendable (FaultInjectingServer.Request) -> FaultInjectingServer.Fault,
        _ body: (FaultHarness) async throws -> Void
    ) async throws {
        let server = try await FaultInjectingServer.start(decide)
        do {
            let plugin = try TestSupport.loadPlugin("OpenAI")
            var providers: [String: any Provider] = [:]
            for name in deployments {
                providers[name] = try plugin.makeProvider(
                    name: name, settings: ["base_url": .string(server.baseURL(name)), "api_key": "sk-test-fault"])
            }
            let reliability = Reliability(
                routing: routing, rateLimits: rateLimits, models: models, clock: clock, logger: logger)
            let lookup = providers
            let ledger = try UsageLedger(.memory)
            let executor = StrategyExecutor(
                providers: { name in
                    guard let provider = lookup[name] else { throw ProviderError(.notFound, "no provider \(name)") }
                    return provider
                },
                reliability: reliability,
                meter: UsageMeter(prices: .candidatesOnly, ledger: ledger)
            )
            try await body(
                FaultHarness(
                    server: server, providers: providers, reliability: reliability, executor: executor, ledger: ledger))
        } catch {
            try await server.shutdown()
            throw error
        }
        try await server.shutdown()
    }

    /// Routing with short backoffs, so retries take milliseconds.
    static func fastRouting(
        maxAttempts: Int = 3,
        requestMs: Int = 10_000,
        firstTokenMs: Int = 5_000,
        failureThreshold: Int = 5,
        cooldownMs: Int = 30_000,
        fallbacks: [SwitchboardConfiguration.Fallback] = [],
        streamFailure: SwitchboardConfiguration.StreamFailure = .fail
    ) -> SwitchboardConfiguration.Routing {
        SwitchboardConfiguration.Routing(
            fallbacks: fallbacks,
            retry: .init(
                maxAttempts: maxAttempts, initialBackoffMs: 1, maxBackoffMs: 5, budgetRatio: 1, budgetReserve: 1000),
            timeouts: .init(requestMs: requestMs, connectMs: 1000, firstTokenMs: firstTokenMs),
            circuitBreaker: .init(
                failureThreshold: failureThreshold, cooldownMs: cooldownMs, maxCooldownMs: cooldownMs * 4),
            streamFailure: streamFailure
        )
    }

    /// A candidate on `deployment` for `model`.
    static func candidate(_ deployment: String, _ model: String = "gpt-6.1-terra", contextWindow: Int? = nil)
        -> RouteCandidate
    {
        RouteCandidate(
            provider: deployment,
            model: ModelInfo(id: model, contextWindow: contextWindow, tier: .standard),
            rationale: "test",
            estimatedCost: nil,
            confidence: 0.5
        )
    }

    func complete(
        _ candidates: [RouteCandidate],
        options: ExecutionOptions = ExecutionOptions(),
        request: ChatRequest = FaultHarness.request
    ) async throws -> StrategyResult {
        try await executor.complete(request, strategy: .auto, candidates: candidates, options: options)
    }

    /// Streams, collecting the events that reached the caller and the result or error.
    func stream(
        _ candidates: [RouteCandidate],
        options: ExecutionOptions = ExecutionOptions()
    ) async -> (events: [StreamEvent], result: StrategyResult?, error: StrategyError?) {
        var events: [StreamEvent] = []
        do {
            for try await element in executor.stream(
                FaultHarness.request, strategy: .auto, candidates: candidates, options: options)
            {
                switch element {
                case .event(let event): events.append(event)
                case .completed(let result): return (events, result, nil)
                }
            }
            return (events, nil, nil)
        } catch {
            return (events, nil, error as? StrategyError)
        }
    }
}

extension [StreamEvent] {
    /// The text deltas, joined.
    var text: String { compactMap { if case .textDelta(let text) = $0 { text } else { nil } }.joined() }
}

/// A counter shared with a server's `decide` closure.
final class Counter: Sendable {
    private let value = Locked(0)
    /// Adds one and returns the new value.
    func next() -> Int {
        value.withLock {
            $0 += 1; return $0
        }
    }
}
