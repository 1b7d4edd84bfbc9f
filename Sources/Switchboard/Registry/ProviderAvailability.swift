public import SwitchboardKit

/// One provider's state: its health check and how its last model discovery went.
public struct ProviderAvailability: Sendable, Hashable {
    /// The provider instance.
    public var provider: String
    /// The health check's verdict (`unavailable` when it failed or timed out).
    public var health: ProviderHealth
    /// Why the last discovery failed (the registry then keeps a cloud provider's catalog or last known list, and only
    /// a local server's configured models); nil when it succeeded or never ran.
    package var discoveryFailure: ProviderError?
    /// How many models the registry holds for the provider.
    public var models: Int
    /// The provider's circuit breaker (as ``SwitchboardHost/availability(timeout:)`` reports it); strategies skip
    /// the provider while it is open.
    public var circuit: CircuitBreakers.State

    /// Creates an availability report.
    public init(
        provider: String,
        health: ProviderHealth,
        discoveryFailure: ProviderError? = nil,
        models: Int,
        circuit: CircuitBreakers.State = .closed
    ) {
        self.provider = provider
        self.health = health
        self.discoveryFailure = discoveryFailure
        self.models = models
        self.circuit = circuit
    }
}
