public import SwitchboardKit

/// Runs a request over the router's ranked candidates with an ``ExecutionStrategy``: falls through failures,
/// escalates a cascade, races, or combines an ensemble, and records every attempt.
///
/// ```swift
/// let executor = StrategyExecutor(registry: host.registry)
/// let result = try await executor.complete(request, strategy: .cascade(validator: check), candidates: candidates)
/// print(result.response.text, result.candidate.id, result.attempts)
/// ```
/// Each attempt sends `request` with its `model` replaced by the candidate's model id. `docs/strategies.md`
/// describes every strategy, the fall-through table (``FallThroughPolicy``) and the result.
public struct StrategyExecutor: Sendable {
    /// Finds the provider instance of a candidate's provider name; throws a ``ProviderError`` when there is none.
    public typealias ProviderLookup = @Sendable (String) throws -> any Provider

    let lookup: ProviderLookup
    /// Prices, records and budgets every attempt (``UsageMeter/run(_:for:_:)``).
    public let meter: UsageMeter

    /// An executor that finds providers with `lookup` and meters attempts with `meter` (by default: priced from the
    /// candidates' catalog entries, recorded nowhere).
    public init(providers lookup: @escaping ProviderLookup, meter: UsageMeter = UsageMeter(prices: .candidatesOnly)) {
        self.lookup = lookup
        self.meter = meter
    }

    /// An executor that finds providers in `registry`; a name it does not hold fails the attempt with `not_found`.
    public init(registry: ProviderRegistry, meter: UsageMeter = UsageMeter(prices: .candidatesOnly)) {
        let lookup: ProviderLookup = { name in
            guard let provider = registry.provider(named: name) else {
                throw ProviderError(.notFound, "no provider named \"\(name)\" in the registry", provider: name)
            }
            return provider
        }
        self.init(providers: lookup, meter: meter)
    }

    /// Answers `request` with `strategy` over `candidates` (best first, as the router ranks them).
    /// - Throws: ``StrategyError`` with every attempt when no answer was found.
    public func complete(
        _ request: ChatRequest,
        strategy: ExecutionStrategy,
        candidates: [RouteCandidate]
    ) async throws -> StrategyResult {
        let ordered = try strategy.arrange(candidates)
        switch strategy {
        case .auto, .localOnly, .cloudOnly, .localFirst, .cloudFirst:
            return try await fallThrough(request, strategy: strategy.name, ordered, validator: nil)
        case .cascade(let validator):
            return try await fallThrough(request, strategy: strategy.name, ordered, validator: validator)
        case .parallel(let width):
            return try await race(request, ordered.prefix(max(1, width)))
        case .ensemble(.vote(let count)):
            return try await vote(request, ordered.prefix(max(1, count)))
        case .ensemble(.chain(let count)):
            return try await chain(request, ordered, count: max(1, count))
        case .ensemble(.bestOf(let count, let judge)):
            return try await bestOf(request, ordered, count: max(1, count), judge: judge)
        }
    }

    /// Tries `ordered` one after another until one answers (and `validator`, if any, accepts the answer).
    func fallThrough(
        _ request: ChatRequest,
        strategy: SwitchboardConfiguration.Strategy,
        _ ordered: [RouteCandidate],
        validator: ResponseValidator?
    ) async throws -> StrategyResult {
        var policy = FallThroughPolicy()
        var attempts: [Attempt] = []
        for candidate in ordered where policy.admits(candidate) {
            var (attempt, response) = await ask(candidate, request)
            guard let response else {
                attempts.append(attempt)
                if case .failure(let error) = attempt.outcome, policy.record(error, from: candidate) { continue }
                break
            }
            if let validator, case .reject(let reason) = await validator(response) {
                attempt.outcome = .rejected(reason)
                attempts.append(attempt)
                continue
            }
            attempts.append(attempt)
            return StrategyResult(response: response, strategy: strategy, candidate: candidate, attempts: attempts)
        }
        throw StrategyError(strategy: strategy, attempts: attempts, summary: Self.noAnswer(ordered, attempts))
    }

    /// Sends `request` to `candidate`'s model and records how it went.
    func ask(
        _ candidate: RouteCandidate,
        _ request: ChatRequest,
        role: Attempt.Role = .answer
    ) async -> (attempt: Attempt, response: ChatResponse?) {
        let clock = ContinuousClock()
        let start = clock.now
        do {
            let provider = try lookup(candidate.provider)
            var request = request
            request.model = candidate.model.id
            let (response, usage) = try await meter.run(request, for: candidate) { try await provider.complete($0) }
            return (
                Attempt(candidate: candidate.id, role: role, outcome: .success, duration: start.duration(to: clock.now), usage: usage),
                response
            )
        } catch {
            let outcome = Self.outcome(of: error, candidate: candidate)
            return (Attempt(candidate: candidate.id, role: role, outcome: outcome, duration: start.duration(to: clock.now)), nil)
        }
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
