public import SwitchboardKit

extension StrategyExecutor {
    /// Streams the answer to `request` with `strategy` over `candidates`, ending with
    /// ``StrategyStreamEvent/completed(_:)``.
    ///
    /// `auto`, `local_only`, `cloud_only`, `local_first`, `cloud_first` and a `cascade` without a validator stream
    /// live and fail over to the next candidate only while no content event (text, thinking, tool call) has reached
    /// the caller; a failure after that ends the stream with a ``StrategyError``. Every other strategy (`parallel`,
    /// `ensemble`, a validated `cascade`) needs whole answers: it runs as ``complete(_:strategy:candidates:)`` and
    /// then replays the chosen answer as events.
    public func stream(
        _ request: ChatRequest,
        strategy: ExecutionStrategy,
        candidates: [RouteCandidate]
    ) -> AsyncThrowingStream<StrategyStreamEvent, any Error> {
        .producing { continuation in
            switch strategy {
            case .auto, .localOnly, .cloudOnly, .localFirst, .cloudFirst:
                try await streamFallingThrough(request, strategy: strategy, candidates, continuation)
            case .cascade(let validator) where validator == nil:
                try await streamFallingThrough(request, strategy: strategy, candidates, continuation)
            case .cascade, .parallel, .ensemble:
                let result = try await complete(request, strategy: strategy, candidates: candidates)
                for event in result.response.replayed {
                    continuation.yield(.event(event))
                }
                continuation.yield(.completed(result))
            }
        }
    }

    private func streamFallingThrough(
        _ request: ChatRequest,
        strategy: ExecutionStrategy,
        _ candidates: [RouteCandidate],
        _ continuation: AsyncThrowingStream<StrategyStreamEvent, any Error>.Continuation
    ) async throws {
        let ordered = try strategy.arrange(candidates)
        let clock = ContinuousClock()
        var policy = FallThroughPolicy()
        var attempts: [Attempt] = []
        for candidate in ordered where policy.admits(candidate) {
            let start = clock.now
            var held: [StreamEvent] = []
            var delivered = false
            var accumulator = StreamAccumulator(provider: candidate.provider, model: candidate.model.id)
            do {
                let provider = try lookup(candidate.provider)
                var request = request
                request.model = candidate.model.id
                let (response, usage) = try await meter.run(request, for: candidate) { request in
                    for try await event in provider.stream(request) {
                        try accumulator.add(event)
                        held.append(event)
                        if delivered || event.isContent {
                            delivered = true
                            held.forEach { continuation.yield(.event($0)) }
                            held.removeAll()
                        }
                    }
                    return try accumulator.response()
                }
                if usage.usage.responseCacheHit { held = response.replayed }
                held.forEach { continuation.yield(.event($0)) }
                attempts.append(
                    Attempt(candidate: candidate.id, outcome: .success, duration: start.duration(to: clock.now), usage: usage))
                continuation.yield(
                    .completed(StrategyResult(response: response, strategy: strategy.name, candidate: candidate, attempts: attempts))
                )
                return
            } catch {
                let outcome = Self.outcome(of: error, candidate: candidate)
                attempts.append(Attempt(candidate: candidate.id, outcome: outcome, duration: start.duration(to: clock.now)))
                if delivered {
                    throw StrategyError(
                        strategy: strategy.name,
                        attempts: attempts,
                        summary: "\(candidate.id) failed after its answer had begun to stream; no failover once content reached the caller"
                    )
                }
                guard case .failure(let failure) = outcome, policy.record(failure, from: candidate) else { break }
            }
        }
        throw StrategyError(strategy: strategy.name, attempts: attempts, summary: Self.noAnswer(ordered, attempts))
    }
}

extension StreamEvent {
    /// Whether the event carries part of the answer (text, thinking or a tool call), after which a stream no longer
    /// fails over.
    fileprivate var isContent: Bool {
        switch self {
        case .textDelta, .thinkingDelta, .toolCallStart, .toolCallDelta, .toolCallEnd: true
        case .start, .usage, .finish, .error: false
        }
    }
}

extension ChatResponse {
    /// The events of a stream that would accumulate into this response.
    fileprivate var replayed: [StreamEvent] {
        var events: [StreamEvent] = [.start(id: id, model: model)]
        var toolIndex = 0
        for part in content {
            switch part {
            case .text(let text):
                events.append(.textDelta(text))
            case .thinking(let thinking):
                events.append(.thinkingDelta(text: thinking.text, signature: thinking.signature))
            case .toolCall(let call):
                events += [
                    .toolCallStart(index: toolIndex, id: call.id, name: call.name),
                    .toolCallDelta(index: toolIndex, arguments: call.arguments),
                    .toolCallEnd(index: toolIndex),
                ]
                toolIndex += 1
            case .image, .toolResult:
                break
            }
        }
        return events + [.usage(usage), .finish(finishReason)]
    }
}
