public import SwitchboardKit
import Tracing

extension StrategyExecutor {
    /// Embeds `request` over `candidates` (best first, as the router ranks them): the candidates `strategy` arranges
    /// are tried one after another as a chat request falls through them — the same retries, breakers, rate limits,
    /// fallback chains and timeouts (``fallThrough(_:strategy:_:validator:scope:sink:)``), each attempt metered by
    /// the meter's embeddings `run`. Strategies that ask several candidates at once (`parallel`,
    /// `ensemble`) fall through too: vectors of different models cannot be compared or combined.
    /// - Parameter options: this request's deadline, timeouts, retries and whether it may fall back.
    /// - Throws: ``StrategyError`` with every attempt when no candidate answered.
    public func embed(
        _ request: EmbeddingRequest,
        strategy: ExecutionStrategy,
        candidates: [RouteCandidate],
        options: ExecutionOptions = ExecutionOptions()
    ) async throws -> EmbeddingResult {
        let scope = RequestScope(options, reliability.routing, clock: reliability.clock)
        return try await reliability.withSpan("switchboard.embed") { span in
            span.attributes["switchboard.strategy"] = strategy.name.rawValue
            span.attributes["switchboard.candidates"] = candidates.count
            span.attributes[GenAIAttribute.operationName] = GenAIAttribute.embeddings
            let ordered = try strategy.arrange(candidates)
            let (response, candidate, attempts) = try await fallThrough(
                strategy: strategy.name, ordered, scope: scope, validator: nil
            ) { candidate, alternatives, _ in
                await inSpan(of: candidate, role: .answer) { span in
                    span.recordGenAIRequest(request, to: candidate)
                } attempts: {
                    await embedRetrying(request, on: candidate, scope: scope, alternatives: alternatives)
                }
            }
            span.attributes["switchboard.answered_by"] = candidate.id
            return EmbeddingResult(
                response: response, strategy: strategy.name, candidate: candidate, attempts: attempts)
        }
    }

    /// `request`'s attempts on `candidate`, retried as a chat request's are.
    private func embedRetrying(
        _ request: EmbeddingRequest, on candidate: RouteCandidate, scope: RequestScope, alternatives: Bool
    ) async -> CandidateRun<EmbeddingResponse> {
        var outgoing = request
        outgoing.model = candidate.model.id
        return await retrying(
            candidate, .answer, tokens: outgoing.estimatedInputTokens, scope: scope, alternatives: alternatives
        ) { [outgoing] attempt in
            (await send(outgoing, to: candidate, attempt: attempt, scope: scope), nil)
        }
    }

    /// One provider call through the ``meter``, within the request's timeout.
    private func send(
        _ request: EmbeddingRequest, to candidate: RouteCandidate, attempt: Int, scope: RequestScope
    ) async -> Result<(EmbeddingResponse, PricedUsage), any Error> {
        await reliability.withSpan("switchboard.attempt", ofKind: .client) { span in
            span.attributes["switchboard.provider"] = candidate.provider
            span.attributes["switchboard.model"] = candidate.model.id
            span.attributes["switchboard.attempt"] = attempt
            span.recordGenAIRequest(request, to: candidate)
            let start = ContinuousClock.now
            do {
                let provider = try lookup(candidate.provider)
                let answer = try await meter.run(request, for: candidate) { request in
                    try await Self.embed(request, with: provider, within: scope, candidate: candidate)
                }
                answer.0.recordGenAIResponse(on: span, recordsContent: false)
                reliability.genAIMetrics?.record(
                    GenAIAttribute.embeddings, provider: candidate.provider, requestModel: candidate.model.id,
                    responseModel: answer.0.model, usage: answer.0.usage, errorType: nil,
                    duration: start.duration(to: .now))
                return .success(answer)
            } catch {
                let failure = ProviderError(error, provider: candidate.provider)
                span.attributes["switchboard.error_kind"] = failure.kind.rawValue
                span.recordGenAIFailure(failure)
                reliability.genAIMetrics?.record(
                    GenAIAttribute.embeddings, provider: candidate.provider, requestModel: candidate.model.id,
                    responseModel: nil, usage: nil, errorType: failure.kind.rawValue,
                    duration: start.duration(to: .now))
                return .failure(error)
            }
        }
    }

    /// `provider`'s embeddings of `request`, cancelled (`timeout`) when the request's deadline passes first.
    private static func embed(
        _ request: EmbeddingRequest, with provider: any Provider, within scope: RequestScope,
        candidate: RouteCandidate
    ) async throws -> EmbeddingResponse {
        // One task asks; the watchdog is a timer that cancels it, as it does a chat attempt's stream reader.
        let untilDeadline = scope.clock.now.duration(to: scope.deadline)
        let answer = Locked<EmbeddingResponse?>(nil)
        let reader = Task {
            let response = try await provider.embed(request)
            answer.withLock { $0 = response }
        }
        let watchdog = AttemptWatchdog(watching: reader)
        watchdog.start(firstToken: untilDeadline, deadline: untilDeadline, sawContent: { true })
        defer { watchdog.stop() }
        do {
            try await withTaskCancellationHandler {
                try await reader.value
            } onCancel: {
                reader.cancel()
            }
            guard let response = answer.withLock({ $0 }) else { throw CancellationError() }
            return response
        } catch {
            guard watchdog.fired == nil else {
                throw ProviderError(
                    .timeout, "the request did not finish within its timeout of \(scope.timeout)",
                    provider: candidate.provider)
            }
            throw error
        }
    }
}
