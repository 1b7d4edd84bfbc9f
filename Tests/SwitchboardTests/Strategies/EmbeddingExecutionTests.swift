import Foundation
import InMemoryTracing
import MetricsTestKit
import Switchboard
import SwitchboardKit
import Testing
import Tracing

/// Embeddings through the strategy executor: the chat path's retries, fall-through and fallback chains, and the
/// meter's ledger and budgets.
@Suite("Strategies: embeddings")
struct EmbeddingExecutionTests {
    static let request = EmbeddingRequest(model: "", inputs: ["first text", "second"], tags: ["team:search"])

    static func candidate(_ provider: String, _ model: String, input: Double? = 0.02) -> RouteCandidate {
        RouteCandidate(
            provider: provider,
            model: ModelInfo(
                id: model, capabilities: [.embeddings], pricing: input.map { Pricing(input: $0, output: 0) }),
            rationale: "test", estimatedCost: nil, confidence: 1)
    }

    static func executor(
        _ providers: [ScriptedEmbedder], retry: Int = 1, meter: UsageMeter = UsageMeter(prices: .candidatesOnly)
    ) -> StrategyExecutor {
        let registry = ProviderRegistry()
        providers.forEach(registry.register)
        return StrategyExecutor(
            registry: registry,
            reliability: Reliability(
                routing: .init(retry: .init(maxAttempts: retry, initialBackoffMs: 1, maxBackoffMs: 1))),
            meter: meter)
    }

    @Test func theVectorsComeFromTheCandidatesModelPricedByItsInputTokens() async throws {
        let a = ScriptedEmbedder("a", models: ["e1"])
        let result = try await Self.executor([a]).embed(
            Self.request, strategy: .auto, candidates: [Self.candidate("a", "e1", input: 0.5)])
        #expect(result.response.embeddings == [[0, 0.5], [1, 0.5]])
        #expect(result.candidate.id == "a/e1")
        #expect(a.requests == ["e1"], "the request asks for the candidate's model")
        let usage = try #require(result.usage)
        #expect(usage.usage == Usage(inputUncached: 8))
        #expect(usage.costUSD == 8 * 0.5 / 1_000_000)
    }

    @Test func anEmbeddingsCallIsTracedAndMeasuredAsTheGenAIEmbeddingsOperation() async throws {
        let tracer = InMemoryTracer()
        let metrics = TestMetrics()
        let registry = ProviderRegistry()
        registry.register(ScriptedEmbedder("a", models: ["e1"]))
        let executor = StrategyExecutor(
            registry: registry, reliability: Reliability(tracer: tracer, genAIMetrics: metrics),
            meter: UsageMeter(prices: .candidatesOnly))
        var request = Self.request
        request.dimensions = 2
        request.encodingFormat = .base64
        _ = try await executor.embed(request, strategy: .auto, candidates: [Self.candidate("a", "e1")])

        let route = try #require(tracer.finishedSpans.first { $0.operationName == "switchboard.embed" })
        #expect(route.attributes["gen_ai.operation.name"]?.toSpanAttribute() == .string("embeddings"))
        let attempt = try #require(tracer.finishedSpans.first { $0.operationName == "switchboard.attempt" })
        #expect(attempt.kind == .client)
        #expect(attempt.attributes["gen_ai.operation.name"]?.toSpanAttribute() == .string("embeddings"))
        #expect(attempt.attributes["gen_ai.request.model"]?.toSpanAttribute() == .string("e1"))
        #expect(attempt.attributes["gen_ai.embeddings.dimension.count"]?.toSpanAttribute() == .int64(2))
        #expect(attempt.attributes["gen_ai.request.encoding_formats"]?.toSpanAttribute() == .stringArray(["base64"]))
        #expect(attempt.attributes["gen_ai.usage.input_tokens"]?.toSpanAttribute() == .int64(8))
        #expect(attempt.attributes["gen_ai.usage.output_tokens"] == nil)
        #expect(attempt.attributes["gen_ai.input.messages"] == nil, "inputs are never exported")

        let dimensions = [
            ("gen_ai.operation.name", "embeddings"), ("gen_ai.provider.name", "a"), ("gen_ai.request.model", "e1"),
            ("gen_ai.response.model", "e1"),
        ]
        #expect(metrics.timers(label: "gen_ai.client.operation.duration").count == 1)
        let input = try metrics.expectRecorder(
            "gen_ai.client.token.usage", dimensions + [("gen_ai.token.type", "input")])
        #expect(input.values == [8])
        #expect(
            metrics.recorders.filter { $0.label == "gen_ai.client.token.usage" }.count == 1,
            "an embeddings call has input tokens only")
    }

    @Test func aServerErrorIsRetriedOnTheSameDeployment() async throws {
        let a = ScriptedEmbedder("a", models: ["e1"], failures: ["e1": (1, .server)])
        let result = try await Self.executor([a], retry: 2).embed(
            Self.request, strategy: .auto, candidates: [Self.candidate("a", "e1")])
        #expect(a.requests == ["e1", "e1"])
        #expect(result.attempts.map(\.outcome.description).count == 2)
        #expect(result.attempts.last?.outcome == .success)
    }

    @Test func aRateLimitedCandidateFallsThroughToTheNext() async throws {
        let a = ScriptedEmbedder("a", models: ["e1"], failures: ["e1": (5, .rateLimited)])
        let b = ScriptedEmbedder("b", models: ["e2"])
        let result = try await Self.executor([a, b]).embed(
            Self.request, strategy: .auto, candidates: [Self.candidate("a", "e1"), Self.candidate("b", "e2")])
        #expect(result.candidate.id == "b/e2")
        #expect(a.requests == ["e1"])
        #expect(b.requests == ["e2"])
    }

    @Test func aRequestThatOutlivesItsTimeoutFailsAsATimeoutAndTriesNothingMore() async throws {
        var a = ScriptedEmbedder("a", models: ["stuck"])
        a.hanging = ["stuck"]
        let b = ScriptedEmbedder("b", models: ["e2"])
        let error = await #expect(throws: StrategyError.self) {
            try await Self.executor([a, b]).embed(
                Self.request, strategy: .auto, candidates: [Self.candidate("a", "stuck"), Self.candidate("b", "e2")],
                options: ExecutionOptions(timeout: .milliseconds(300)))
        }
        guard case .failure(let failure) = error?.attempts.first?.outcome else {
            Issue.record("expected a failed attempt, got \(String(describing: error?.attempts))")
            return
        }
        #expect(failure.kind == .timeout)
        #expect(failure.message.contains("did not finish within its timeout of 0.3 seconds"))
        #expect(b.requests.isEmpty, "the deadline passed: nothing more was tried")
    }

    @Test func aProviderWithoutEmbeddingsFailsAsUnsupported() async throws {
        let chat = ScriptedProvider("chat", ["m": .answer("hi")])
        let registry = ProviderRegistry()
        registry.register(chat)
        let executor = StrategyExecutor(
            registry: registry, reliability: Reliability(routing: .init(retry: .init(maxAttempts: 1))))
        let error = await #expect(throws: StrategyError.self) {
            try await executor.embed(Self.request, strategy: .auto, candidates: [Self.candidate("chat", "m")])
        }
        guard case .failure(let failure) = error?.attempts.first?.outcome else {
            Issue.record("expected a failed attempt, got \(String(describing: error?.attempts))")
            return
        }
        #expect(failure.kind == .unsupported)
        #expect(failure.message == #"provider "chat" does not offer embeddings"#)
    }

    @Test func anAnswerIsRecordedInTheLedgerWithItsTagsAndABudgetBlocksBeforeTheCall() async throws {
        let ledger = try UsageLedger(.memory)
        let meter = UsageMeter(
            prices: .candidatesOnly, ledger: ledger,
            budgets: [SwitchboardConfiguration.Budget(name: "tiny", period: .day, limitUSD: 0.00001, provider: "a")])
        let a = ScriptedEmbedder("a", models: ["cheap", "dear"])
        let executor = Self.executor([a], meter: meter)
        _ = try await executor.embed(Self.request, strategy: .auto, candidates: [Self.candidate("a", "cheap")])
        let records = try await ledger.records()
        #expect(records.count == 1)
        let record = try #require(records.first?.record)
        #expect(record.usage.provider == "a")
        #expect(record.usage.model == "cheap")
        #expect(record.usage.usage.inputTokens == 8)
        #expect(record.usage.costUSD == 8 * 0.02 / 1_000_000)
        #expect(record.tags == ["team:search"])

        // "first text" and "second" are estimated at 3 + 2 tokens: at 10,000 USD per million, 0.05 USD > 0.00001.
        let error = await #expect(throws: StrategyError.self) {
            try await executor.embed(
                Self.request, strategy: .auto, candidates: [Self.candidate("a", "dear", input: 10_000)])
        }
        guard case .failure(let failure) = error?.attempts.first?.outcome else {
            Issue.record("expected a failed attempt, got \(String(describing: error?.attempts))")
            return
        }
        #expect(failure.kind == .budgetExceeded)
        #expect(a.requests == ["cheap"], "the budget refused before the call")
    }
}
