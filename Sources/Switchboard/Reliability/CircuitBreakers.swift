public import SwitchboardKit

/// The circuit breakers of every deployment (provider instance) in the process, shared by all requests.
///
/// A deployment's breaker opens after `failure_threshold` consecutive failures that say the deployment itself is in
/// trouble (`server`, `overloaded`, `rate_limited`, `timeout`, `connection`), or at once for as long as a
/// Retry-After asks. While it is open, strategies skip the deployment. When the cooldown has passed the breaker is
/// half-open: one request (the probe) goes through; its success closes the breaker, its failure opens it again for
/// twice as long (up to `max_cooldown_ms`). Other failure kinds (`invalid_request`, `context_window_exceeded`, …)
/// neither count nor reset.
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
        /// No: the breaker is open until the instant (or a probe is already under way).
        case refused(until: ContinuousClock.Instant)
    }

    private struct Breaker {
        var consecutiveFailures = 0
        var openings = 0
        var openUntil: ContinuousClock.Instant?
        var probing = false
    }

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

    /// Asks to send one request to `deployment`; a half-open breaker admits one probe at a time.
    func admit(_ deployment: String) -> Admission {
        let now = now()
        return breakers.withLock { breakers in
            guard var breaker = breakers[deployment], let until = breaker.openUntil else { return .allowed }
            if now < until { return .refused(until: until) }
            if breaker.probing { return .refused(until: now) }
            breaker.probing = true
            breakers[deployment] = breaker
            return .allowed
        }
    }

    /// Records a success: the breaker closes and forgets earlier failures.
    public func recordSuccess(_ deployment: String) {
        breakers.withLock { $0[deployment] = nil }
    }

    /// Records how a request to `deployment` failed.
    public func recordFailure(_ deployment: String, _ error: ProviderError) {
        let now = now()
        breakers.withLock { breakers in
            var breaker = breakers[deployment] ?? Breaker()
            let wasProbe = breaker.probing
            breaker.probing = false
            guard Self.counts(error.kind) else {
                breakers[deployment] = breaker
                return
            }
            breaker.consecutiveFailures += 1
            let halfOpen = breaker.openUntil.map { now >= $0 } ?? false
            if wasProbe || halfOpen || breaker.consecutiveFailures >= settings.failureThreshold {
                breaker.openUntil = max(breaker.openUntil ?? now, now + cooldown(afterOpenings: breaker.openings))
                breaker.openings += 1
            }
            if let retryAfter = error.retryAfter, retryAfter > 0, [.rateLimited, .overloaded].contains(error.kind) {
                let until = now + .milliseconds(Int64((retryAfter * 1000).rounded(.up)))
                breaker.openUntil = max(breaker.openUntil ?? until, until)
            }
            breakers[deployment] = breaker
        }
    }

    /// Opens `deployment`'s breaker now (a failed health check), as a failed probe would.
    public func trip(_ deployment: String) {
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

    /// Whether a failure of `kind` says the deployment itself is in trouble.
    static func counts(_ kind: ProviderError.Kind) -> Bool {
        [.server, .overloaded, .rateLimited, .timeout, .connection].contains(kind)
    }

    private func cooldown(afterOpenings openings: Int) -> Duration {
        Backoff(initial: .milliseconds(settings.cooldownMs), maximum: .milliseconds(settings.maxCooldownMs))
            .ceiling(beforeRetry: openings + 1)
    }
}
