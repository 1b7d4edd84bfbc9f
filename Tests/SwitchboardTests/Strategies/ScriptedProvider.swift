import Switchboard
import SwitchboardKit

/// A fast in-process provider whose models follow a script: answer a text, fail with a kind, hang until cancelled,
/// or answer once a condition holds. It records every request and every cancelled stream.
struct ScriptedProvider: Provider {
    enum Behaviour: Sendable {
        /// start, the text, usage, finish.
        case answer(String)
        /// Fails with this kind before any event.
        case fail(ProviderError.Kind)
        /// Sends start, then fails with this kind (before any content).
        case startThenFail(ProviderError.Kind)
        /// Sends start and the text, then fails with this kind.
        case textThenFail(String, ProviderError.Kind)
        /// Never answers; only cancellation ends the stream.
        case hang
        /// Answers the text once the condition holds (checked every few milliseconds).
        case answerWhen(@Sendable () -> Bool, String)
    }

    let name: String
    let script: [String: Behaviour]
    let log = Log()

    init(_ name: String, _ script: [String: Behaviour]) {
        self.name = name
        self.script = script
    }

    func models() async throws -> [ModelInfo] { script.keys.sorted().map { ModelInfo(id: $0) } }

    func stream(_ request: ChatRequest) -> AsyncThrowingStream<StreamEvent, any Error> {
        log.record(request)
        let model = request.model
        let error = { (kind: ProviderError.Kind) in ProviderError(kind, "scripted \(kind) for \(model)", provider: name)
        }
        switch script[model] ?? .fail(.notFound) {
        case .answer(let text):
            return Self.answering(text, model: model)
        case .fail(let kind):
            return AsyncThrowingStream { $0.finish(throwing: error(kind)) }
        case .startThenFail(let kind):
            return AsyncThrowingStream {
                $0.yield(.start(id: nil, model: model))
                $0.finish(throwing: error(kind))
            }
        case .textThenFail(let text, let kind):
            return AsyncThrowingStream {
                $0.yield(.start(id: nil, model: model))
                $0.yield(.textDelta(text))
                $0.finish(throwing: error(kind))
            }
        case .hang:
            let log = log
            return AsyncThrowingStream { continuation in
                continuation.onTermination = { termination in
                    if case .cancelled = termination { log.recordCancellation(model) }
                }
            }
        case .answerWhen(let condition, let text):
            let log = log
            return .producing { continuation in
                try await withTaskCancellationHandler {
                    while !condition() { try await Task.sleep(for: .milliseconds(5)) }
                    for try await event in Self.answering(text, model: model) { continuation.yield(event) }
                } onCancel: {
                    log.recordCancellation(model)
                }
            }
        }
    }

    private static func answering(_ text: String, model: String) -> AsyncThrowingStream<StreamEvent, any Error> {
        AsyncThrowingStream {
            $0.yield(.start(id: nil, model: model))
            $0.yield(.textDelta(text))
            $0.yield(.usage(Usage(inputUncached: 3, outputText: 2)))
            $0.yield(.finish(.stop))
            $0.finish()
        }
    }

    /// What a scripted provider saw.
    final class Log: Sendable {
        private let state = Locked<(requests: [ChatRequest], cancelled: [String])>(([], []))

        func record(_ request: ChatRequest) { state.withLock { $0.requests.append(request) } }
        func recordCancellation(_ model: String) { state.withLock { $0.cancelled.append(model) } }

        /// Every request, in order.
        var requests: [ChatRequest] { state.withLock { $0.requests } }
        /// The models whose stream was cancelled.
        var cancelled: [String] { state.withLock { $0.cancelled } }
    }
}

/// Candidates and executors for strategy tests.
enum Strategies {
    static let request = ChatRequest(
        model: "routed", messages: [.system("Be brief."), .user("What is the capital of France?")])

    static func candidate(
        _ provider: String,
        _ model: String,
        local: Bool = false,
        tier: Tier = .standard,
        cost: Double? = nil,
        contextWindow: Int? = nil
    ) -> RouteCandidate {
        RouteCandidate(
            provider: provider,
            model: ModelInfo(id: model, contextWindow: contextWindow, tier: tier, local: local),
            rationale: "test",
            estimatedCost: cost,
            confidence: 0.5
        )
    }

    /// An executor over `providers` that tries each candidate once (no retries on the same deployment), so the
    /// strategy tests see one attempt per candidate; `Reliability` tests cover the retries.
    static func executor(_ providers: ScriptedProvider...) -> StrategyExecutor {
        let registry = ProviderRegistry()
        providers.forEach(registry.register)
        return StrategyExecutor(
            registry: registry, reliability: Reliability(routing: .init(retry: .init(maxAttempts: 1))))
    }

    /// The outcomes of `attempts`, as `candidate outcome` lines.
    static func outcomes(_ attempts: [Attempt]) -> [String] {
        attempts.map { attempt in
            switch attempt.outcome {
            case .success: "\(attempt.candidate) ok"
            case .failure(let error): "\(attempt.candidate) \(error.kind)"
            case .rejected(let reason): "\(attempt.candidate) rejected \(reason)"
            case .cancelled: "\(attempt.candidate) cancelled"
            case .skipped: "\(attempt.candidate) skipped"
            case .unavailable: "\(attempt.candidate) unavailable"
            }
        }
    }
}
