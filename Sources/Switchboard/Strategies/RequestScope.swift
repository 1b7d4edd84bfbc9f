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
    /// The longest the request waits for a deployment that is not taking requests.
    let maxWait: Duration
    /// The clock every wait and the deadline are measured on.
    let clock: any ReliabilityClock

    init(_ options: ExecutionOptions, _ routing: SwitchboardConfiguration.Routing, clock: any ReliabilityClock) {
        self.clock = clock
        let now = clock.now
        let timeout = options.timeout ?? .milliseconds(routing.timeouts.requestMs)
        var deadline = now + timeout
        if let absolute = options.deadline { deadline = min(deadline, absolute) }
        self.deadline = deadline
        self.timeout = now.duration(to: deadline)
        firstTokenTimeout = options.firstTokenTimeout ?? .milliseconds(routing.timeouts.firstTokenMs)
        maxAttempts = max(1, options.maxAttempts ?? routing.retry.maxAttempts)
        fallbacks = options.fallbacks
        streamFailure = options.streamFailure ?? routing.streamFailure
        maxWait = max(.zero, options.maxWait ?? .milliseconds(routing.maxWaitMs))
    }

    /// Whether the deadline has passed.
    var expired: Bool { clock.now >= deadline }

    /// Whether the request may wait until `instant`: it is no further than ``maxWait`` away and before the deadline.
    func mayWait(until instant: ContinuousClock.Instant) -> Bool {
        let now = clock.now
        return instant < deadline && now.duration(to: instant) <= maxWait
    }

    /// The error of a request whose deadline passed.
    var deadlineError: ProviderError {
        ProviderError(.timeout, "the request did not finish within its timeout of \(timeout)")
    }
}
