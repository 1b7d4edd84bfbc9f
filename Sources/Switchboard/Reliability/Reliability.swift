public import Logging
public import Metrics
import SwitchboardKit
public import Tracing

/// What every request of a process shares for reliability: the `routing` settings (retries, timeouts, fallback
/// chains, stream failure policy), the circuit breakers, the retry budget and the client-side rate limits.
/// ``SwitchboardHost`` owns one and passes it to its executors; `docs/reliability.md` describes the behaviour.
public final class Reliability: Sendable {
    /// Retries, timeouts, fallback chains, breaker settings and stream failure policy.
    public let routing: SwitchboardConfiguration.Routing
    /// One breaker per deployment.
    public let breakers: CircuitBreakers
    /// The process-wide retry budget.
    public let retryBudget: RetryBudget
    /// The client-side rate limits.
    public let rateLimiter: RateLimiter
    /// Where fallback chain targets find their models (context windows, locality); nil to use the candidates'.
    public let models: ModelRegistry?
    /// Where the routing, candidate and attempt spans go; by default `InstrumentationSystem.tracer` (a no-op
    /// tracer unless the application bootstraps one).
    public let tracer: any Tracer
    /// Whether attempt spans carry prompts and answers (``HostTelemetry/recordsContent``).
    public let recordsContent: Bool
    /// Where each attempt's GenAI client metrics go; nil when none are recorded.
    let genAIMetrics: GenAIClientMetrics?
    /// The clock of every wait (backoff, Retry-After, breakers, rate limits) and of every request's deadline.
    public let clock: any ReliabilityClock
    /// Where each attempt is logged at `debug`: the candidate, its outcome, and the wait chosen and why.
    public let logger: Logger
    private let random: Locked<any RandomNumberGenerator & Sendable>

    /// Creates the shared state.
    /// - Parameters:
    ///   - routing: the `routing` settings.
    ///   - rateLimits: client-side rate limits by provider instance.
    ///   - models: resolves fallback chain targets and learns each attempt's outcome.
    ///   - breakers: breakers to share; by default new ones with `routing.circuit_breaker`.
    ///   - random: the source of backoff jitter.
    ///   - tracer: where spans go; by default the one `InstrumentationSystem` holds.
    ///   - genAIMetrics: where each attempt's GenAI client metrics are recorded; nil records none.
    ///   - recordsContent: whether attempt spans carry prompts and answers.
    ///   - clock: the clock of every wait and deadline; tests inject a simulated one.
    ///   - logger: where attempts are logged, at `debug`.
    public init(
        routing: SwitchboardConfiguration.Routing = SwitchboardConfiguration.Routing(),
        rateLimits: [String: SwitchboardConfiguration.RateLimits] = [:],
        models: ModelRegistry? = nil,
        breakers: CircuitBreakers? = nil,
        random: any RandomNumberGenerator & Sendable = SystemRandomNumberGenerator(),
        tracer: (any Tracer)? = nil,
        genAIMetrics: (any MetricsFactory)? = nil,
        recordsContent: Bool = false,
        clock: any ReliabilityClock = .system,
        logger: Logger = Logger(label: "switchboard.reliability")
    ) {
        self.routing = routing
        self.clock = clock
        self.logger = logger
        self.breakers = breakers ?? CircuitBreakers(settings: routing.circuitBreaker, now: { clock.now })
        retryBudget = RetryBudget(routing.retry)
        rateLimiter = RateLimiter(rateLimits, now: { clock.now })
        self.models = models
        self.random = Locked(random)
        self.tracer = tracer ?? InstrumentationSystem.tracer
        self.genAIMetrics = genAIMetrics.map(GenAIClientMetrics.init(factory:))
        self.recordsContent = recordsContent
    }

    /// The state `configuration` describes, with spans and GenAI metrics going where `telemetry` says.
    public convenience init(
        configuration: SwitchboardConfiguration, models: ModelRegistry? = nil,
        telemetry: HostTelemetry = HostTelemetry()
    ) {
        self.init(
            routing: configuration.routing,
            rateLimits: Dictionary(
                configuration.providers.map { ($0.name, $0.rateLimits) }, uniquingKeysWith: { _, last in last }),
            models: models,
            tracer: telemetry.tracer,
            genAIMetrics: telemetry.metrics,
            recordsContent: telemetry.recordsContent
        )
    }

    /// The backoff before retry `retry` of one candidate: exponential with full jitter (``Backoff``).
    func backoff(beforeRetry retry: Int) -> Duration {
        random.withLock { random in
            Backoff(routing.retry).wait(beforeRetry: retry, retryAfter: nil, using: &random)
        }
    }
}
