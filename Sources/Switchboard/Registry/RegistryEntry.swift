public import SwitchboardKit

/// One model the registry knows: which provider instance offers it, the model as catalog, configuration and
/// discovery describe it, and the provider's priority.
public struct RegistryEntry: Sendable, Hashable {
    /// The provider instance's name.
    public var provider: String
    /// The model.
    public var model: ModelInfo
    /// The provider's priority from configuration; higher is preferred.
    public var priority: Int

    /// Creates an entry.
    public init(provider: String, model: ModelInfo, priority: Int = 0) {
        self.provider = provider
        self.model = model
        self.priority = priority
    }

    /// Whether the model runs locally (and so costs nothing per token).
    public var local: Bool { model.local }

    /// `provider/model`.
    public var id: String { "\(provider)/\(model.id)" }

    /// What a request of `tokens` would cost in US dollars: 0 for a local model, nil when the price is unknown.
    package func estimatedCost(for tokens: TokenEstimate) -> Double? {
        if model.local { return 0 }
        return model.pricing?.cost(of: Usage(inputUncached: tokens.input, outputText: tokens.output))
    }
}
