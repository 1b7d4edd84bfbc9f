import InMemoryTracing
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
                #expect(route.attributes["switchboard.answered_by"]?.toSpanAttribute() == .string("b/gpt-4o"))
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
    }
}
