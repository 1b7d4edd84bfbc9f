import Switchboard
import SwitchboardKit
import SwitchboardTesting
import Testing

extension ReliabilitySuites {
    /// Retries, Retry-After, fallbacks by error kind and fallback chains, through the real OpenAI plugin against the
    /// fault-injecting server.
    @Suite("Reliability: retries and fallbacks over the OpenAI plugin")
    struct RetryAndFallbackTests {
        typealias H = FaultHarness

        @Test(arguments: [
            (FaultInjectingServer.Fault.serverError, "server"), (.malformedJSON, "server"),
            (.truncatedSSE, "connection"),
            (.dropAfter("Par"), "connection"),
        ])
        func aServerOrConnectionFailureIsRetriedOnTheSameDeployment(fault: FaultInjectingServer.Fault, kind: String)
            async throws
        {
            let count = Counter()
            try await H.run(deployments: ["a", "b"], { _ in count.next() == 1 ? fault : .ok }) { h in
                let result = try await h.complete([H.candidate("a"), H.candidate("b")])
                #expect(result.candidate.id == "a/gpt-6.1-terra")
                #expect(result.response.text == "Answer from a/gpt-6.1-terra.")
                #expect(Strategies.outcomes(result.attempts) == ["a/gpt-6.1-terra \(kind)", "a/gpt-6.1-terra ok"])
                #expect(h.server.requests(to: "b").isEmpty)
            }
        }

        @Test func retriesStopAtMaxAttemptsAndThenFallThrough() async throws {
            try await H.run(
                deployments: ["a", "b"], routing: H.fastRouting(maxAttempts: 2),
                { request in
                    request.deployment == "a" ? .serverError : .ok
                }
            ) { h in
                let result = try await h.complete([H.candidate("a"), H.candidate("b")])
                #expect(
                    Strategies.outcomes(result.attempts) == [
                        "a/gpt-6.1-terra server", "a/gpt-6.1-terra server", "b/gpt-6.1-terra ok",
                    ])
            }
        }

        @Test func theRetryBudgetBoundsRetriesAcrossRequests() async throws {
            var routing = H.fastRouting(maxAttempts: 5)
            routing.retry.budgetRatio = 0
            routing.retry.budgetReserve = 2
            try await H.run(deployments: ["a"], routing: routing, { _ in .serverError }) { h in
                let first = await #expect(throws: StrategyError.self) { try await h.complete([H.candidate("a")]) }
                #expect(first?.attempts.count == 3, "the first attempt and the two retries the reserve holds")
                let second = await #expect(throws: StrategyError.self) { try await h.complete([H.candidate("a")]) }
                #expect(second?.attempts.count == 1, "the budget is spent: no retry")
                #expect(h.server.requests.count == 4)
            }
        }

        @Test(arguments: [FaultInjectingServer.Fault.rateLimited(retryAfter: "1"), .unavailable, .overloaded])
        func rateLimitedOrOverloadedMovesToAnotherDeploymentAtOnce(fault: FaultInjectingServer.Fault) async throws {
            try await H.run(deployments: ["a", "b"], { request in request.deployment == "a" ? fault : .ok }) { h in
                let result = try await h.complete([H.candidate("a"), H.candidate("a", "gpt-6-luna"), H.candidate("b")])
                #expect(result.candidate.id == "b/gpt-6.1-terra")
                let kind = fault == .rateLimited(retryAfter: "1") ? "rate_limited" : "overloaded"
                #expect(Strategies.outcomes(result.attempts) == ["a/gpt-6.1-terra \(kind)", "b/gpt-6.1-terra ok"])
                #expect(
                    h.server.requests(to: "a").count == 1, "not retried, and not another model of the same deployment")
            }
        }

        @Test(arguments: [false, true])
        func withoutAnotherDeploymentRetryAfterIsWaitedFor(asHTTPDate: Bool) async throws {
            // The HTTP date is written when the 429 is served (it has whole seconds: 2 s ahead is 1–2 s), so a slow
            // start of the test cannot put it in the past.
            let retryAfter: @Sendable () -> String = {
                asHTTPDate ? FaultInjectingServer.httpDate(secondsFromNow: 2) : "1"
            }
            let count = Counter()
            try await H.run(
                deployments: ["a"], { _ in count.next() == 1 ? .rateLimited(retryAfter: retryAfter()) : .ok }
            ) { h in
                let clock = ContinuousClock()
                let start = clock.now
                let result = try await h.complete([H.candidate("a")])
                #expect(Strategies.outcomes(result.attempts) == ["a/gpt-6.1-terra rate_limited", "a/gpt-6.1-terra ok"])
                guard case .failure(let error) = result.attempts[0].outcome else { return }
                let retryAfter = try #require(
                    error.retryAfter, "Retry-After reached the error, as seconds or an HTTP date")
                #expect(retryAfter > 0)
                #expect(
                    start.duration(to: clock.now) >= .milliseconds(Int64(retryAfter * 1000) - 5),
                    "the retry waited for it")
            }
        }

        @Test func aRetryAfterBeyondTheDeadlineFailsInsteadOfWaiting() async throws {
            try await H.run(deployments: ["a"], { _ in .rateLimited(retryAfter: "3600") }) { h in
                let error = await #expect(throws: StrategyError.self) {
                    try await h.complete([H.candidate("a")], options: ExecutionOptions(timeout: .seconds(5)))
                }
                #expect(error.map { Strategies.outcomes($0.attempts) } == ["a/gpt-6.1-terra rate_limited"])
                #expect(h.server.requests.count == 1)
            }
        }

        @Test func authenticationIsNeverRetriedAndIsReported() async throws {
            try await H.run(deployments: ["a", "b"], { request in request.deployment == "a" ? .authentication : .ok }) {
                h in
                let result = try await h.complete([H.candidate("a"), H.candidate("a", "gpt-6-luna"), H.candidate("b")])
                #expect(
                    Strategies.outcomes(result.attempts) == ["a/gpt-6.1-terra authentication", "b/gpt-6.1-terra ok"])
                #expect(h.server.requests(to: "a").count == 1)
                guard case .failure(let error) = result.attempts[0].outcome else { return }
                #expect(error.httpStatus == 401)
                #expect(!error.message.contains("sk-test-fault"), "the key never appears in the report")
            }
            try await H.run(deployments: ["a"], { _ in .authentication }) { h in
                let error = await #expect(throws: StrategyError.self) { try await h.complete([H.candidate("a")]) }
                #expect(error?.message.contains("a/gpt-6.1-terra: failed: authentication: ") == true)
            }
        }

        @Test func contextWindowExceededGoesOnlyToALargerWindow() async throws {
            try await H.run(
                deployments: ["a", "b"],
                { request in
                    request.model == "small" ? .contextWindowExceeded : .ok
                }
            ) { h in
                let result = try await h.complete([
                    H.candidate("a", "small", contextWindow: 8_192), H.candidate("b", "smaller", contextWindow: 4_096),
                    H.candidate("b", "same", contextWindow: 8_192), H.candidate("a", "large", contextWindow: 128_000),
                ])
                #expect(Strategies.outcomes(result.attempts) == ["a/small context_window_exceeded", "a/large ok"])
                #expect(h.server.requests(to: "b").isEmpty)
            }
        }

        @Test func contentPolicyGoesToAnotherProvider() async throws {
            try await H.run(deployments: ["a", "b"], { request in request.deployment == "a" ? .contentPolicy : .ok }) {
                h in
                let result = try await h.complete([H.candidate("a"), H.candidate("a", "gpt-6-luna"), H.candidate("b")])
                #expect(
                    Strategies.outcomes(result.attempts) == ["a/gpt-6.1-terra content_policy", "b/gpt-6.1-terra ok"])
            }
        }

        @Test func aFallbackChainInsertsItsTargetsForTheKindsItNames() async throws {
            let chain = SwitchboardConfiguration.Fallback(
                from: .init(provider: "a", model: "gpt-6.1-terra"), to: [.init(provider: "c", model: "backup")],
                on: [.server])
            try await H.run(
                deployments: ["a", "b", "c"], routing: H.fastRouting(maxAttempts: 1, fallbacks: [chain]),
                { request in
                    switch request.deployment {
                    case "a": request.model == "gpt-6.1-terra" ? .serverError : .authentication
                    default: .ok
                    }
                }
            ) { h in
                let result = try await h.complete([H.candidate("a"), H.candidate("b")])
                #expect(
                    result.candidate.id == "c/backup", "the chain's target comes before the router's next candidate")
                #expect(result.candidate.rationale == "fallback chain from a/gpt-6.1-terra")
                #expect(Strategies.outcomes(result.attempts) == ["a/gpt-6.1-terra server", "c/backup ok"])

                let other = try await h.complete([H.candidate("a", "gpt-6-luna"), H.candidate("b")])
                #expect(
                    Strategies.outcomes(other.attempts) == ["a/gpt-6-luna authentication", "b/gpt-6.1-terra ok"],
                    "another model: no chain")
            }
        }

        @Test func aChainTargetOnAnExcludedProviderIsStillTried() async throws {
            let chain = SwitchboardConfiguration.Fallback(
                from: .init(provider: "a"), to: [.init(provider: "a", model: "gpt-6-luna")], on: [.rateLimited])
            try await H.run(
                deployments: ["a", "b"], routing: H.fastRouting(fallbacks: [chain]),
                { request in
                    request.model == "gpt-6.1-terra" ? .rateLimited(retryAfter: nil) : .ok
                }
            ) { h in
                let result = try await h.complete([H.candidate("a"), H.candidate("b")])
                #expect(Strategies.outcomes(result.attempts) == ["a/gpt-6.1-terra rate_limited", "a/gpt-6-luna ok"])
            }
        }

        @Test func withFallbacksOffOnlyTheFirstCandidateIsTriedButStillRetried() async throws {
            let count = Counter()
            try await H.run(
                deployments: ["a", "b"],
                { request in
                    request.deployment == "a" && count.next() <= 2 ? .serverError : .ok
                }
            ) { h in
                let retried = try await h.complete(
                    [H.candidate("a"), H.candidate("b")], options: ExecutionOptions(fallbacks: false))
                #expect(
                    Strategies.outcomes(retried.attempts) == [
                        "a/gpt-6.1-terra server", "a/gpt-6.1-terra server", "a/gpt-6.1-terra ok",
                    ])
            }
            try await H.run(deployments: ["a", "b"], { request in request.deployment == "a" ? .contentPolicy : .ok }) {
                h in
                let error = await #expect(throws: StrategyError.self) {
                    try await h.complete(
                        [H.candidate("a"), H.candidate("b")], options: ExecutionOptions(fallbacks: false))
                }
                #expect(error.map { Strategies.outcomes($0.attempts) } == ["a/gpt-6.1-terra content_policy"])
                #expect(h.server.requests(to: "b").isEmpty)
            }
        }
    }
}
