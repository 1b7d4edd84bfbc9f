import Logging
import Switchboard
import SwitchboardKit
import SwitchboardTesting
import Testing

extension ReliabilitySuites {
    /// When each attempt is made, asserted in simulated time: the executor's waits run on a ``SimulatedClock``, so a
    /// wait that should not happen (a breaker's 30 s cooldown) shows as 30 simulated seconds and fails the test
    /// without the test waiting for it. The real OpenAI plugin talks to the fault-injecting server throughout.
    @Suite("Reliability: the schedule of attempts, in simulated time")
    struct FailureScheduleTests {
        typealias H = FaultHarness

        /// The breaker's defaults (threshold 5, cooldown 30 s), which the 31 s stall came from, and real backoffs.
        static let defaultRouting = SwitchboardConfiguration.Routing(
            retry: .init(maxAttempts: 3, initialBackoffMs: 250, maxBackoffMs: 8_000, budgetRatio: 1, budgetReserve: 100)
        )

        /// Records the simulated instant each request reached the server.
        final class Arrivals: Sendable {
            private let instants = Locked<[ContinuousClock.Instant]>([])
            func record(_ instant: ContinuousClock.Instant) -> Int {
                instants.withLock {
                    $0.append(instant); return $0.count
                }
            }
            var all: [ContinuousClock.Instant] { instants.withLock { $0 } }
        }

        @Test func twoRateLimitsWithRetryAfterOneCostTwoSecondsNotACooldown() async throws {
            let clock = SimulatedClock()
            let arrivals = Arrivals()
            try await H.run(
                deployments: ["flaky"], routing: Self.defaultRouting, clock: clock,
                { _ in
                    arrivals.record(clock.now) <= 2 ? .rateLimited(retryAfter: "1") : .ok
                }
            ) { h in
                let result = try await h.complete([H.candidate("flaky", "m")])
                #expect(
                    Strategies.outcomes(result.attempts) == [
                        "flaky/m rate_limited", "flaky/m rate_limited", "flaky/m ok",
                    ])
                #expect(
                    arrivals.all == [clock.start, clock.start + .seconds(1), clock.start + .seconds(2)],
                    "attempt 3 is scheduled 1 s after attempt 2, exactly as the server asked")
                #expect(clock.waits == [.seconds(1), .seconds(1)])
                #expect(h.reliability.breakers.state(of: "flaky") == .closed, "rate limiting never opens the breaker")
            }
        }

        @Test func anOpenCircuitFailsAtOnceWithRetryAfter() async throws {
            var routing = Self.defaultRouting
            routing.retry.maxAttempts = 1
            routing.circuitBreaker = .init(failureThreshold: 1, cooldownMs: 30_000, maxCooldownMs: 60_000)
            let clock = SimulatedClock()
            try await H.run(deployments: ["a"], routing: routing, clock: clock, { _ in .serverError }) { h in
                let first = await #expect(throws: StrategyError.self) { try await h.complete([H.candidate("a")]) }
                #expect(first?.kind == .server)
                #expect(first?.httpStatus == 502)
                let second = await #expect(throws: StrategyError.self) { try await h.complete([H.candidate("a")]) }
                #expect(clock.elapsed == .zero, "an open circuit fails in zero simulated time")
                #expect(second.map { Strategies.outcomes($0.attempts) } == ["a/gpt-6.1-terra unavailable"])
                #expect(second?.kind == .unavailable)
                #expect(second?.httpStatus == 503)
                #expect(second?.retryAfter == .seconds(30))
                #expect(
                    second?.message
                        == "auto: no candidate answered: a/gpt-6.1-terra: unavailable: a's circuit breaker is open; retry in 30 s"
                )
                #expect(h.server.requests.count == 1, "the open deployment got no request")
            }
        }

        @Test func aRetryLandingOnTheBreakerItOpenedStopsWithTheCooldownAsRetryAfter() async throws {
            var routing = Self.defaultRouting
            routing.circuitBreaker = .init(failureThreshold: 1, cooldownMs: 30_000, maxCooldownMs: 60_000)
            let clock = SimulatedClock()
            try await H.run(deployments: ["a"], routing: routing, clock: clock, { _ in .serverError }) { h in
                let error = await #expect(throws: StrategyError.self) { try await h.complete([H.candidate("a")]) }
                #expect(
                    error.map { Strategies.outcomes($0.attempts) } == [
                        "a/gpt-6.1-terra server", "a/gpt-6.1-terra unavailable",
                    ])
                #expect(error?.kind == .server, "the failure that opened the breaker is the cause")
                let retryAfter = try #require(error?.retryAfter)
                #expect(retryAfter > .seconds(29) && retryAfter <= .seconds(30))
                #expect(clock.elapsed < .seconds(1), "only the backoff before the retry passed, never the cooldown")
            }
        }

        @Test func anOpenCircuitWithinMaxWaitIsWaitedForAndProbed() async throws {
            var routing = Self.defaultRouting
            routing.retry.maxAttempts = 1
            routing.circuitBreaker = .init(failureThreshold: 1, cooldownMs: 1_500, maxCooldownMs: 3_000)
            let clock = SimulatedClock()
            let count = Counter()
            try await H.run(
                deployments: ["a"], routing: routing, clock: clock, { _ in count.next() == 1 ? .serverError : .ok }
            ) { h in
                _ = await #expect(throws: StrategyError.self) { try await h.complete([H.candidate("a")]) }
                let result = try await h.complete([H.candidate("a")])
                #expect(Strategies.outcomes(result.attempts) == ["a/gpt-6.1-terra ok"])
                #expect(clock.waits == [.milliseconds(1_500)], "1.5 s is within max_wait_ms (2 s): waited, then probed")
                #expect(h.reliability.breakers.state(of: "a") == .closed)
            }
        }

        @Test func aRetryAfterLongerThanTheBoundFailsAtOnceUnlessTheRequestAllowsIt() async throws {
            let clock = SimulatedClock()
            let count = Counter()
            try await H.run(
                deployments: ["a"], routing: Self.defaultRouting, clock: clock,
                { _ in
                    count.next() == 1 ? .rateLimited(retryAfter: "5") : .ok
                }
            ) { h in
                let error = await #expect(throws: StrategyError.self) { try await h.complete([H.candidate("a")]) }
                #expect(error.map { Strategies.outcomes($0.attempts) } == ["a/gpt-6.1-terra rate_limited"])
                #expect(error?.kind == .rateLimited)
                #expect(error?.httpStatus == 429)
                #expect(error?.retryAfter == .seconds(5))
                #expect(clock.elapsed == .zero, "5 s is over max_wait_ms (2 s): nothing waited")

                let held = await #expect(throws: StrategyError.self) { try await h.complete([H.candidate("a")]) }
                #expect(
                    held.map { Strategies.outcomes($0.attempts) } == ["a/gpt-6.1-terra unavailable"],
                    "the hold applies to the next request")
                #expect(held?.retryAfter == .seconds(5))

                let result = try await h.complete([H.candidate("a")], options: ExecutionOptions(maxWait: .seconds(10)))
                #expect(Strategies.outcomes(result.attempts) == ["a/gpt-6.1-terra ok"])
                #expect(clock.waits == [.seconds(5)], "a request that allows 10 s waits out the Retry-After")
            }
        }

        @Test func aRefusedLocalConnectionGoesToTheNextCandidateAtOnce() async throws {
            let clock = SimulatedClock()
            try await H.run(deployments: ["b"], routing: Self.defaultRouting, clock: clock, { _ in .ok }) { h in
                let plugin = try TestSupport.loadPlugin("OpenAI")
                // Port 1 on the loopback address: nothing listens there, so the connection is refused.
                let dead = try plugin.makeProvider(
                    name: "lmstudio", settings: ["base_url": "http://127.0.0.1:1/v1", "api_key": "sk-test-fault"])
                let executor = StrategyExecutor(
                    providers: { name in name == "lmstudio" ? dead : h.providers[name]! }, reliability: h.reliability)
                let result = try await executor.complete(
                    H.request, strategy: .auto, candidates: [H.candidate("lmstudio", "o3"), H.candidate("b")])
                #expect(Strategies.outcomes(result.attempts) == ["lmstudio/o3 connection", "b/gpt-6.1-terra ok"])
                guard case .failure(let error) = result.attempts[0].outcome else { return }
                #expect(error.reason == .serverNotRunning)
                #expect(
                    error.description
                        == "lmstudio: cannot connect to http://127.0.0.1:1 (connection refused); is the server running?"
                )

                let alone = await #expect(throws: StrategyError.self) {
                    try await executor.complete(H.request, strategy: .auto, candidates: [H.candidate("lmstudio", "o3")])
                }
                #expect(alone?.attempts.count == 1, "not retried on the same deployment")
                #expect(clock.waits.isEmpty)
            }
        }

        @Test func aRefusedRemoteConnectionGetsOneQuickRetry() async throws {
            let refusing = RefusingProvider()
            let clock = SimulatedClock()
            let executor = StrategyExecutor(
                providers: { _ in refusing }, reliability: Reliability(routing: Self.defaultRouting, clock: clock))
            let error = await #expect(throws: StrategyError.self) {
                try await executor.complete(H.request, strategy: .auto, candidates: [H.candidate("remote")])
            }
            #expect(refusing.calls == 2, "one quick retry, not max_attempts (3)")
            #expect(clock.waits.count == 1 && clock.waits[0] < .milliseconds(250), "within the first backoff")
            #expect(
                error?.message
                    == "auto: no candidate answered: remote/gpt-6.1-terra: 2 attempts failed: cannot connect to https://api.example.com (connection refused)"
            )
        }

        @Test func repeatedFailuresCollapseIntoOneEntry() async throws {
            // Generous timeouts: a first token late on a loaded machine would be a different failure, not a repeat.
            var routing = H.fastRouting(requestMs: 120_000, firstTokenMs: 60_000)
            routing.circuitBreaker.failureThreshold = 10
            try await H.run(deployments: ["a"], routing: routing, { _ in .serverError }) { h in
                let error = await #expect(throws: StrategyError.self) { try await h.complete([H.candidate("a")]) }
                let message = try #require(error?.message)
                #expect(message.hasPrefix("auto: no candidate answered: a/gpt-6.1-terra: 3 attempts failed: server: "))
                #expect(!message.contains(";"), "one entry, not three copies of the line")
            }
        }

        @Test func everyAttemptIsLoggedAtDebugWithTheWaitAndWhy() async throws {
            let clock = SimulatedClock()
            let logs = CapturedLogs()
            let count = Counter()
            try await H.run(
                deployments: ["a"], routing: Self.defaultRouting, clock: clock, logger: logs.logger,
                { _ in
                    count.next() == 1 ? .rateLimited(retryAfter: "1") : .ok
                }
            ) { h in
                _ = try await h.complete([H.candidate("a")])
                let lines = logs.all
                #expect(lines.count == 2, "\(lines)")
                #expect(lines.first?.hasPrefix("debug a/gpt-6.1-terra attempt 1: failed: rate_limited: ") == true)
                #expect(lines.first?.hasSuffix("; retrying in 1 s (Retry-After)") == true)
                #expect(lines.last?.hasPrefix("debug a/gpt-6.1-terra attempt 2: answered in ") == true)
            }
        }
    }
}

/// A provider whose every request fails as a refused connection to a remote host does.
private final class RefusingProvider: Provider {
    let name = "remote"
    private let count = Locked(0)
    var calls: Int { count.withLock { $0 } }

    func models() async throws -> [ModelInfo] { [] }

    func stream(_ request: ChatRequest) -> AsyncThrowingStream<StreamEvent, any Error> {
        count.withLock { $0 += 1 }
        let error = ProviderError(
            .connection, "cannot connect to https://api.example.com (connection refused)", provider: name,
            reason: .connectionRefused)
        return AsyncThrowingStream { $0.finish(throwing: error) }
    }
}
