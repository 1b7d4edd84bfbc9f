extension SwitchboardConfiguration {
    /// The per-deployment circuit breaker (`routing.circuit_breaker`); `docs/reliability.md` describes it.
    public struct CircuitBreaker: Sendable, Equatable {
        /// Consecutive failures (server, overloaded, rate limited, timeout, connection) that open it. Default: 5.
        public var failureThreshold: Int
        /// How long it stays open the first time, in milliseconds; each failed probe doubles it. Default: 30 000.
        public var cooldownMs: Int
        /// The longest cooldown, in milliseconds (a Retry-After may ask for longer). Default: 300 000.
        public var maxCooldownMs: Int

        /// Creates circuit breaker settings.
        public init(failureThreshold: Int = 5, cooldownMs: Int = 30_000, maxCooldownMs: Int = 300_000) {
            self.failureThreshold = failureThreshold
            self.cooldownMs = cooldownMs
            self.maxCooldownMs = maxCooldownMs
        }
    }

    /// Background health checks (`routing.health_checks`).
    public struct HealthChecks: Sendable, Equatable {
        /// How often every provider's health is checked, in milliseconds; 0 turns the checks off. Default: 0.
        public var intervalMs: Int
        /// How long one check may take before it counts as `unavailable`, in milliseconds. Default: 5 000.
        public var timeoutMs: Int

        /// Creates health check settings.
        public init(intervalMs: Int = 0, timeoutMs: Int = 5_000) {
            self.intervalMs = intervalMs
            self.timeoutMs = timeoutMs
        }
    }

    /// What a stream does when its candidate fails after content reached the caller (`routing.stream_failure`).
    public enum StreamFailure: String, Sendable, Hashable, CaseIterable {
        /// End the stream with the error. The default.
        case fail
        /// Ask the next candidate to continue the partial answer and stream its continuation on.
        case resume
    }

    /// Client-side rate limits of one provider instance (`providers.<name>.rate_limits`).
    public struct RateLimits: Sendable, Equatable {
        /// Requests per minute; nil for no limit.
        public var requestsPerMinute: Int?
        /// Estimated tokens (input and output) per minute; nil for no limit.
        public var tokensPerMinute: Int?

        /// Creates rate limits.
        public init(requestsPerMinute: Int? = nil, tokensPerMinute: Int? = nil) {
            self.requestsPerMinute = requestsPerMinute
            self.tokensPerMinute = tokensPerMinute
        }
    }
}

extension SwitchboardConfiguration.CircuitBreaker {
    /// The `routing.circuit_breaker` keys.
    package static let schema = ConfigurationSchema<Self>(
        "routing.circuit_breaker", what: "circuit breaker settings", doc: [], defaults: Self(),
        keys: [
            .integer(
                "failure_threshold", \.failureThreshold, minimum: 1,
                doc: "Consecutive failures that open the breaker."),
            .integer("cooldown_ms", \.cooldownMs, minimum: 0, doc: "How long it stays open before a probe."),
            .integer(
                "max_cooldown_ms", \.maxCooldownMs, minimum: 0,
                doc: "The longest cooldown after failed probes; at least `cooldown_ms`."),
        ],
        check: { breaker, reader in
            reader.checkNotBelow("max_cooldown_ms", breaker.maxCooldownMs, "cooldown_ms", breaker.cooldownMs)
        })
}

extension SwitchboardConfiguration.HealthChecks {
    /// The `routing.health_checks` keys.
    package static let schema = ConfigurationSchema<Self>(
        "routing.health_checks", what: "health check settings", doc: [], defaults: Self(),
        keys: [
            .integer("interval_ms", \.intervalMs, minimum: 0, doc: "How often each deployment is checked; 0: never."),
            .integer("timeout_ms", \.timeoutMs, minimum: 1, doc: "How long one check may take."),
        ])
}
