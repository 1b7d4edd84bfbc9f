/// Whether a provider can be expected to answer now, as the router ranks by it and `switchboard route` shows it.
///
/// ``ModelRegistry/availability(of:)`` combines, in this order: the circuit breaker (open: down; half-open: may
/// probe), a rate-limit wait (the deployment asked not to be called before an instant), the last health check, and
/// the last model discovery. Candidates of a provider that is ``Status/down`` rank after every other; those that may
/// only probe or must wait rank after the available ones.
public struct Availability: Sendable, Hashable, CustomStringConvertible {
    /// The verdict.
    public enum Status: String, Sendable, Hashable, CaseIterable {
        /// Nothing says the provider is in trouble.
        case available
        /// Its circuit breaker is half-open: the next request is a probe.
        case probing
        /// It asked not to be called before ``Availability/until``.
        case rateLimited = "rate_limited"
        /// Known to be down: its breaker is open, or its last health check or discovery failed.
        case down
    }

    /// The verdict.
    public var status: Status
    /// Why, in words, when not ``Status/available``: `circuit open`, `health check: …`, `discovery failed: …`.
    public var reason: String?
    /// When the breaker closes again or the rate-limit wait ends, when known.
    public var until: ContinuousClock.Instant?

    /// Creates a verdict.
    public init(_ status: Status, reason: String? = nil, until: ContinuousClock.Instant? = nil) {
        self.status = status
        self.reason = reason
        self.until = until
    }

    /// Nothing says the provider is in trouble.
    public static let available = Availability(.available)

    /// Whether the provider is known to be down.
    package var isDown: Bool { status == .down }

    /// The rank the router sorts by: 0 available, 1 probing or rate-limited, 2 down.
    var rank: Int {
        switch status {
        case .available: 0
        case .probing, .rateLimited: 1
        case .down: 2
        }
    }

    /// `available`, `down (discovery failed: …)`.
    public var description: String {
        reason.map { "\(status.rawValue) (\($0))" } ?? status.rawValue
    }
}
