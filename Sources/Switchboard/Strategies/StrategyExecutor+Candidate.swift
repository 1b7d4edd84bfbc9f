import Logging
import SwitchboardKit
import Tracing

/// How one candidate went: every attempt (retries included) and the answer (a ``ChatResponse``, an
/// ``EmbeddingResponse``), or what stopped it.
struct CandidateRun<Answer: Sendable>: Sendable {
    /// The attempts, in order.
    var attempts: [Attempt] = []
    /// The answer, when the candidate gave one.
    var response: Answer?
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
        sink: (@Sendable (StreamEvent) async -> Void)? = nil,
        resuming: ResumePoint? = nil
    ) async -> CandidateRun<ChatResponse> {
        await inSpan(of: candidate, role: role) { span in
            span.recordGenAIRequest(request, to: candidate, recordsContent: false)
        } attempts: {
            await runRetrying(candidate, request, role, scope, alternatives, sink, resuming)
        }
    }

    /// Runs `attempts`, one candidate's, in the candidate's tracing span, and records how they went on it: the
    /// request's GenAI attributes as `describe` writes them, the answer's, or the failure.
    func inSpan<Answer: GenAIAnswer>(
        of candidate: RouteCandidate, role: Attempt.Role, describing describe: (any Span) -> Void,
        attempts: () async -> CandidateRun<Answer>
    ) async -> CandidateRun<Answer> {
        await reliability.withSpan("switchboard.candidate") { span in
            span.attributes["switchboard.provider"] = candidate.provider
            span.attributes["switchboard.model"] = candidate.model.id
            span.attributes["switchboard.role"] = role.rawValue
            describe(span)
            let run = await attempts()
            span.attributes["switchboard.attempts"] = run.attempts.count
            if let response = run.response { response.recordGenAIResponse(on: span, recordsContent: false) }
            if let error = run.error {
                span.attributes["switchboard.error_kind"] = error.kind.rawValue
                span.recordGenAIFailure(error)
            }
            return run
        }
    }

    /// ``run(_:_:role:scope:alternatives:sink:resuming:)``'s attempts: the chat request for `candidate`, each attempt
    /// read through an ``AttemptProgress``.
    private func runRetrying(
        _ candidate: RouteCandidate,
        _ request: ChatRequest,
        _ role: Attempt.Role,
        _ scope: RequestScope,
        _ alternatives: Bool,
        _ sink: (@Sendable (StreamEvent) async -> Void)?,
        _ resuming: ResumePoint?
    ) async -> CandidateRun<ChatResponse> {
        var outgoing = resuming?.continuation(of: request) ?? request
        outgoing.model = candidate.model.id
        let estimate = TokenEstimate(outgoing)
        return await retrying(
            candidate, role, tokens: estimate.input + estimate.output, scope: scope, alternatives: alternatives
        ) { [outgoing] attempt in
            let progress = AttemptProgress(
                provider: candidate.provider, model: candidate.model.id, sink: sink, resuming: resuming?.accumulator)
            let result = await send(outgoing, to: candidate, attempt: attempt, scope: scope, progress: progress)
            return (result, progress)
        }
    }

    /// The attempts of one candidate, whatever it is asked for: each admitted by the breaker and the rate limits,
    /// made by `attempt` (given its number; with the progress of a streamed answer, if any), settled, and retried
    /// where the decision table allows. Its own frame stays small: it lives as long as the answer streams, in a task
    /// that keeps every slab of async frames it ever needed, so the work before and after each attempt is done in
    /// helpers whose frames are gone by then.
    /// - Parameter tokens: the request's estimated tokens, which the client-side rate limit counts.
    func retrying<Answer: Sendable>(
        _ candidate: RouteCandidate, _ role: Attempt.Role, tokens: Int, scope: RequestScope, alternatives: Bool,
        attempt make: (Int) async -> (Result<(Answer, PricedUsage), any Error>, AttemptProgress?)
    ) async -> CandidateRun<Answer> {
        var run = CandidateRun<Answer>()
        reliability.retryBudget.recordRequest()
        var attempt = 0
        while true {
            attempt += 1
            let admitted = await admit(
                candidate, role, attempt: attempt, tokens: tokens, scope: scope, alternatives: alternatives,
                into: &run)
            guard admitted else { return run }
            let start = ContinuousClock.now
            let (result, progress) = await make(attempt)
            guard
                let wait = settle(
                    result, of: candidate, role, attempt: attempt, tokens: tokens, duration: start.duration(to: .now),
                    progress: progress, scope: scope, alternatives: alternatives, into: &run)
            else { return run }
            guard (try? await scope.clock.sleep(for: wait)) != nil else {
                run.cancelled = true
                return run
            }
        }
    }

    /// Waits until attempt `attempt` of `candidate` may be sent — its deployment's breaker admits it and the
    /// client-side rate limit has room for `tokens` — as long as the request may wait and no other deployment can
    /// answer instead.
    /// - Returns: whether it may be sent; when not, why is recorded in `run`.
    private func admit<Answer>(
        _ candidate: RouteCandidate, _ role: Attempt.Role, attempt: Int, tokens: Int, scope: RequestScope,
        alternatives: Bool, into run: inout CandidateRun<Answer>
    ) async -> Bool {
        let clock = scope.clock
        let deployment = candidate.provider
        func notAsked(_ outcome: Attempt.Outcome) -> Bool {
            log(candidate, attempt: attempt, "not asked: \(outcome)")
            run.attempts.append(Attempt(candidate: candidate.id, role: role, outcome: outcome, duration: .zero))
            return false
        }
        func unavailable(_ reason: Unavailability.Reason, until: ContinuousClock.Instant) -> Bool {
            let wait = clock.now.duration(to: until)
            return notAsked(.unavailable(Unavailability(reason: reason, retryAfter: wait, deployment: deployment)))
        }
        if scope.expired { return notAsked(.skipped("the request's timeout of \(scope.timeout) had passed")) }
        while case .refused(let until, let reason) = reliability.breakers.admit(deployment) {
            guard !alternatives, scope.mayWait(until: until) else { return unavailable(reason, until: until) }
            log(
                candidate, attempt: attempt, "waiting \(clock.now.duration(to: until).secondsText) (\(reason.rawValue))"
            )
            guard (try? await clock.sleep(until: until)) != nil else {
                run.cancelled = true
                return false
            }
        }
        var wait = reliability.rateLimiter.acquire(deployment, tokens: tokens)
        while wait > .zero {
            guard !alternatives, scope.mayWait(until: clock.now + wait) else {
                reliability.breakers.release(deployment)
                return unavailable(.rateLimited, until: clock.now + wait)
            }
            log(candidate, attempt: attempt, "waiting \(wait.secondsText) (client-side rate limit)")
            guard (try? await clock.sleep(for: wait)) != nil else {
                reliability.breakers.release(deployment)
                run.cancelled = true
                return false
            }
            wait = reliability.rateLimiter.acquire(deployment, tokens: tokens)
        }
        return true
    }

    /// Records attempt `attempt` of `candidate`, which took `duration` and ended in `result`, in `run`, and tells the
    /// models' outcomes, the breaker and the rate limiter.
    /// - Returns: how long to wait before the next attempt; nil when the candidate is done (answered, cancelled, or
    ///   failed in a way ``retryDecision(after:attempt:alternatives:scope:)`` does not retry).
    @inline(never)
    private func settle<Answer>(
        _ result: Result<(Answer, PricedUsage), any Error>, of candidate: RouteCandidate, _ role: Attempt.Role,
        attempt: Int, tokens: Int, duration: Duration, progress: AttemptProgress?, scope: RequestScope,
        alternatives: Bool, into run: inout CandidateRun<Answer>
    ) -> Duration? {
        let deployment = candidate.provider
        reliability.models?.record(
            outcome: RequestOutcome(
                provider: candidate.provider, model: candidate.model.id, success: result.isSuccess,
                latency: duration))
        switch result {
        case .success(let (response, usage)):
            reliability.breakers.recordSuccess(deployment)
            reliability.rateLimiter.adjust(
                deployment, tokens: usage.usage.estimated ? 0 : usage.usage.totalTokens - tokens)
            run.attempts.append(
                Attempt(candidate: candidate.id, role: role, outcome: .success, duration: duration, usage: usage))
            log(candidate, attempt: attempt, "answered in \(duration.secondsText)")
            run.response = response
            run.error = nil
            return nil
        case .failure(let failure):
            let outcome = Self.outcome(of: failure, candidate: candidate)
            run.attempts.append(Attempt(candidate: candidate.id, role: role, outcome: outcome, duration: duration))
            guard case .failure(let error) = outcome else {
                reliability.breakers.release(deployment)
                log(candidate, attempt: attempt, "cancelled")
                run.cancelled = true
                return nil
            }
            reliability.breakers.recordFailure(deployment, error)
            run.error = error
            if let progress, progress.delivered {
                log(candidate, attempt: attempt, "\(outcome) after content reached the caller")
                run.delivered = true
                run.resumePoint = progress.resumePoint
                return nil
            }
            switch retryDecision(after: error, attempt: attempt, alternatives: alternatives, scope: scope) {
            case .stop(let why):
                log(candidate, attempt: attempt, "\(outcome); not retried: \(why)")
                return nil
            case .retry(let wait, let why):
                log(candidate, attempt: attempt, "\(outcome); retrying in \(wait.secondsText) (\(why))")
                return wait
            }
        }
    }

    /// Whether to try the same deployment again after a failed attempt, and after how long.
    enum RetryDecision: Sendable, Hashable {
        /// Try again after the wait, for the reason.
        case retry(after: Duration, because: String)
        /// Do not, for the reason.
        case stop(because: String)
    }

    /// Whether attempt `attempt`, which failed with `error`, is tried again on the same deployment (the table in
    /// `docs/reliability.md`):
    /// - `rate_limited` and `overloaded`: only when there is no other deployment to go to; after exactly the
    ///   Retry-After when the server sent one (never longer than the request may wait), else after the backoff;
    /// - `connection`: never when a local or private address refused it (no server listens there); one quick retry
    ///   when a remote host refused it; otherwise after the backoff;
    /// - `server` and `timeout`: after the backoff (the next attempt may land on a healthy replica);
    /// - anything else: never (the same request would fail the same way).
    ///
    /// Every retry is also bounded by `max_attempts`, the deadline and the process-wide retry budget.
    func retryDecision(after error: ProviderError, attempt: Int, alternatives: Bool, scope: RequestScope)
        -> RetryDecision
    {
        guard attempt < scope.maxAttempts else {
            return .stop(because: "\(scope.maxAttempts) attempts made (max_attempts)")
        }
        let wait: Duration
        let why: String
        switch error.kind {
        case .rateLimited, .overloaded:
            guard !alternatives else { return .stop(because: "another deployment can answer") }
            if let hold = CircuitBreakers.hold(for: error) {
                guard scope.mayWait(until: scope.clock.now + hold) else {
                    return .stop(because: "its Retry-After of \(hold.secondsText) is longer than the request may wait")
                }
                return reliability.retryBudget.withdraw()
                    ? .retry(after: hold, because: "Retry-After") : .stop(because: "the retry budget is spent")
            }
            (wait, why) = (reliability.backoff(beforeRetry: attempt), "backoff; no Retry-After")
        case .connection where error.reason == .serverNotRunning:
            return .stop(because: "nothing listens at that local address")
        case .connection where error.reason == .connectionRefused:
            guard attempt == 1 else { return .stop(because: "the host refused the connection again") }
            (wait, why) = (reliability.backoff(beforeRetry: 1), "one quick retry of a refused connection")
        case .server, .timeout, .connection:
            (wait, why) = (reliability.backoff(beforeRetry: attempt), "backoff")
        default:
            return .stop(because: "a \(error.kind) failure would fail the same way again")
        }
        guard scope.clock.now + wait < scope.deadline else {
            return .stop(because: "the backoff would pass the deadline")
        }
        guard reliability.retryBudget.withdraw() else { return .stop(because: "the retry budget is spent") }
        return .retry(after: wait, because: why)
    }

    /// Logs one step of `candidate`'s attempts at `debug`.
    private func log(_ candidate: RouteCandidate, attempt: Int, _ message: @autoclosure () -> String) {
        reliability.logger.debug(
            "\(candidate.id) attempt \(attempt): \(message())",
            metadata: ["candidate": .string(candidate.id), "attempt": .stringConvertible(attempt)]
        )
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
            span.recordGenAIRequest(request, to: candidate, recordsContent: reliability.recordsContent)
            let start = ContinuousClock.now
            do {
                let provider = try lookup(candidate.provider)
                let (response, usage) = try await meter.run(request, for: candidate) { request in
                    try await stream(request, from: provider, to: candidate, scope: scope, progress: progress)
                }
                if usage.usage.responseCacheHit {
                    for event in response.replayed { try await progress.add(event) }
                }
                span.recordGenAIResponse(response, recordsContent: reliability.recordsContent)
                reliability.genAIMetrics?.record(
                    GenAIAttribute.chat, provider: candidate.provider, requestModel: candidate.model.id,
                    responseModel: response.model,
                    usage: response.usage, errorType: nil, duration: start.duration(to: .now))
                return .success((response, usage))
            } catch {
                let failure = ProviderError(error, provider: candidate.provider)
                span.attributes["switchboard.error_kind"] = failure.kind.rawValue
                span.recordGenAIFailure(failure)
                reliability.genAIMetrics?.record(
                    GenAIAttribute.chat, provider: candidate.provider, requestModel: candidate.model.id,
                    responseModel: nil, usage: nil,
                    errorType: failure.kind.rawValue, duration: start.duration(to: .now))
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
        // One task reads the stream; the watchdogs are timers that cancel it, in real time towards the deadline the
        // scope's clock set.
        let untilDeadline = scope.clock.now.duration(to: scope.deadline)
        let reader = Task {
            for try await event in provider.stream(request) { try await progress.add(event) }
        }
        let watchdog = AttemptWatchdog(watching: reader)
        watchdog.start(
            firstToken: min(scope.firstTokenTimeout, untilDeadline), deadline: untilDeadline,
            sawContent: { progress.sawContent })
        defer { watchdog.stop() }
        do {
            try await withTaskCancellationHandler {
                try await reader.value
            } onCancel: {
                reader.cancel()
            }
        } catch {
            switch watchdog.fired {
            case .noFirstToken:
                throw ProviderError(
                    .timeout, "no first token within \(scope.firstTokenTimeout)", provider: candidate.provider)
            case .deadline:
                throw ProviderError(
                    .timeout, "the request did not finish within its timeout of \(scope.timeout)",
                    provider: candidate.provider)
            case nil:
                throw error
            }
        }
        return try await progress.finish()
    }
}

extension Result {
    fileprivate var isSuccess: Bool {
        if case .success = self { true } else { false }
    }
}
