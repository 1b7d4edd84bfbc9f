public import SwitchboardKit
import Tracing

/// Runs a request over the router's ranked candidates with an ``ExecutionStrategy``: falls through failures,
/// escalates a cascade, races, or combines an ensemble, and records every attempt.
///
/// ```swift
/// let executor = StrategyExecutor(registry: host.registry)
/// let result = try await executor.complete(request, strategy: .cascade(validator: check), candidates: candidates)
/// print(result.response.text, result.candidate.id, result.attempts)
/// ```
/// Each attempt sends `request` with its `model` replaced by the candidate's model id. Every attempt goes through
/// the executor's ``Reliability``: retries with backoff, circuit breakers, client-side rate limits, timeouts and
/// fallback chains (`docs/reliability.md`). `docs/strategies.md` describes every strategy, the fall-through table
/// (``FallThroughPolicy``) and the result.
public struct StrategyExecutor: Sendable {
    /// Finds the provider instance of a candidate's provider name; throws a ``ProviderError`` when there is none.
    public typealias ProviderLookup = @Sendable (String) throws -> any Provider

    let lookup: ProviderLookup
    /// The retry, breaker, rate limit and timeout state every request of this executor shares.
    public let reliability: Reliability
    /// Prices, records and budgets every attempt (``UsageMeter/run(_:for:_:)``).
    public let meter: UsageMeter

    /// An executor that finds providers with `lookup`, shares `reliability`, and meters attempts with `meter` (by
    /// default: priced from the candidates' catalog entries, recorded nowhere).
    public init(
        providers lookup: @escaping ProviderLookup,
        reliability: Reliability = Reliability(),
        meter: UsageMeter = UsageMeter(prices: .candidatesOnly)
    ) {
        self.lookup = lookup
        self.reliability = reliability
        self.meter = meter
    }

    /// An executor that finds providers in `registry`; a name it does not hold fails the attempt with `not_found`.
    public init(
        registry: ProviderRegistry,
        reliability: Reliability = Reliability(),
        meter: UsageMeter = UsageMeter(prices: .candidatesOnly)
    ) {
        self.init(
            providers: { name in
                guard let provider = registry.provider(named: name) else {
                    throw ProviderError(.notFound, "no provider named \"\(name)\" in the registry", provider: name)
                }
                return provider
            }, reliability: reliability, meter: meter)
    }

    /// Answers `request` with `strategy` over `candidates` (best first, as the router ranks them).
    /// - Parameter options: this request's deadline, timeouts, retries and whether it may fall back.
    /// - Throws: ``StrategyError`` with every attempt when no answer was found.
    public func complete(
        _ request: ChatRequest,
        strategy: ExecutionStrategy,
        candidates: [RouteCandidate],
        options: ExecutionOptions = ExecutionOptions()
    ) async throws -> StrategyResult {
        let scope = RequestScope(options, reliability.routing, clock: reliability.clock)
        return try await reliability.withSpan("switchboard.route") { span in
            span.attributes["switchboard.strategy"] = strategy.name.rawValue
            span.attributes["switchboard.candidates"] = candidates.count
            span.attributes[GenAIAttribute.operationName] = GenAIAttribute.chat
            let result = try await run(request, strategy: strategy, candidates: candidates, scope: scope)
            span.attributes["switchboard.answered_by"] = result.candidate.id
            return result
        }
    }

    private func run(
        _ request: ChatRequest,
        strategy: ExecutionStrategy,
        candidates: [RouteCandidate],
        scope: RequestScope
    ) async throws -> StrategyResult {
        let ordered = try strategy.arrange(candidates)
        switch strategy {
        case .auto, .localOnly, .cloudOnly, .localFirst, .cloudFirst:
            return try await fallThrough(request, strategy: strategy.name, ordered, validator: nil, scope: scope)
        case .cascade(let validator):
            return try await fallThrough(request, strategy: strategy.name, ordered, validator: validator, scope: scope)
        case .parallel(let width):
            return try await race(request, ordered.prefix(max(1, width)), scope: scope)
        case .ensemble(.vote(let count)):
            return try await vote(request, ordered.prefix(max(1, count)), scope: scope)
        case .ensemble(.chain(let count)):
            return try await chain(request, ordered, count: max(1, count), scope: scope)
        case .ensemble(.bestOf(let count, let judge)):
            return try await bestOf(request, ordered, count: max(1, count), judge: judge, scope: scope)
        }
    }

    /// Sends `request` to `candidate`'s model (with its retries) for strategies that ask several candidates at once.
    func ask(
        _ candidate: RouteCandidate,
        _ request: ChatRequest,
        role: Attempt.Role = .answer,
        scope: RequestScope
    ) async -> (attempts: [Attempt], response: ChatResponse?) {
        let ran = await self.run(candidate, request, role: role, scope: scope, alternatives: false)
        return (ran.attempts, ran.response)
    }

    /// A failure as an attempt's outcome: `cancelled` when the strategy's own task was cancelled (whatever the
    /// provider made of the cut-off stream), which stops every strategy.
    static func outcome(of error: any Error, candidate: RouteCandidate) -> Attempt.Outcome {
        Task.isCancelled ? .cancelled : .failure(ProviderError(error, provider: candidate.provider))
    }

    /// "no candidate answered", naming the candidates the fall-through policy left untried.
    static func noAnswer(_ ordered: some Collection<RouteCandidate>, _ attempts: [Attempt]) -> String {
        let tried = Set(attempts.map(\.candidate))
        let untried = ordered.map(\.id).filter { !tried.contains($0) }
        return "no candidate answered" + (untried.isEmpty ? "" : " (not tried: \(untried.joined(separator: ", ")))")
    }
}
