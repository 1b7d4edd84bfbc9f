public import SwitchboardKit

/// The registry at a glance: providers, models, and totals by tier and locality.
public struct RegistrySummary: Sendable, Hashable {
    /// Model count per provider instance.
    package var modelsByProvider: [String: Int]
    /// Model count per tier (every tier present, possibly 0).
    package var modelsByTier: [Tier: Int]
    /// Local models.
    package var localModels: Int
    /// Cloud models.
    package var cloudModels: Int

    /// Creates a summary.
    public init(modelsByProvider: [String: Int], modelsByTier: [Tier: Int], localModels: Int, cloudModels: Int) {
        self.modelsByProvider = modelsByProvider
        self.modelsByTier = modelsByTier
        self.localModels = localModels
        self.cloudModels = cloudModels
    }

    /// The provider names, sorted.
    public var providers: [String] { modelsByProvider.keys.sorted() }

    /// All models.
    public var models: Int { localModels + cloudModels }
}
