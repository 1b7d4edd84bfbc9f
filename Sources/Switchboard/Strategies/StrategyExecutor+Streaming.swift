public import SwitchboardKit
import Tracing

extension StrategyExecutor {
    /// Streams the answer to `request` with `strategy` over `candidates`, ending with
    /// ``StrategyStreamEvent/completed(_:)``.
    ///
    /// `auto`, `local_only`, `cloud_only`, `local_first`, `cloud_first` and a `cascade` without a validator stream
    /// live and fail over to the next candidate only while no content event (text, thinking, tool call) has reached
    /// the caller; a failure after that ends the stream with a ``StrategyError`` (`stream_failure: fail`), or asks
    /// the next candidate to continue the partial text and streams its continuation on (`resume`). Every other
    /// strategy (`parallel`, `ensemble`, a validated `cascade`) needs whole answers: it runs as
    /// ``complete(_:strategy:candidates:options:)`` and then replays the chosen answer as events.
    ///
    /// The stream holds at most ``streamLimit`` events the caller has not taken: a caller that reads slowly (a
    /// gateway client on a slow link) slows the provider's stream, and through it the read of the provider's
    /// response, instead of the answer piling up in memory.
    public func stream(
        _ request: ChatRequest,
        strategy: ExecutionStrategy,
        candidates: [RouteCandidate],
        options: ExecutionOptions = ExecutionOptions()
    ) -> AsyncThrowingStream<StrategyStreamEvent, any Error> {
        let scope = RequestScope(options, reliability.routing, clock: reliability.clock)
        return .producing(limit: Self.streamLimit) { send in
            switch strategy {
            case .cascade(let validator) where validator != nil:
                let result = try await complete(request, strategy: strategy, candidates: candidates, options: options)
                for event in result.response.replayed {
                    await send(.event(event))
                }
                await send(.completed(result))
            case .auto, .localOnly, .cloudOnly, .localFirst, .cloudFirst, .cascade:
                let result = try await reliability.withSpan("switchboard.route") { span in
                    span.attributes["switchboard.strategy"] = strategy.name.rawValue
                    span.attributes["switchboard.candidates"] = candidates.count
                    span.attributes[GenAIAttribute.operationName] = GenAIAttribute.chat
                    span.attributes["switchboard.stream"] = true
                    let result = try await fallThrough(
                        request, strategy: strategy.name, try strategy.arrange(candidates), validator: nil,
                        scope: scope,
                        sink: { await send(.event($0)) })
                    span.attributes["switchboard.answered_by"] = result.candidate.id
                    return result
                }
                await send(.completed(result))
            case .parallel, .ensemble:
                let result = try await complete(request, strategy: strategy, candidates: candidates, options: options)
                for event in result.response.replayed {
                    await send(.event(event))
                }
                await send(.completed(result))
            }
        }
    }
}

extension StrategyExecutor {
    /// The most events a strategy stream holds that its caller has not taken.
    public static let streamLimit = 64
}

extension ChatResponse {
    /// The events of a stream that would accumulate into this response.
    var replayed: [StreamEvent] {
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
