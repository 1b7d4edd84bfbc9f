import SwitchboardKit

extension StrategyExecutor {
    /// Tries `ordered` one after another until one answers (and `validator`, if any, accepts the answer), following
    /// ``FallThroughPolicy`` and the configured fallback chains; with `sink`, streams the answer live. Embeddings fall
    /// through the same way (``embed(_:strategy:candidates:options:)``).
    ///
    /// With fallbacks off (``ExecutionOptions/fallbacks``) only the first candidate is tried. Once content of a
    /// candidate has reached a streaming caller, a failure ends the request (`stream_failure: fail`) or asks the next
    /// admissible candidate to continue the partial text (`resume`).
    func fallThrough(
        _ request: ChatRequest,
        strategy: SwitchboardConfiguration.Strategy,
        _ ordered: [RouteCandidate],
        validator: ResponseValidator?,
        scope: RequestScope,
        sink: (@Sendable (StreamEvent) async -> Void)? = nil
    ) async throws -> StrategyResult {
        let (response, candidate, attempts) = try await fallThrough(
            strategy: strategy, ordered, scope: scope, validator: validator
        ) { candidate, alternatives, resumePoint in
            await self.run(
                candidate, request, scope: scope, alternatives: alternatives, sink: sink, resuming: resumePoint)
        }
        return StrategyResult(response: response, strategy: strategy, candidate: candidate, attempts: attempts)
    }

    /// The fall-through of any request: `ask` runs one candidate (with whether another deployment can answer, and
    /// the partial answer to continue), and each answer is held to `validator`, if any.
    /// - Returns: the answer, the candidate that gave it, and every attempt.
    func fallThrough<Answer: Sendable>(
        strategy: SwitchboardConfiguration.Strategy,
        _ ordered: [RouteCandidate],
        scope: RequestScope,
        validator: (@Sendable (Answer) async -> Validation)?,
        ask: (RouteCandidate, _ alternatives: Bool, _ resuming: ResumePoint?) async -> CandidateRun<Answer>
    ) async throws -> (Answer, RouteCandidate, [Attempt]) {
        var policy = FallThroughPolicy()
        var attempts: [Attempt] = []
        var queue = ordered
        var next = 0
        var chained: Set<String> = []
        var resumePoint: ResumePoint?
        var summary: String?
        while next < queue.count {
            let candidate = queue[next]
            next += 1
            guard policy.admits(candidate, explicitly: chained.contains(candidate.id)) else { continue }
            if scope.expired {
                summary = "the request did not finish within its timeout of \(scope.timeout)"
                break
            }
            let alternatives =
                scope.fallbacks
                && queue[next...].contains { other in
                    other.provider != candidate.provider && policy.admits(other, explicitly: chained.contains(other.id))
                }
            let ran = await ask(candidate, alternatives, resumePoint)
            attempts += ran.attempts
            if let response = ran.response {
                if let validator, case .reject(let reason) = await validator(response) {
                    attempts[attempts.count - 1].outcome = .rejected(reason)
                    if scope.fallbacks { continue } else { break }
                }
                return (response, candidate, attempts)
            }
            if ran.cancelled { break }
            if ran.delivered {
                guard scope.streamFailure == .resume, scope.fallbacks, let point = ran.resumePoint else {
                    throw StrategyError(
                        strategy: strategy,
                        attempts: attempts,
                        summary: "\(candidate.id) failed after its answer had begun to stream; "
                            + (scope.streamFailure == .resume
                                ? "the partial answer could not be resumed"
                                : "no failover once content reached the caller (stream_failure: fail)")
                    )
                }
                resumePoint = point
            }
            guard scope.fallbacks else { break }
            if case .unavailable = ran.attempts.last?.outcome { policy.recordUnavailable(candidate) }
            guard let error = ran.error else { continue }
            guard policy.record(error, from: candidate) else { break }
            let targets = chainTargets(after: error, from: candidate, ordered: ordered)
                .filter { target in !attempts.contains { $0.candidate == target.id } }
            for target in targets.reversed() {
                if let queued = queue[next...].firstIndex(where: { $0.id == target.id }) { queue.remove(at: queued) }
                queue.insert(target, at: next)
                chained.insert(target.id)
            }
        }
        throw StrategyError(
            strategy: strategy, attempts: attempts, summary: summary ?? Self.noAnswer(ordered, attempts))
    }

    /// The candidates the `routing.fallbacks` chains name for `candidate` failing with `error`, in order.
    ///
    /// A chain applies when its `from` is the candidate's provider (and model, when it names one) and its `on`
    /// lists the error's kind (no `on`: any kind but `cancelled`). A target `provider/model` is that model; a bare
    /// `provider` is the router's first candidate of that provider, else the same model id there, else the
    /// provider's first model in the registry.
    func chainTargets(after error: ProviderError, from candidate: RouteCandidate, ordered: [RouteCandidate])
        -> [RouteCandidate]
    {
        var targets: [RouteCandidate] = []
        for chain in reliability.routing.fallbacks {
            guard chain.from.provider == candidate.provider, chain.from.model.map({ $0 == candidate.model.id }) ?? true
            else { continue }
            let applies =
                chain.on.map { kinds in kinds.contains { $0.rawValue == error.kind.rawValue } }
                ?? (error.kind != .cancelled)
            guard applies else { continue }
            for target in chain.to {
                if let resolved = resolve(target, failed: candidate, ordered: ordered), !targets.contains(resolved) {
                    targets.append(resolved)
                }
            }
        }
        return targets
    }

    private func resolve(
        _ target: SwitchboardConfiguration.Target,
        failed: RouteCandidate,
        ordered: [RouteCandidate]
    ) -> RouteCandidate? {
        let entries = reliability.models?.entries.filter { $0.provider == target.provider } ?? []
        let model: ModelInfo
        if let id = target.model {
            if let candidate = ordered.first(where: { $0.provider == target.provider && $0.model.id == id }) {
                return candidate
            }
            model = entries.first { $0.model.id == id }?.model ?? ModelInfo(id: id)
        } else {
            if let candidate = ordered.first(where: { $0.provider == target.provider }) { return candidate }
            model =
                entries.first { $0.model.id == failed.model.id }?.model ?? entries.first?.model
                ?? ModelInfo(id: failed.model.id)
        }
        return RouteCandidate(
            provider: target.provider,
            model: model,
            rationale: "fallback chain from \(failed.id)",
            estimatedCost: nil,
            confidence: failed.confidence
        )
    }
}
