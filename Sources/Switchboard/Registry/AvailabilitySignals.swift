package import SwitchboardKit

/// What the registry reads, besides its own discovery and health results, to judge a provider's
/// ``Availability``: the host connects it to its circuit breakers, health monitor and rate-limit waits
/// (``ModelRegistry/connect(_:)``).
package struct AvailabilitySignals: Sendable {
    /// The provider's circuit breaker.
    package var circuit: @Sendable (_ provider: String) -> CircuitBreakers.State
    /// The instant before which the provider asked not to be called (a 429's Retry-After), or nil.
    package var rateLimitedUntil: @Sendable (_ provider: String) -> ContinuousClock.Instant?
    /// The background health checks' latest verdict, or nil.
    package var health: @Sendable (_ provider: String) -> ProviderHealth?
    /// The clock the waits are measured on.
    package var now: @Sendable () -> ContinuousClock.Instant

    /// Creates signals; every argument defaults to "nothing known".
    package init(
        circuit: @escaping @Sendable (_ provider: String) -> CircuitBreakers.State = { _ in .closed },
        rateLimitedUntil: @escaping @Sendable (_ provider: String) -> ContinuousClock.Instant? = { _ in nil },
        health: @escaping @Sendable (_ provider: String) -> ProviderHealth? = { _ in nil },
        now: @escaping @Sendable () -> ContinuousClock.Instant = { .now }
    ) {
        self.circuit = circuit
        self.rateLimitedUntil = rateLimitedUntil
        self.health = health
        self.now = now
    }

    /// Nothing known: every provider's breaker closed, no waits, no health checks.
    package static let none = AvailabilitySignals()
}
