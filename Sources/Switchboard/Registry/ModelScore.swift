public import SwitchboardKit

/// How good a model is for a request, from 0 to 1: what ``ModelRegistry/best(_:preferring:)`` ranks by and the
/// router's confidence starts from.
///
/// `total = 0.35 × tier + 0.25 × coverage + 0.20 × price + 0.10 × latency + 0.10 × success`, where
/// - tier: fast 0, standard 0.5, advanced 1;
/// - coverage: the share of the wanted capabilities the model has; with none wanted, the share of all capabilities;
/// - price: `0.01 / (0.01 + cost)` for the estimated request cost in USD (1 for free and local models, 0.5 when the
///   price is unknown), so a one-cent request scores 0.5;
/// - latency: `1000 / (1000 + ms)` for the observed moving-average latency (0.5 before any observation);
/// - success: ``ModelStatistics/successRate`` (0.5 before any observation).
public struct ModelScore: Sendable, Hashable {
    /// The tier component.
    public var tier: Double
    /// The capability-coverage component.
    public var coverage: Double
    /// The price component.
    public var price: Double
    /// The latency component.
    public var latency: Double
    /// The success-rate component.
    public var success: Double

    /// The weighted sum, 0 to 1.
    public var total: Double {
        Self.total(tier: tier, coverage: coverage, price: price, latency: latency, success: success)
    }

    /// The weighted sum of the components (one expression, so the registry's fast ranking and ``total`` agree to the
    /// last bit).
    static func total(tier: Double, coverage: Double, price: Double, latency: Double, success: Double) -> Double {
        0.35 * tier + 0.25 * coverage + 0.2 * price + 0.1 * latency + 0.1 * success
    }

    /// The tier component: fast 0, standard 0.5, advanced 1.
    static func tierComponent(_ tier: Tier) -> Double {
        switch tier {
        case .fast: 0
        case .standard: 0.5
        case .advanced: 1
        }
    }

    /// The price component of a request costing `cost` US dollars.
    static func priceComponent(cost: Double) -> Double { 0.01 / (0.01 + cost) }

    /// The latency component: from the observed moving average, 0.5 before any observation.
    static func latencyComponent(_ statistics: ModelStatistics?) -> Double {
        statistics?.latencyMilliseconds.map { 1000 / (1000 + $0) } ?? 0.5
    }

    /// Scores `entry` for a request of `tokens` wanting `capabilities`, given what was observed of it.
    public init(
        _ entry: RegistryEntry,
        wanting capabilities: Set<Capability>,
        tokens: TokenEstimate,
        statistics: ModelStatistics?
    ) {
        tier = Self.tierComponent(entry.model.tier)
        coverage =
            capabilities.isEmpty
            ? Double(entry.model.capabilities.count) / Double(Capability.allCases.count)
            : Double(capabilities.reduce(0) { entry.model.capabilities.contains($1) ? $0 + 1 : $0 })
                / Double(capabilities.count)
        price = entry.estimatedCost(for: tokens).map(Self.priceComponent) ?? 0.5
        latency = Self.latencyComponent(statistics)
        success = (statistics ?? ModelStatistics()).successRate
    }
}
