/// What the registry has observed of one model: request counts and a moving average of latency.
public struct ModelStatistics: Sendable, Hashable {
    /// Requests recorded.
    public var attempts = 0
    /// Requests that succeeded.
    public var successes = 0
    /// Exponentially weighted moving average of latency (weight 0.3 for the newest), milliseconds; nil before the
    /// first outcome.
    package var latencyMilliseconds: Double?

    /// No observations.
    public init() {}

    /// The success rate with one success and one failure assumed beforehand, `(successes + 1) / (attempts + 2)`:
    /// 0.5 for an unobserved model, tending to the observed rate.
    package var successRate: Double { Double(successes + 1) / Double(attempts + 2) }

    /// Adds `outcome`.
    mutating func add(_ outcome: RequestOutcome) {
        attempts += 1
        if outcome.success { successes += 1 }
        let components = outcome.latency.components
        let milliseconds = Double(components.seconds) * 1000 + Double(components.attoseconds) / 1e15
        latencyMilliseconds = latencyMilliseconds.map { 0.7 * $0 + 0.3 * milliseconds } ?? milliseconds
    }
}
