import SwitchboardKit

/// Client-side rate limits per provider instance (`providers.<name>.rate_limits`): a token bucket for requests
/// and one for estimated tokens, each holding a minute's allowance and refilling continuously.
public final class RateLimiter: Sendable {
    private struct Bucket {
        let capacity: Double
        var level: Double
        var updated: ContinuousClock.Instant

        init(perMinute: Int, now: ContinuousClock.Instant) {
            capacity = Double(perMinute)
            level = capacity
            updated = now
        }

        mutating func refill(_ now: ContinuousClock.Instant) {
            let elapsed = updated.duration(to: now)
            let seconds = elapsed.seconds
            level = min(capacity, level + max(0, seconds) * capacity / 60)
            updated = now
        }

        /// How long until `amount` (clamped to the capacity) is available.
        func wait(for amount: Double) -> Duration {
            let missing = min(amount, capacity) - level
            guard missing > 0 else { return .zero }
            return .milliseconds(Int64((missing * 60_000 / capacity).rounded(.up)))
        }
    }

    private struct Limits {
        var requests: Bucket?
        var tokens: Bucket?
    }

    private let now: @Sendable () -> ContinuousClock.Instant
    private let limits: Locked<[String: Limits]>

    /// Creates limiters for the providers `limits` names, full.
    /// - Parameters:
    ///   - limits: the limits by provider instance name; providers not named are not limited.
    ///   - now: the clock, injectable for tests.
    public init(
        _ limits: [String: SwitchboardConfiguration.RateLimits] = [:],
        now: @escaping @Sendable () -> ContinuousClock.Instant = { .now }
    ) {
        self.now = now
        let start = now()
        self.limits = Locked(
            limits.mapValues { limit in
                Limits(
                    requests: limit.requestsPerMinute.map { Bucket(perMinute: $0, now: start) },
                    tokens: limit.tokensPerMinute.map { Bucket(perMinute: $0, now: start) }
                )
            })
    }

    /// Takes one request and `tokens` from `provider`'s buckets when both have room.
    /// - Returns: `.zero` when taken; otherwise how long until both would have room (nothing is taken).
    package func acquire(_ provider: String, tokens: Int) -> Duration {
        let now = now()
        return limits.withLock { limits in
            guard var entry = limits[provider] else { return .zero }
            entry.requests?.refill(now)
            entry.tokens?.refill(now)
            let wait = max(entry.requests?.wait(for: 1) ?? .zero, entry.tokens?.wait(for: Double(tokens)) ?? .zero)
            if wait == .zero {
                entry.requests?.level -= 1
                if let capacity = entry.tokens?.capacity { entry.tokens?.level -= min(Double(tokens), capacity) }
            }
            limits[provider] = entry
            return wait
        }
    }

    /// Corrects the tokens taken for a request by `delta` (actual minus estimated) once its usage is known; the
    /// bucket never holds more than its capacity.
    package func adjust(_ provider: String, tokens delta: Int) {
        limits.withLock { limits in
            guard var bucket = limits[provider]?.tokens else { return }
            bucket.level = min(bucket.capacity, bucket.level - Double(delta))
            limits[provider]?.tokens = bucket
        }
    }
}
