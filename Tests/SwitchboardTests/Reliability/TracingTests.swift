import InMemoryTracing
import MetricsTestKit
import Switchboard
import SwitchboardKit
import SwitchboardTesting
import Testing
import Tracing

extension ReliabilitySuites {
    /// The spans a request leaves: one for routing, one per candidate, one per provider call.
    @Suite("Reliability: tracing")
    struct TracingTests {
        @Test func routingCandidatesAndAttemptsAreSpansWithTheirAttributes() async throws {
            let count = Counter()
            try await FaultHarness.run(
                deployments: ["a", "b"],
                { request in
                    request.deployment == "a" ? .authentication : count.next() == 1 ? .serverError : .ok
                }
            ) { h in
                let tracer = InMemoryTracer()
                let reliability = Reliability(routing: h.reliability.routing, tracer: tracer)
                let providers = h.providers
                let executor = StrategyExecutor(
                    providers: { name in
                        guard let provider = providers[name] else { throw ProviderError(.notFound, "no \(name)") }
                        return provider
                    }, reliability: reliability)
                _ = try await executor.complete(
                    FaultHarness.request, strategy: .auto,
                    candidates: [FaultHarness.candidate("a"), FaultHarness.candidate("b")])

                let spans = tracer.finishedSpans
                #expect(
                    spans.map(\.operationName).sorted() == [
                        "switchboard.attempt", "switchboard.attempt", "switchboard.attempt",
                        "switchboard.candidate", "switchboard.candidate", "switchboard.route",
                    ])
                let route = try #require(spans.first { $0.operationName == "switchboard.route" })
                #expect(route.attributes["switchboard.strategy"]?.toSpanAttribute() == .string("auto"))
                #expect(route.attributes["switchboard.answered_by"]?.toSpanAttribute() == .string("b/gpt-6.1-terra"))
                let attempts = spans.filter { $0.operationName == "switchboard.attempt" }
                #expect(
                    attempts.map { $0.attributes["switchboard.provider"]?.toSpanAttribute() } == [
                        .string("a"), .string("b"), .string("b"),
                    ])
                #expect(
                    attempts.map { $0.attributes["switchboard.attempt"]?.toSpanAttribute() } == [
                        .int64(1), .int64(1), .int64(2),
                    ])
                #expect(
                    attempts.map { $0.attributes["switchboard.error_kind"]?.toSpanAttribute() } == [
                        .string("authentication"), .string("server"), nil,
                    ])
                #expect(attempts.allSatisfy { $0.kind == .client })
                let candidates = spans.filter { $0.operationName == "switchboard.candidate" }
                #expect(
                    candidates.map { $0.attributes["switchboard.attempts"]?.toSpanAttribute() } == [
                        .int64(1), .int64(2),
                    ])
            }
        }
        @Test(arguments: [false, true])
        func attemptsCarryTheGenAIConventionsAndRecordTheClientMetrics(recordsContent: Bool) async throws {
            try await FaultHarness.run(
                deployments: ["a", "b"], { request in request.deployment == "a" ? .authentication : .ok }
            ) { h in
                let tracer = InMemoryTracer()
                let metrics = TestMetrics()
                let reliability = Reliability(
                    routing: h.reliability.routing, tracer: tracer, genAIMetrics: metrics,
                    recordsContent: recordsContent)
                let providers = h.providers
                let executor = StrategyExecutor(
                    providers: { name in
                        guard let provider = providers[name] else { throw ProviderError(.notFound, "no \(name)") }
                        return provider
                    }, reliability: reliability)
                let result = try await executor.complete(
                    FaultHarness.request, strategy: .auto,
                    candidates: [FaultHarness.candidate("a"), FaultHarness.candidate("b")])

                let attempts = tracer.finishedSpans.filter { $0.operationName == "switchboard.attempt" }
                let failed = try #require(
                    attempts.first { $0.attributes["switchboard.provider"]?.toSpanAttribute() == .string("a") })
                let answered = try #require(
                    attempts.first { $0.attributes["switchboard.provider"]?.toSpanAttribute() == .string("b") })
                #expect(failed.attributes["error.type"]?.toSpanAttribute() == .string("authentication"))
                #expect(failed.attributes["gen_ai.response.model"] == nil)
                #expect(answered.attributes["error.type"] == nil)
                for span in [failed, answered] {
                    #expect(span.attributes["gen_ai.operation.name"]?.toSpanAttribute() == .string("chat"))
                    #expect(span.attributes["gen_ai.request.model"]?.toSpanAttribute() == .string("gpt-6.1-terra"))
                    #expect(span.attributes["gen_ai.request.max_tokens"]?.toSpanAttribute() == .int64(50))
                }
                #expect(answered.attributes["gen_ai.provider.name"]?.toSpanAttribute() == .string("b"))
                #expect(
                    answered.attributes["gen_ai.response.model"]?.toSpanAttribute() == .string(result.response.model))
                #expect(
                    answered.attributes["gen_ai.usage.input_tokens"]?.toSpanAttribute()
                        == .int64(Int64(result.response.usage.inputTokens)))
                #expect(
                    answered.attributes["gen_ai.usage.output_tokens"]?.toSpanAttribute()
                        == .int64(Int64(result.response.usage.outputTokens)))
                #expect(
                    answered.attributes["gen_ai.response.finish_reasons"]?.toSpanAttribute()
                        == .stringArray([result.response.finishReason.rawValue]))
                let prompt = answered.attributes["gen_ai.input.messages"]?.toSpanAttribute()
                if recordsContent {
                    guard case .string(let text) = prompt else {
                        Issue.record("no prompt on the attempt span: \(String(describing: prompt))")
                        return
                    }
                    #expect(text.contains("What is the capital of France?"))
                    #expect(answered.attributes["gen_ai.output.messages"] != nil)
                } else {
                    #expect(prompt == nil)
                    #expect(answered.attributes["gen_ai.output.messages"] == nil)
                }

                // One duration per call, the failed one with its error type; tokens for the call that answered.
                let durations = metrics.timers(label: "gen_ai.client.operation.duration")
                #expect(durations.count == 2)
                #expect(durations.contains { $0.dimensions.contains { $0 == ("error.type", "authentication") } })
                let input = try metrics.expectRecorder(
                    "gen_ai.client.token.usage",
                    [
                        ("gen_ai.operation.name", "chat"), ("gen_ai.provider.name", "b"),
                        ("gen_ai.request.model", "gpt-6.1-terra"), ("gen_ai.response.model", result.response.model),
                        ("gen_ai.token.type", "input"),
                    ])
                #expect(input.values == [Double(result.response.usage.inputTokens)])
            }
        }
    }
}
