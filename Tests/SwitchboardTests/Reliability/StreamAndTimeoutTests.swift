import Switchboard
import SwitchboardKit
import SwitchboardTesting
import Testing

extension ReliabilitySuites {
    /// Timeouts (whole request, first token), stream failure policies, circuit breakers, client-side rate limits and
    /// health checks, through the real OpenAI plugin against the fault-injecting server.
    @Suite("Reliability: timeouts, streams, breakers, rate limits, health checks")
    struct StreamAndTimeoutTests {
        typealias H = FaultHarness

        @Test(arguments: [FaultInjectingServer.Fault.slowFirstToken(.seconds(30)), .slowHeaders(.seconds(30))])
        func theFirstTokenWatchdogFailsOverASlowCandidate(fault: FaultInjectingServer.Fault) async throws {
            try await H.run(
                deployments: ["a", "b"], routing: H.fastRouting(maxAttempts: 1, firstTokenMs: 1500),
                { request in
                    request.deployment == "a" ? fault : .ok
                }
            ) { h in
                let (events, result, error) = await h.stream([H.candidate("a"), H.candidate("b")])
                #expect(error == nil)
                #expect(result?.candidate.id == "b/gpt-6.1-terra")
                #expect(
                    events.text == "Answer from b/gpt-6.1-terra.", "nothing of the slow candidate reached the caller")
                guard case .failure(let timeout) = result?.attempts.first?.outcome else {
                    Issue.record("the slow candidate did not fail")
                    return
                }
                #expect(timeout.kind == .timeout)
                #expect(timeout.message == "no first token within 1.5 seconds")
            }
        }

        @Test func aPerRequestFirstTokenTimeoutOverridesTheConfiguration() async throws {
            try await H.run(
                deployments: ["a"], routing: H.fastRouting(maxAttempts: 1, firstTokenMs: 60_000),
                { _ in
                    .slowFirstToken(.seconds(30))
                }
            ) { h in
                let error = await #expect(throws: StrategyError.self) {
                    try await h.complete(
                        [H.candidate("a")], options: ExecutionOptions(firstTokenTimeout: .milliseconds(100)))
                }
                #expect(error?.message.contains("no first token within 0.1 seconds") == true)
            }
        }

        @Test func theWholeRequestTimeoutCoversEveryAttempt() async throws {
            try await H.run(
                deployments: ["a", "b"], routing: H.fastRouting(requestMs: 300, firstTokenMs: 60_000),
                { _ in
                    .slowHeaders(.seconds(30))
                }
            ) { h in
                let error = await #expect(throws: StrategyError.self) {
                    try await h.complete([H.candidate("a"), H.candidate("b")])
                }
                let attempts = error?.attempts ?? []
                #expect(attempts.first.map { Strategies.outcomes([$0]) } == ["a/gpt-6.1-terra timeout"])
                #expect(error?.message.contains("did not finish within its timeout of 0.3 seconds") == true)
                #expect(h.server.requests(to: "b").isEmpty, "the deadline passed: nothing more was tried")
            }
        }

        @Test func aFailureBeforeTheFirstTokenFailsOverInvisibly() async throws {
            try await H.run(
                deployments: ["a", "b"], routing: H.fastRouting(maxAttempts: 1),
                { request in
                    request.deployment == "a" ? .malformedJSON : .ok
                }
            ) { h in
                let (events, result, _) = await h.stream([H.candidate("a"), H.candidate("b")])
                #expect(result?.candidate.id == "b/gpt-6.1-terra")
                #expect(
                    events.filter { if case .start = $0 { true } else { false } }.count == 1,
                    "a's start event was held back")
                #expect(events.text == "Answer from b/gpt-6.1-terra.")
            }
        }

        @Test func afterTheFirstTokenTheFailPolicyEndsTheStream() async throws {
            try await H.run(
                deployments: ["a", "b"], { request in request.deployment == "a" ? .dropAfter("The capital is") : .ok }
            ) { h in
                let (events, result, error) = await h.stream([H.candidate("a"), H.candidate("b")])
                #expect(result == nil)
                #expect(events.text == "The capital is")
                #expect(
                    error?.message.hasPrefix(
                        "auto: a/gpt-6.1-terra failed after its answer had begun to stream; no failover once content reached the caller (stream_failure: fail)"
                    )
                        == true)
                #expect(h.server.requests(to: "a").count == 1, "no retry once content was delivered")
                #expect(h.server.requests(to: "b").isEmpty)
            }
        }

        @Test func theResumePolicyStreamsTheNextCandidatesContinuation() async throws {
            try await H.run(
                deployments: ["a", "b"], routing: H.fastRouting(streamFailure: .resume),
                { request in
                    request.deployment == "a" ? .dropAfter("The capital of France") : .answer(" is Paris.")
                }
            ) { h in
                let (events, result, error) = await h.stream([H.candidate("a"), H.candidate("b")])
                #expect(error == nil)
                #expect(events.text == "The capital of France is Paris.")
                #expect(result?.response.text == "The capital of France is Paris.")
                #expect(result?.candidate.id == "b/gpt-6.1-terra")
                #expect(
                    result?.response.usage == Usage(inputUncached: 10, outputText: 5),
                    "the usage the continuation reported")
                #expect(events.filter { if case .start = $0 { true } else { false } }.count == 1)
                let continuation = try #require(h.server.requests(to: "b").first).bodyText
                #expect(
                    continuation.contains(#""The capital of France""#), "the partial answer is the assistant's turn")
                #expect(continuation.contains("Continue it from exactly where it stops"))
            }
        }

        @Test func aPerRequestPolicyOverridesResume() async throws {
            try await H.run(
                deployments: ["a", "b"], routing: H.fastRouting(streamFailure: .resume),
                { request in
                    request.deployment == "a" ? .dropAfter("The capital") : .ok
                }
            ) { h in
                let (_, result, error) = await h.stream(
                    [H.candidate("a"), H.candidate("b")], options: ExecutionOptions(streamFailure: .fail))
                #expect(result == nil)
                #expect(error != nil)
                let noFallbacks = await h.stream(
                    [H.candidate("a"), H.candidate("b")], options: ExecutionOptions(fallbacks: false))
                #expect(noFallbacks.error?.message.contains("the partial answer could not be resumed") == true)
                #expect(h.server.requests(to: "b").isEmpty)
            }
        }

        @Test func anOpenBreakerIsSkippedByEveryRequestAndProbedAfterItsCooldown() async throws {
            let healthy = Counter()
            try await H.run(
                deployments: ["a", "b"], routing: H.fastRouting(maxAttempts: 1, failureThreshold: 2, cooldownMs: 1000),
                { request in request.deployment == "a" && healthy.next() <= 2 ? .serverError : .ok }
            ) { h in
                for _ in 0..<2 {
                    let result = try await h.complete([H.candidate("a"), H.candidate("b")])
                    #expect(Strategies.outcomes(result.attempts) == ["a/gpt-6.1-terra server", "b/gpt-6.1-terra ok"])
                }
                guard case .open = h.reliability.breakers.state(of: "a") else {
                    Issue.record("two consecutive failures did not open the breaker")
                    return
                }
                let skipped = try await h.complete([H.candidate("a"), H.candidate("b")])
                #expect(Strategies.outcomes(skipped.attempts) == ["a/gpt-6.1-terra unavailable", "b/gpt-6.1-terra ok"])
                #expect(h.server.requests(to: "a").count == 2, "the open deployment got no request")
                #expect(await eventually { h.reliability.breakers.state(of: "a") == .halfOpen })
                let probe = try await h.complete([H.candidate("a"), H.candidate("b")])
                #expect(Strategies.outcomes(probe.attempts) == ["a/gpt-6.1-terra ok"], "the probe succeeded")
                #expect(h.reliability.breakers.state(of: "a") == .closed)
            }
        }

        @Test func aRetryAfterHoldsTheDeploymentForOtherRequestsWithoutOpeningItsBreaker() async throws {
            try await H.run(
                deployments: ["a", "b"],
                { request in
                    request.deployment == "a" ? .rateLimited(retryAfter: "120") : .ok
                }
            ) { h in
                _ = try await h.complete([H.candidate("a"), H.candidate("b")])
                let next = try await h.complete([H.candidate("a"), H.candidate("b")])
                #expect(Strategies.outcomes(next.attempts) == ["a/gpt-6.1-terra unavailable", "b/gpt-6.1-terra ok"])
                guard case .unavailable(let why) = next.attempts[0].outcome else { return }
                #expect(why.reason == .rateLimited)
                #expect(why.retryAfter > .seconds(110) && why.retryAfter <= .seconds(120))
                #expect(h.server.requests(to: "a").count == 1)
                #expect(h.reliability.breakers.state(of: "a") == .closed, "rate limiting is not breakage")
            }
        }

        @Test func aClientSideRateLimitMovesToAnotherCandidateOrFailsWithinTheDeadline() async throws {
            try await H.run(
                deployments: ["a", "b"], rateLimits: ["a": .init(requestsPerMinute: 1)], { _ in .ok }
            ) { h in
                let first = try await h.complete([H.candidate("a"), H.candidate("b")])
                #expect(first.candidate.id == "a/gpt-6.1-terra")
                let second = try await h.complete([H.candidate("a"), H.candidate("b")])
                #expect(Strategies.outcomes(second.attempts) == ["a/gpt-6.1-terra unavailable", "b/gpt-6.1-terra ok"])
                guard case .unavailable(let why) = second.attempts[0].outcome else { return }
                #expect(why.description.hasPrefix("a is rate limited; retry in "))
                let alone = await #expect(throws: StrategyError.self) {
                    try await h.complete([H.candidate("a")], options: ExecutionOptions(timeout: .seconds(2)))
                }
                #expect(
                    alone.map { Strategies.outcomes($0.attempts) } == ["a/gpt-6.1-terra unavailable"],
                    "a minute's wait exceeds the bound")
                #expect(alone?.kind == .rateLimited)
                #expect(alone?.httpStatus == 429)
                #expect(h.server.requests(to: "a").count == 1)
            }
        }

        @Test func aTokenLimitTakesTheEstimateAndIsCorrectedByTheReportedUsage() async throws {
            // The request is estimated at 8 input + 50 output tokens; the server reports 15.
            try await H.run(deployments: ["a", "b"], rateLimits: ["a": .init(tokensPerMinute: 60)], { _ in .ok }) { h in
                let first = try await h.complete([H.candidate("a"), H.candidate("b")])
                #expect(first.candidate.id == "a/gpt-6.1-terra", "58 of 60 tokens taken, then 43 given back: 45 left")
                let second = try await h.complete([H.candidate("a"), H.candidate("b")])
                #expect(
                    Strategies.outcomes(second.attempts) == ["a/gpt-6.1-terra unavailable", "b/gpt-6.1-terra ok"],
                    "58 do not fit in 45")
            }
        }
    }
}
