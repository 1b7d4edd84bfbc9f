import Switchboard
import SwitchboardKit
import SwitchboardTesting
import Testing

/// A `parallel` race whose loser is the real OpenAI-compatible plugin: cancelling it reaches its HTTP connection.
@Suite("Strategies: parallel over a plugin")
struct ParallelPluginTests {
    /// Passes a provider's stream through, noting when its first event arrives.
    struct Spy: Provider {
        let base: any Provider
        let firstEvent = ScriptedProvider.Log()
        var name: String { base.name }

        func models() async throws -> [ModelInfo] { try await base.models() }

        func stream(_ request: ChatRequest) -> AsyncThrowingStream<StreamEvent, any Error> {
            let (base, firstEvent) = (base, firstEvent)
            return .producing { continuation in
                for try await event in base.stream(request) {
                    if firstEvent.requests.isEmpty { firstEvent.record(request) }
                    continuation.yield(event)
                }
            }
        }
    }

    @Test func theLosingPluginsHTTPRequestIsCancelled() async throws {
        let first = try Fixture.chunks(TestSupport.pluginFixture("OpenAI", "stream-text.sse"), size: 400).prefix(1)
        let hanging = MockHTTPServer.Response(
            status: 200, headers: [("content-type", "text/event-stream")], chunks: Array(first) + [.hang])
        try await PluginHarness.withProvider(
            "OpenAI", name: "openai",
            settings: { server in
                ["base_url": .string(server.baseURL + "/v1"), "api_key": "sk-test"]
            }, { _ in hanging }
        ) { plugin, server in
            let spy = Spy(base: plugin)
            let winner = ScriptedProvider("fast", ["quick": .answerWhen({ !spy.firstEvent.requests.isEmpty }, "Paris")])
            let providers: [String: any Provider] = ["openai": spy, "fast": winner]
            let executor = StrategyExecutor { name in
                guard let provider = providers[name] else { throw ProviderError(.notFound, "no \(name)") }
                return provider
            }
            let result = try await executor.complete(
                Strategies.request,
                strategy: .parallel(width: 2),
                candidates: [Strategies.candidate("openai", "gpt-6.1-terra"), Strategies.candidate("fast", "quick")]
            )
            #expect(result.candidate.id == "fast/quick")
            #expect(Strategies.outcomes(result.attempts) == ["fast/quick ok", "openai/gpt-6.1-terra cancelled"])
            #expect(server.requests.count == 1)
            #expect(
                await eventually { server.clientDisconnectsWhileStreaming == 1 },
                "the losing plugin's HTTP request was really cancelled"
            )
        }
    }
}
