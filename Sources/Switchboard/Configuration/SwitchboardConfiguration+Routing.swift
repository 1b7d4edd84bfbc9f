extension SwitchboardConfiguration {
    /// How requests are routed among providers (the `routing` section).
    public struct Routing: Sendable, Equatable {
        /// The routing strategy. Default: `auto`.
        public var strategy: Strategy
        /// Prefer local providers when candidates are otherwise equal. Default: false.
        public var preferLocal: Bool
        /// The most one request may cost, in USD. Default: no limit.
        public var maxCostPerRequest: Double?
        /// Ordered fallback chains.
        public var fallbacks: [Fallback]
        /// Planner rules; the first match wins.
        public var rules: [Rule]
        /// Retry policy.
        public var retry: Retry
        /// Timeouts.
        public var timeouts: Timeouts
        /// The per-deployment circuit breaker.
        public var circuitBreaker: CircuitBreaker
        /// What a stream does when its candidate fails after content reached the caller. Default: `fail`.
        public var streamFailure: StreamFailure
        /// Background health checks. Default: off.
        public var healthChecks: HealthChecks
        /// The longest a request waits for a deployment that is not taking requests (an open breaker, a Retry-After,
        /// a client-side rate limit), in milliseconds; a longer wait fails the request at once with `retry_after`.
        /// Default: 2 000.
        public var maxWaitMs: Int

        /// Creates routing settings; every argument has a default.
        public init(
            strategy: Strategy = .auto,
            preferLocal: Bool = false,
            maxCostPerRequest: Double? = nil,
            fallbacks: [Fallback] = [],
            rules: [Rule] = [],
            retry: Retry = Retry(),
            timeouts: Timeouts = Timeouts(),
            circuitBreaker: CircuitBreaker = CircuitBreaker(),
            streamFailure: StreamFailure = .fail,
            healthChecks: HealthChecks = HealthChecks(),
            maxWaitMs: Int = 2_000
        ) {
            self.strategy = strategy
            self.preferLocal = preferLocal
            self.maxCostPerRequest = maxCostPerRequest
            self.fallbacks = fallbacks
            self.rules = rules
            self.retry = retry
            self.timeouts = timeouts
            self.circuitBreaker = circuitBreaker
            self.streamFailure = streamFailure
            self.healthChecks = healthChecks
            self.maxWaitMs = maxWaitMs
        }
    }

    /// A routing strategy.
    public enum Strategy: String, Sendable, Hashable, CaseIterable {
        /// Let the planner choose by task, cost and capability.
        case auto
        /// Only local providers.
        case localOnly = "local_only"
        /// Only cloud providers.
        case cloudOnly = "cloud_only"
        /// Local providers first, cloud ones as fallback.
        case localFirst = "local_first"
        /// Cloud providers first, local ones as fallback.
        case cloudFirst = "cloud_first"
        /// Cheapest first, escalating to stronger models when the answer is not good enough.
        case cascade
        /// Several providers at once; the first good answer wins.
        case parallel
        /// Several providers at once; the answers are combined.
        case ensemble
    }

    /// How failed requests are retried on the same deployment (`routing.retry`).
    public struct Retry: Sendable, Equatable {
        /// Attempts per candidate in total, at least 1. Default: 3.
        public var maxAttempts: Int
        /// The first backoff, in milliseconds. Default: 250.
        public var initialBackoffMs: Int
        /// The longest backoff, in milliseconds. Default: 8000.
        public var maxBackoffMs: Int
        /// Retries the process may make per request, on average (the retry budget's refill). Default: 0.2.
        public var budgetRatio: Double
        /// Retries the process may always make in a burst (the retry budget's size). Default: 10.
        public var budgetReserve: Int

        /// Creates a retry policy.
        public init(
            maxAttempts: Int = 3,
            initialBackoffMs: Int = 250,
            maxBackoffMs: Int = 8000,
            budgetRatio: Double = 0.2,
            budgetReserve: Int = 10
        ) {
            self.maxAttempts = maxAttempts
            self.initialBackoffMs = initialBackoffMs
            self.maxBackoffMs = maxBackoffMs
            self.budgetRatio = budgetRatio
            self.budgetReserve = budgetReserve
        }
    }

    /// Request timeouts (`routing.timeouts`), in milliseconds.
    public struct Timeouts: Sendable, Equatable {
        /// The whole request. Default: 120 000.
        public var requestMs: Int
        /// Establishing the connection. Default: 10 000.
        public var connectMs: Int
        /// Until the first streamed token. Default: 30 000.
        public var firstTokenMs: Int

        /// Creates timeouts.
        public init(requestMs: Int = 120_000, connectMs: Int = 10_000, firstTokenMs: Int = 30_000) {
            self.requestMs = requestMs
            self.connectMs = connectMs
            self.firstTokenMs = firstTokenMs
        }
    }
}

extension SwitchboardConfiguration.Routing {
    /// The `routing` section's keys, each declared once.
    package static let schema = ConfigurationSchema<Self>(
        "routing", what: "routing settings", doc: ["How requests are routed among providers (docs/routing.md)."],
        defaults: Self(),
        keys: [
            .enumeration("strategy", \.strategy, what: "strategy", doc: "The routing strategy (docs/strategies.md)."),
            .boolean("prefer_local", \.preferLocal, doc: "Prefer local providers when candidates are otherwise equal."),
            .number(
                "max_cost_per_request", \.maxCostPerRequest,
                nonNegative: "it is a cost in USD; leave it out for no limit",
                doc: "The most one request may cost, in USD.", defaultText: "no limit",
                example: ["max_cost_per_request: 0.5"]),
            .list(
                "fallbacks", \.fallbacks, of: SwitchboardConfiguration.Fallback.schema, what: "fallback chains",
                doc: "Ordered fallback chains (`routing.fallbacks[]`), tried before the router's other candidates"
                    + " (docs/reliability.md).",
                example: [
                    "- from: openai/gpt-6.1-terra", "  to: [lmstudio]", "  on: [rate_limited, overloaded, server]",
                ],
                accept: { fallback, _ in !fallback.from.provider.isEmpty }),
            .list(
                "rules", \.rules, of: SwitchboardConfiguration.Rule.schema, what: "planner rules",
                doc: "Planner rules (`routing.rules[]`); the first match wins.",
                example: [
                    "- when: {task: code_review, risk: high}",
                    "  require: {tier: advanced, capabilities: [code], locality: any, min_context_window: 32000}",
                ]),
            .section(
                "retry", \.retry, SwitchboardConfiguration.Retry.schema,
                doc: "Retries on the same deployment, with exponential backoff and full jitter (docs/reliability.md)."),
            .section(
                "timeouts", \.timeouts, SwitchboardConfiguration.Timeouts.schema, doc: "Timeouts in milliseconds."),
            .section(
                "circuit_breaker", \.circuitBreaker, SwitchboardConfiguration.CircuitBreaker.schema,
                doc: "The per-deployment circuit breaker: opens after `failure_threshold` consecutive failures, probes"
                    + " after the cooldown, doubles it after a failed probe. Only evidence of breakage counts (5xx"
                    + " without Retry-After, timeouts, failed connections); a 429 waits its Retry-After instead."),
            .enumeration(
                "stream_failure", \.streamFailure, what: "stream failure policy",
                doc: "When a streamed answer fails after text reached the caller: `fail`, or `resume` (the next"
                    + " candidate continues it)."),
            .section(
                "health_checks", \.healthChecks, SwitchboardConfiguration.HealthChecks.schema,
                doc: "Background health checks feeding the circuit breakers."),
            .integer(
                "max_wait_ms", \.maxWaitMs, minimum: 0,
                doc: "The longest a request waits for a deployment that is not taking requests (an open breaker, a"
                    + " Retry-After, a client-side rate limit), in milliseconds; a longer wait fails the request at"
                    + " once with `retry_after`."),
        ])
}

extension SwitchboardConfiguration.Retry {
    /// The `routing.retry` keys.
    package static let schema = ConfigurationSchema<Self>(
        "routing.retry", what: "retry settings", doc: [], defaults: Self(),
        keys: [
            .integer("max_attempts", \.maxAttempts, minimum: 1, doc: "Attempts per candidate."),
            .integer(
                "initial_backoff_ms", \.initialBackoffMs, minimum: 0, doc: "The first backoff, in milliseconds."),
            .integer(
                "max_backoff_ms", \.maxBackoffMs, minimum: 0,
                doc: "The longest backoff, in milliseconds; at least `initial_backoff_ms`."),
            .number(
                "budget_ratio", \.budgetRatio, nonNegative: "it is retries per request; 0 allows only the reserve",
                doc: "The process-wide retry budget: each request adds this many retries."),
            .integer(
                "budget_reserve", \.budgetReserve, minimum: 0, doc: "Retries the budget always allows."),
        ],
        check: { retry, reader in
            reader.checkNotBelow("max_backoff_ms", retry.maxBackoffMs, "initial_backoff_ms", retry.initialBackoffMs)
        })
}

extension SwitchboardConfiguration.Timeouts {
    /// The `routing.timeouts` keys.
    package static let schema = ConfigurationSchema<Self>(
        "routing.timeouts", what: "timeouts in milliseconds", doc: [], defaults: Self(),
        keys: [
            .integer("request_ms", \.requestMs, minimum: 1, doc: "The whole request, retries and fallbacks included."),
            .integer("connect_ms", \.connectMs, minimum: 1, doc: "Connecting to the provider."),
            .integer("first_token_ms", \.firstTokenMs, minimum: 1, doc: "Each attempt's first token."),
        ])
}
