import SwitchboardKit

/// One request's limits, fixed when it starts: ``ExecutionOptions`` over the `routing` configuration.
struct RequestScope: Sendable {
    /// When the whole request must have ended.
    let deadline: ContinuousClock.Instant
    /// How long each attempt may take until its first token.
    let firstTokenTimeout: Duration
    /// Attempts per candidate.
    let maxAttempts: Int
    /// Whether candidates after the first may be tried.
    let fallbacks: Bool
    /// What a stream does after a failure once content reached the caller.
    let streamFailure: SwitchboardConfiguration.StreamFailure
    /// The whole request's timeout, as errors name it.
    let timeout: Duration

    init(_ options: ExecutionOptions, _ routing: SwitchboardConfiguration.Routing, now: ContinuousClock.Instant = .now) {
        let timeout = options.timeout ?? .milliseconds(routing.timeouts.requestMs)
        var deadline = now + timeout
        if let absolute = options.deadline { deadline = min(deadline, absolute) }
        self.deadline = deadline
        self.timeout = now.duration(to: deadline)
        firstTokenTimeout = options.firstTokenTimeout ?? .milliseconds(routing.timeouts.firstTokenMs)
        maxAttempts = max(1, options.maxAttempts ?? routing.retry.maxAttempts)
        fallbacks = options.fallbacks
        streamFailure = options.streamFailure ?? routing.streamFailure
    }

    /// Whether the deadline has passed.
    var expired: Bool { ContinuousClock.now >= deadline }

    /// The error of a request whose deadline passed.
    var deadlineError: ProviderError {
        ProviderError(.timeout, "the request did not finish within its timeout of \(timeout)")
    }
}
