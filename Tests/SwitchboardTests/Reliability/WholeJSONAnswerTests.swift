import Switchboard
import SwitchboardKit
import SwitchboardTesting
import Testing

extension ReliabilitySuites {
    /// A server that answers `stream: true` with its whole JSON response is answering, not failing: through the
    /// executor the answer succeeds at once and the deployment's breaker records no failure.
    @Suite("Reliability: a whole JSON answer to a streamed request")
    struct WholeJSONAnswerTests {
        typealias H = FaultHarness

        /// The real OpenAI plugin as deployment `a` on a server answering every request with `Fixtures/<fixture>`,
        /// and an executor whose breaker opens on the first failure.
        private func withExecutor(
            _ fixture: String,
            contentType: String,
            _ body: (StrategyExecutor, Reliability, MockHTTPServer) async throws -> Void
        ) async throws {
            let response = try Fixture.response(fixture, contentType: contentType)
            try await PluginHarness.withProvider(
                "OpenAI",
                name: "a",
                settings: { server in ["base_url": .string(server.baseURL + "/v1"), "api_key": "sk-test-whole"] },
                { _ in response }
            ) { provider, server in
                let reliability = Reliability(routing: H.fastRouting(maxAttempts: 3, failureThreshold: 1))
                let executor = StrategyExecutor(
                    providers: { _ in provider },
                    reliability: reliability,
                    meter: UsageMeter(prices: .candidatesOnly, ledger: try UsageLedger(.memory))
                )
                try await body(executor, reliability, server)
            }
        }

        @Test func aWholeJSONAnswerSucceedsOnTheFirstAttemptAndLeavesTheBreakerClosed() async throws {
            try await withExecutor(
                TestSupport.pluginFixture("OpenAI", "completion-text.json"), contentType: "application/json"
            ) {
                executor, reliability, server in
                let result = try await executor.complete(
                    H.request, strategy: .auto, candidates: [H.candidate("a")], options: ExecutionOptions())
                #expect(result.response.text == "Hello, world!")
                #expect(result.response.finishReason == .stop)
                #expect(result.response.usage.outputTokens == 150)
                #expect(Strategies.outcomes(result.attempts) == ["a/gpt-6.1-terra ok"])
                #expect(reliability.breakers.state(of: "a") == .closed)

                var events: [StreamEvent] = []
                for try await element in executor.stream(
                    H.request, strategy: .auto, candidates: [H.candidate("a")], options: ExecutionOptions())
                {
                    if case .event(let event) = element { events.append(event) }
                }
                #expect(events.text == "Hello, world!")
                #expect(events.last == .finish(.stop))
                #expect(reliability.breakers.state(of: "a") == .closed)
                #expect(server.requests.count == 2, "one request per call: nothing was retried")
            }
        }

        /// The control: the same executor does record a cut-off stream, so the test above can see a failure.
        @Test func aCutOffStreamIsRecordedOnTheBreaker() async throws {
            try await withExecutor(
                TestSupport.pluginFixture("OpenAI", "stream-cut.sse"), contentType: "text/event-stream"
            ) {
                executor, reliability, _ in
                await #expect(throws: (any Error).self) {
                    _ = try await executor.complete(
                        H.request, strategy: .auto, candidates: [H.candidate("a")], options: ExecutionOptions())
                }
                guard case .open = reliability.breakers.state(of: "a") else {
                    Issue.record("the breaker of a should be open after a cut-off stream")
                    return
                }
            }
        }
    }
}
