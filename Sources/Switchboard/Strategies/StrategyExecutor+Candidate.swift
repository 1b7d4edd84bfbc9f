import SwitchboardKit
import Tracing

/// How one candidate went: every attempt (retries included) and the answer, or what stopped it.
struct CandidateRun: Sendable {
    /// The attempts, in order.
    var attempts: [Attempt] = []
    /// The answer, when the candidate gave one.
    var response: ChatResponse?
    /// The last failure; nil on success, when skipped, or when cancelled.
    var error: ProviderError?
    /// Whether the strategy's task was cancelled.
    var cancelled = false
    /// Whether content of this candidate reached the caller before it failed (streaming only).
    var delivered = false
    /// The partial text answer that reached the caller, when a continuation can extend it.
    var resumePoint: ResumePoint?
}

extension StrategyExecutor {
    /// Sends `request` to `candidate`, retrying on the same deployment where the decision table allows (see
    /// `docs/reliability.md`), within the breaker, the rate limits, the retry budget and the request's deadline.
    /// - Parameters:
    ///   - alternatives: whether the strategy has another deployment to go to; a rate-limited, overloaded or open
    ///     deployment is then left at once instead of waited for.
    ///   - sink: where a streaming caller gets events; nil to collect the answer only.
    ///   - resuming: the partial answer this request continues.
    func run(
        _ candidate: RouteCandidate,
        _ request: ChatRequest,
        role: Attempt.Role = .answer,
        scope: RequestScope,
        alternatives: Bool,
        sink: (@Sendable (StreamEvent) -> Void)? = nil,
        resuming: ResumePoint? = nil
    ) async -> CandidateRun {
        await reliability.withSpan("switchboard.candidate") { span in
            span.attributes["switchboard.provider"] = candidate.provider
            span.attributes["switchboard.model"] = candidate.model.id
            span.attributes["switchboard.role"] = role.rawValue
            let run = await runRetrying(candidate, request, role, scope, alternatives, sink, resuming)
            span.attributes["switchboard.attempts"] = run.attempts.count
            if let error = run.error {
                span.attributes["switchboard.error_kind"] = error.kind.rawValue
                span.recordError(error)
            }
            return run
        }
    }

    private func runRetrying(
        _ candidate: RouteCandidate,
        _ request: ChatRequest,
        _ role: Attempt.Role,
        _ scope: RequestScope,
        _ alternatives: Bool,
        _ sink: (@Sendable (StreamEvent) -> Void)?,
        _ resuming: ResumePoint?
    ) async -> CandidateRun {
        let clock = ContinuousClock()
        let deployment = candidate.provider
        var run = CandidateRun()
        func skip(_ reason: String) -> CandidateRun {
            run.attempts.append(Attempt(candidate: candidate.id, role: role, outcome: .skipped(reason), duration: .zero))
            return run
        }
        var outgoing = resuming?.continuation(of: request) ?? request
        outgoing.model = candidate.model.id
        let estimate = TokenEstimate(outgoing)
        let tokens = estimate.input + estimate.output
        reliability.retryBudget.recordRequest()
        var attempt = 0
        while true {
            attempt += 1
            if scope.expired { return skip("the request's timeout of \(scope.timeout) had passed") }
            if case .refused(let until) = reliability.breakers.admit(deployment) {
                guard !alternatives, until < scope.deadline else {
                    return skip("circuit open for \(max(.zero, ContinuousClock.now.duration(to: until)))")
                }
                guard (try? await Task.sleep(until: until)) != nil else {
                    run.cancelled = true
                    return run
                }
            }
            var wait = reliability.rateLimiter.acquire(deployment, tokens: tokens)
            while wait > .zero {
                guard !alternatives, ContinuousClock.now + wait < scope.deadline else {
                    reliability.breakers.release(deployment)
                    return skip("client-side rate limit of \(deployment): would wait \(wait)")
                }
                guard (try? await Task.sleep(for: wait)) != nil else {
                    reliability.breakers.release(deployment)
                    run.cancelled = true
                    return run
                }
                wait = reliability.rateLimiter.acquire(deployment, tokens: tokens)
            }
            let start = clock.now
            let progress = AttemptProgress(
                provider: candidate.provider, model: candidate.model.id, sink: sink, resuming: resuming?.accumulator)
            let result = await send(outgoing, to: candidate, attempt: attempt, scope: scope, progress: progress)
            let duration = start.duration(to: clock.now)
            reliability.models?.record(
                outcome: RequestOutcome(
                    provider: candidate.provider, model: candidate.model.id, success: result.isSuccess, latency: duration))
            switch result {
            case .success(let (response, usage)):
                reliability.breakers.recordSuccess(deployment)
                reliability.rateLimiter.adjust(deployment, tokens: response.usage.estimated ? 0 : response.usage.totalTokens - tokens)
                run.attempts.append(Attempt(candidate: candidate.id, role: role, outcome: .success, duration: duration, usage: usage))
                run.response = response
                run.error = nil
                return run
            case .failure(let failure):
                let outcome = Self.outcome(of: failure, candidate: candidate)
                run.attempts.append(Attempt(candidate: candidate.id, role: role, outcome: outcome, duration: duration))
                guard case .failure(let error) = outcome else {
                    reliability.breakers.release(deployment)
                    run.cancelled = true
                    return run
                }
                reliability.breakers.recordFailure(deployment, error)
                run.error = error
                if progress.delivered {
                    run.delivered = true
                    run.resumePoint = progress.resumePoint
                    return run
                }
                guard attempt < scope.maxAttempts, Self.retriesOnSameDeployment(error.kind, alternatives: alternatives),
                    !scope.expired
                else { return run }
                let backoff = reliability.backoff(beforeRetry: attempt, retryAfter: error.retryAfter)
                guard ContinuousClock.now + backoff < scope.deadline, reliability.retryBudget.withdraw() else { return run }
                guard (try? await Task.sleep(for: backoff)) != nil else {
                    run.cancelled = true
                    return run
                }
            }
        }
    }

    /// Whether a failure of `kind` is retried on the same deployment: `server`, `timeout` and `connection` always
    /// (the next attempt may land on a healthy replica); `rate_limited` and `overloaded` only when there is no other
    /// deployment to go to; nothing else (the same request would fail the same way).
    static func retriesOnSameDeployment(_ kind: ProviderError.Kind, alternatives: Bool) -> Bool {
        switch kind {
        case .server, .timeout, .connection: true
        case .rateLimited, .overloaded: !alternatives
        default: false
        }
    }

    /// One provider call through the ``meter`` (response cache, budget reservation, pricing, ledger): the stream read
    /// to its end, with the first-token and whole-request timeouts. A response-cache hit is replayed as events.
    private func send(
        _ request: ChatRequest,
        to candidate: RouteCandidate,
        attempt: Int,
        scope: RequestScope,
        progress: AttemptProgress
    ) async -> Result<(ChatResponse, PricedUsage), any Error> {
        await reliability.withSpan("switchboard.attempt", ofKind: .client) { span in
            span.attributes["switchboard.provider"] = candidate.provider
            span.attributes["switchboard.model"] = candidate.model.id
            span.attributes["switchboard.attempt"] = attempt
            do {
                let provider = try lookup(candidate.provider)
                let (response, usage) = try await meter.run(request, for: candidate) { request in
                    try await stream(request, from: provider, to: candidate, scope: scope, progress: progress)
                }
                if usage.usage.responseCacheHit {
                    for event in response.replayed { try progress.add(event) }
                }
                return .success((response, usage))
            } catch {
                let failure = ProviderError(error, provider: candidate.provider)
                span.attributes["switchboard.error_kind"] = failure.kind.rawValue
                span.recordError(failure)
                return .failure(error)
            }
        }
    }

    /// Reads `provider`'s stream of `request` into `progress`, within the first-token and whole-request timeouts.
    private func stream(
        _ request: ChatRequest,
        from provider: any Provider,
        to candidate: RouteCandidate,
        scope: RequestScope,
        progress: AttemptProgress
    ) async throws -> ChatResponse {
        let firstTokenBy = min(ContinuousClock.now + scope.firstTokenTimeout, scope.deadline)
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask {
                for try await event in provider.stream(request) { try progress.add(event) }
            }
            group.addTask {
                try await Task.sleep(until: firstTokenBy)
                if !progress.sawContent && firstTokenBy < scope.deadline {
                    throw ProviderError(
                        .timeout, "no first token within \(scope.firstTokenTimeout)", provider: candidate.provider)
                }
                try await Task.sleep(until: scope.deadline)
                throw ProviderError(
                    .timeout, "the request did not finish within its timeout of \(scope.timeout)", provider: candidate.provider)
            }
            _ = try await group.next()
            group.cancelAll()
        }
        return try progress.finish()
    }
}

extension Result {
    fileprivate var isSuccess: Bool {
        if case .success = self { true } else { false }
    }
}
