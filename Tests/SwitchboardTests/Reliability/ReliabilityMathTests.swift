import Switchboard
import SwitchboardKit
import Testing

/// A clock that moves only when told to.
final class ManualClock: Sendable {
    private let instant = Locked(ContinuousClock.now)

    var now: ContinuousClock.Instant { instant.withLock { $0 } }

    func advance(_ duration: Duration) { instant.withLock { $0 += duration } }

    var reading: @Sendable () -> ContinuousClock.Instant { { [self] in now } }
}

/// A deterministic generator (SplitMix64), so jitter is reproducible.
struct SeededGenerator: RandomNumberGenerator, Sendable {
    var state: UInt64

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// A generator that always returns the same value: all ones (just below the top of the range) or zero.
struct ConstantGenerator: RandomNumberGenerator {
    let value: UInt64
    mutating func next() -> UInt64 { value }
}

extension ReliabilitySuites {
    @Suite("Reliability: backoff, retry budget, rate limits, circuit breakers")
    struct ReliabilityMathTests {
        let backoff = Backoff(initial: .milliseconds(100), maximum: .milliseconds(1000))

        @Test func theCeilingDoublesUpToTheMaximum() {
            #expect(
                (1...6).map { backoff.ceiling(beforeRetry: $0) }
                    == [100, 200, 400, 800, 1000, 1000].map { .milliseconds($0) })
            #expect(backoff.ceiling(beforeRetry: 500) == .milliseconds(1000), "no overflow for absurd retry counts")
        }

        @Test func fullJitterDrawsFromZeroToTheCeiling() {
            var random = SeededGenerator(state: 42)
            for retry in 1...5 {
                let waits = (0..<200).map { _ in backoff.wait(beforeRetry: retry, retryAfter: nil, using: &random) }
                #expect(waits.allSatisfy { $0 >= .zero && $0 < backoff.ceiling(beforeRetry: retry) })
                #expect(waits.min()! < backoff.ceiling(beforeRetry: retry) / 4, "full jitter reaches near zero")
                #expect(waits.max()! > backoff.ceiling(beforeRetry: retry) * 3 / 4, "and near the ceiling")
            }
            var top = ConstantGenerator(value: .max)
            var bottom = ConstantGenerator(value: 0)
            let highest = backoff.wait(beforeRetry: 3, retryAfter: nil, using: &top)
            #expect(highest < .milliseconds(400) && highest > .microseconds(399_999))
            #expect(backoff.wait(beforeRetry: 3, retryAfter: nil, using: &bottom) == .zero)
        }

        @Test func retryAfterIsAFloorNotACeiling() {
            var bottom = ConstantGenerator(value: 0)
            var top = ConstantGenerator(value: .max)
            #expect(backoff.wait(beforeRetry: 1, retryAfter: 2.5, using: &bottom) == .milliseconds(2500))
            #expect(
                backoff.wait(beforeRetry: 4, retryAfter: 0.05, using: &top) > .milliseconds(799),
                "the jitter was longer")
            #expect(backoff.wait(beforeRetry: 1, retryAfter: 0, using: &bottom) == .zero)
        }

        @Test func theConfigurationSetsTheBackoff() {
            let configured = Backoff(SwitchboardConfiguration.Retry(initialBackoffMs: 250, maxBackoffMs: 8000))
            #expect(configured.initial == .milliseconds(250))
            #expect(configured.maximum == .seconds(8))
        }

        @Test func theRetryBudgetAllowsTheReserveThenTheRatio() {
            let budget = RetryBudget(ratio: 0.5, reserve: 2)
            #expect(budget.withdraw())
            #expect(budget.withdraw())
            #expect(!budget.withdraw(), "the reserve is spent")
            budget.recordRequest()
            #expect(!budget.withdraw(), "half a token is not a retry")
            budget.recordRequest()
            #expect(budget.withdraw(), "two requests at 0.5 buy one retry")
            for _ in 0..<100 { budget.recordRequest() }
            #expect(budget.balance == 2, "the bucket never holds more than the reserve")
        }

        @Test func aZeroReserveStillAllowsOneRetryPerRefill() {
            let budget = RetryBudget(ratio: 0.25, reserve: 0)
            #expect(budget.withdraw())
            for _ in 0..<3 { budget.recordRequest() }
            #expect(!budget.withdraw())
            budget.recordRequest()
            #expect(budget.withdraw())
        }

        @Test func rateLimitsRefillContinuously() {
            let clock = ManualClock()
            let limiter = RateLimiter(["a": .init(requestsPerMinute: 2, tokensPerMinute: 600)], now: clock.reading)
            #expect(limiter.acquire("a", tokens: 100) == .zero)
            #expect(limiter.acquire("a", tokens: 100) == .zero)
            #expect(limiter.acquire("a", tokens: 100) == .seconds(30), "one request per 30 s comes back")
            clock.advance(.seconds(30))
            #expect(limiter.acquire("a", tokens: 100) == .zero)
            #expect(limiter.acquire("unlimited", tokens: 1_000_000) == .zero)

            clock.advance(.seconds(60))
            #expect(limiter.acquire("a", tokens: 500) == .zero)
            #expect(limiter.acquire("a", tokens: 200) == .seconds(10), "100 tokens left; 100 more take 10 s at 600/min")
            limiter.adjust("a", tokens: -100)
            #expect(limiter.acquire("a", tokens: 200) == .zero, "the request used 100 fewer tokens than estimated")
        }

        @Test func theBreakerOpensAfterConsecutiveFailuresAndProbesOnce() {
            let clock = ManualClock()
            let breakers = CircuitBreakers(
                settings: .init(failureThreshold: 3, cooldownMs: 1000, maxCooldownMs: 3000), now: clock.reading)
            let failure = ProviderError(.server, "boom")
            breakers.recordFailure("a", failure)
            breakers.recordFailure("a", failure)
            breakers.recordSuccess("a")
            breakers.recordFailure("a", failure)
            breakers.recordFailure("a", failure)
            #expect(breakers.state(of: "a") == .closed, "a success resets the count")
            breakers.recordFailure("a", ProviderError(.invalidRequest, "bad"))
            #expect(breakers.state(of: "a") == .closed, "client errors do not count")
            breakers.recordFailure("a", failure)
            #expect(breakers.state(of: "a") == .open(until: clock.now + .seconds(1)))

            clock.advance(.seconds(1))
            #expect(breakers.state(of: "a") == .halfOpen)
            breakers.recordFailure("a", failure)
            #expect(
                breakers.state(of: "a") == .open(until: clock.now + .seconds(2)), "a failed probe doubles the cooldown")
            clock.advance(.seconds(2))
            breakers.recordFailure("a", failure)
            #expect(breakers.state(of: "a") == .open(until: clock.now + .seconds(3)), "capped at max_cooldown_ms")
            clock.advance(.seconds(3))
            breakers.recordSuccess("a")
            #expect(breakers.state(of: "a") == .closed)
            #expect(breakers.state(of: "b") == .closed, "each deployment has its own breaker")
        }

        @Test func rateLimitingHoldsTheDeploymentAndNeverOpensTheBreaker() {
            let clock = ManualClock()
            let breakers = CircuitBreakers(
                settings: .init(failureThreshold: 1, cooldownMs: 30_000, maxCooldownMs: 60_000), now: clock.reading)
            breakers.recordFailure("a", ProviderError(.rateLimited, "slow down", retryAfter: 20))
            #expect(breakers.state(of: "a") == .closed, "a 429 is not breakage, even at a threshold of 1")
            #expect(
                breakers.heldUntil("a") == clock.now + .seconds(20),
                "it holds the deployment for exactly the Retry-After")
            breakers.recordFailure("b", ProviderError(.rateLimited, "slow down"))
            #expect(
                breakers.state(of: "b") == .closed && breakers.heldUntil("b") == nil,
                "a 429 without Retry-After only backs off")
            breakers.recordFailure("o", ProviderError(.overloaded, "busy", retryAfter: 1))
            #expect(
                breakers.state(of: "o") == .closed && breakers.heldUntil("o") == clock.now + .seconds(1),
                "a 503 with Retry-After too")
            breakers.recordFailure("p", ProviderError(.overloaded, "busy"))
            #expect(
                breakers.state(of: "p") == .open(until: clock.now + .seconds(30)),
                "a 503 without Retry-After is evidence")
            clock.advance(.seconds(20))
            #expect(breakers.heldUntil("a") == nil, "the hold ends when the Retry-After has passed")

            // A half-open probe answered 429 gives the probe back and holds; it never doubles the cooldown.
            breakers.recordFailure("q", ProviderError(.server, "boom"))
            clock.advance(.seconds(30))
            #expect(breakers.state(of: "q") == .halfOpen)
            breakers.recordFailure("q", ProviderError(.rateLimited, "slow down", retryAfter: 1))
            #expect(breakers.state(of: "q") == .halfOpen, "still half-open: the next request probes")
            clock.advance(.seconds(1))
            breakers.recordSuccess("q")
            #expect(breakers.state(of: "q") == .closed)
            breakers.trip("c")
            #expect(breakers.state(of: "c") == .open(until: clock.now + .seconds(30)), "a failed health check opens it")
        }
    }
}
