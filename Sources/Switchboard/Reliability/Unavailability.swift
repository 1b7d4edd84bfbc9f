import SwitchboardKit

/// Why a candidate was not asked, and when it may be asked again: it will not take requests for longer than the
/// request may wait (`routing.max_wait_ms`, ``ExecutionOptions/maxWait``), or it has another deployment to go to.
public struct Unavailability: Sendable, Hashable, CustomStringConvertible {
    /// What keeps a deployment from taking requests.
    public enum Reason: String, Sendable, Hashable {
        /// Its circuit breaker is open (or half-open with another request's probe under way).
        case circuitOpen = "circuit_open"
        /// It asked not to be called before an instant (a Retry-After), or its client-side rate limit is spent.
        case rateLimited = "rate_limited"
    }

    /// What keeps the deployment from taking requests.
    public var reason: Reason
    /// How long until it may be asked again.
    public var retryAfter: Duration
    /// The deployment (provider instance).
    public var deployment: String

    /// Creates an unavailability.
    public init(reason: Reason, retryAfter: Duration, deployment: String) {
        self.reason = reason
        self.retryAfter = max(.zero, retryAfter)
        self.deployment = deployment
    }

    public var description: String {
        let wait = retryAfter.secondsText
        return switch reason {
        case .circuitOpen: "\(deployment)'s circuit breaker is open; retry in \(wait)"
        case .rateLimited: "\(deployment) is rate limited; retry in \(wait)"
        }
    }
}
