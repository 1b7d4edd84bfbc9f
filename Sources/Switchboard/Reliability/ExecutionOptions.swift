/// Per-request options for ``StrategyExecutor`` and ``SwitchboardHost``'s `complete` and `stream`, overriding the
/// `routing` configuration for one request. Every property left nil (and ``fallbacks`` left true) takes the
/// configuration's value; the CLI and the gateway pass the defaults, so for them `routing` decides.
///
/// ```swift
/// let route = try await host.resolve(ModelSelector("openai/gpt-6.1-terra"), for: request)
/// let options = ExecutionOptions(timeout: .seconds(20), fallbacks: false, maxWait: .zero)
/// let result = try await host.complete(
///     request, strategy: route.strategy, candidates: route.candidates, options: options)
/// ```
public struct ExecutionOptions: Sendable, Hashable {
    /// The whole request, over every attempt and wait; nil for `routing.timeouts.request_ms`.
    public var timeout: Duration?
    /// An absolute deadline; the earlier of it and ``timeout`` applies.
    public var deadline: ContinuousClock.Instant?
    /// How long each attempt may take until its first token (text, thinking or tool call); nil for
    /// `routing.timeouts.first_token_ms`.
    public var firstTokenTimeout: Duration?
    /// Whether candidates after the first may be tried (falling through, fallback chains, stream resume). Retries of
    /// the first candidate still happen. Default: true.
    public var fallbacks: Bool
    /// Attempts per candidate, at least 1; nil for `routing.retry.max_attempts`.
    public var maxAttempts: Int?
    /// What a stream does when its candidate fails after content reached the caller; nil for
    /// `routing.stream_failure`.
    public var streamFailure: SwitchboardConfiguration.StreamFailure?
    /// The longest this request waits for a deployment that is not taking requests (an open breaker, a Retry-After,
    /// a client-side rate limit) before it fails with ``StrategyError/retryAfter``; nil for `routing.max_wait_ms`.
    public var maxWait: Duration?

    /// Creates options; every argument defaults to the configuration's value.
    public init(
        timeout: Duration? = nil,
        deadline: ContinuousClock.Instant? = nil,
        firstTokenTimeout: Duration? = nil,
        fallbacks: Bool = true,
        maxAttempts: Int? = nil,
        streamFailure: SwitchboardConfiguration.StreamFailure? = nil,
        maxWait: Duration? = nil
    ) {
        self.timeout = timeout
        self.deadline = deadline
        self.firstTokenTimeout = firstTokenTimeout
        self.fallbacks = fallbacks
        self.maxAttempts = maxAttempts
        self.streamFailure = streamFailure
        self.maxWait = maxWait
    }
}
