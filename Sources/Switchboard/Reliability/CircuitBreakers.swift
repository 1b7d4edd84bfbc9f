public import SwitchboardKit

/// The circuit breakers of every deployment (provider instance) in the process, shared by all requests.
///
/// A deployment's breaker opens after `failure_threshold` consecutive failures that are evidence the deployment is
/// broken: `server`, `timeout`, `connection`, `plugin_crashed`, and `overloaded` without a Retry-After. While it is
/// open, strategies skip the deployment. When the cooldown has passed the breaker is half-open: one request (the
/// probe) goes through; its success closes the breaker, its failure opens it again for twice as long (up to
/// `max_cooldown_ms`).
///
/// Rate limiting is not breakage. A `rate_limited` failure, or an `overloaded` one that carries a Retry-After, never
/// counts towards the breaker and never opens it: it holds the deployment for exactly the Retry-After
/// (``heldUntil(_:)``), and a probe it answers is given back. Other failure kinds (`invalid_request`,
/// `context_window_exceeded`, …) neither count nor reset.
public final class CircuitBreakers: Sendable {
    /// A breaker's state.
    public enum State: Sendable, Hashable {
        /// Requests go through.
        case closed
        /// Requests are refused until the instant.
        case open(until: ContinuousClock.Instant)
        /// The cooldown has passed: the next request is a probe.
        case halfOpen
    }

    /// Whether a request may go to a deployment.
    enum Admission: Sendable, Hashable {
        /// Yes (as a probe when the breaker was half-open).
        case allowed
        /// No, until the instant, for the reason.
        case refused(until: ContinuousClock.Instant, Unavailability.Reason)
    }

    private struct Breaker {
        var consecutiveFailures = 0
        var openings = 0
        var openUntil: ContinuousClock.Instant?
        var probing = false
        /// The Retry-After of the last rate-limited (or overloaded) answer: no request before it.
        var heldUntil: ContinuousClock.Instant?

        /// Whether nothing is left to remember.
        var isIdle: Bool { consecutiveFailures == 0 && openUntil == nil && !probing && heldUntil == nil }
    }

    /// How long a request waits for a half-open breaker's probe that another request is making.
    static let probeWait: Duration = .seconds(1)

    /// The settings in force.
    public let settings: SwitchboardConfiguration.CircuitBreaker
    private let now: @Sendable () -> ContinuousClock.Instant
    private let breakers = Locked<[String: Breaker]>([:])

    /// Creates breakers, all closed.
    /// - Parameters:
    ///   - settings: thresholds and cooldowns (`routing.circuit_breaker`).
    ///   - now: the clock, injectable for tests.
    public init(
        settings: SwitchboardConfiguration.CircuitBreaker = SwitchboardConfiguration.CircuitBreaker(),
        now: @escaping @Sendable () -> ContinuousClock.Instant = { .now }
    ) {
        self.settings = settings
        self.now = now
    }

    /// The state of `deployment`'s breaker.
    public func state(of deployment: String) -> State {
        let now = now()
        return breakers.withLock { breakers in
            guard let breaker = breakers[deployment], let until = breaker.openUntil else { return .closed }
            return now < until ? .open(until: until) : .halfOpen
        }
    }

    /// The instant before which `deployment` asked not to be called (the Retry-After of its last rate-limited or
    /// overloaded answer); nil when it asked nothing or the instant has passed. The breaker stays closed meanwhile.
    public func heldUntil(_ deployment: String) -> ContinuousClock.Instant? {
        let now = now()
        return breakers.withLock { breakers in
            guard let until = breakers[deployment]?.heldUntil, now < until else { return nil }
            return until
        }
    }

    /// Asks to send one request to `deployment`; a half-open breaker admits one probe at a time.
    func admit(_ deployment: String) -> Admission {
        let now = now()
        return breakers.withLock { breakers in
            guard var breaker = breakers[deployment] else { return .allowed }
            if let until = breaker.openUntil {
                if now < until { return .refused(until: until, .circuitOpen) }
                if breaker.probing { return .refused(until: now + Self.probeWait, .circuitOpen) }
            }
            if let until = breaker.heldUntil, now < until { return .refused(until: until, .rateLimited) }
            if breaker.openUntil != nil {
                breaker.probing = true
                breakers[deployment] = breaker
            }
            return .allowed
        }
    }

    /// Records a success: the breaker closes and forgets earlier failures.
    package func recordSuccess(_ deployment: String) {
        breakers.withLock { breakers in
            guard let breaker = breakers[deployment] else { return }
            breakers[deployment] = nil
            // A hold another request's 429 set is the server's word, and outlives this answer.
            if let held = breaker.heldUntil { breakers[deployment] = Breaker(heldUntil: held) }
        }
    }

    /// Records how a request to `deployment` failed.
    package func recordFailure(_ deployment: String, _ error: ProviderError) {
        let now = now()
        breakers.withLock { breakers in
            var breaker = breakers[deployment] ?? Breaker()
            let wasProbe = breaker.probing
            breaker.probing = false
            if let wait = Self.hold(for: error) {
                breaker.heldUntil = max(breaker.heldUntil ?? now, now + wait)
            }
            if Self.counts(error) {
                breaker.consecutiveFailures += 1
                let halfOpen = breaker.openUntil.map { now >= $0 } ?? false
                if wasProbe || halfOpen || breaker.consecutiveFailures >= settings.failureThreshold {
                    breaker.openUntil = max(breaker.openUntil ?? now, now + cooldown(afterOpenings: breaker.openings))
                    breaker.openings += 1
                }
            }
            breakers[deployment] = breaker.isIdle ? nil : breaker
        }
    }

    /// Opens `deployment`'s breaker now (a failed health check), as a failed probe would.
    package func trip(_ deployment: String) {
        let now = now()
        breakers.withLock { breakers in
            var breaker = breakers[deployment] ?? Breaker()
            breaker.consecutiveFailures += 1
            breaker.openUntil = max(breaker.openUntil ?? now, now + cooldown(afterOpenings: breaker.openings))
            breaker.openings += 1
            breakers[deployment] = breaker
        }
    }

    /// Gives back a probe that ended without saying anything about the deployment (cancelled, or skipped before it
    /// was sent), so that the next request may probe.
    func release(_ deployment: String) {
        breakers.withLock { breakers in breakers[deployment]?.probing = false }
    }

    /// Whether `error` is evidence that the deployment is broken: a server error, a timeout, a failed connection, a
    /// crashed plugin, or an overload the server gave no Retry-After for. Rate limiting never is.
    static func counts(_ error: ProviderError) -> Bool {
        switch error.kind {
        case .server, .timeout, .connection, .pluginCrashed: true
        case .overloaded: hold(for: error) == nil
        default: false
        }
    }

    /// How long `error` asks the deployment to be left alone: the Retry-After of a `rate_limited` or `overloaded`
    /// answer; nil for any other failure, or when the server gave none.
    static func hold(for error: ProviderError) -> Duration? {
        guard [.rateLimited, .overloaded].contains(error.kind), let retryAfter = error.retryAfter, retryAfter > 0 else {
            return nil
        }
        return .milliseconds(Int64((retryAfter * 1000).rounded(.up)))
    }

    private func cooldown(afterOpenings openings: Int) -> Duration {
        Backoff(initial: .milliseconds(settings.cooldownMs), maximum: .milliseconds(settings.maxCooldownMs))
            .ceiling(beforeRetry: openings + 1)
    }
}
