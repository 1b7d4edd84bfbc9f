public import SwitchboardKit

/// A filter over the registry; every field is optional and all given ones must hold.
///
/// Prices of local models count as 0. A cloud model without a price fails every price filter; a model without a
/// known context window or output limit fails the matching minimum.
public struct ModelQuery: Sendable, Hashable {
    /// Capabilities the model must all have.
    public var capabilities: Set<Capability>
    /// Capabilities the model must not have (the router keeps embedding models out of chat routes this way).
    public var excludedCapabilities: Set<Capability> = []
    /// The tier, exact or as a minimum.
    public var tier: TierFilter?
    /// Provider instances to choose among; empty means all.
    public var providers: Set<String>
    /// Provider instances to leave out.
    public var excludedProviders: Set<String>
    /// A model id the model must have.
    public var model: String?
    /// Where the model must run; nil or `any` for anywhere.
    public var locality: SwitchboardConfiguration.Locality?
    /// The highest input price, USD per million tokens.
    public var maxInputPrice: Double?
    /// The highest output price, USD per million tokens.
    public var maxOutputPrice: Double?
    /// The highest estimated cost of a request of ``tokens``, USD.
    public var maxCost: Double?
    /// The token estimate ``maxCost`` prices.
    public var tokens: TokenEstimate
    /// The least context window, tokens.
    public var minContextWindow: Int?
    /// The least output limit, tokens.
    public var minMaxOutputTokens: Int?

    /// Creates a query; every argument has a default that filters nothing.
    public init(
        capabilities: Set<Capability> = [],
        tier: TierFilter? = nil,
        providers: Set<String> = [],
        excludedProviders: Set<String> = [],
        model: String? = nil,
        locality: SwitchboardConfiguration.Locality? = nil,
        maxInputPrice: Double? = nil,
        maxOutputPrice: Double? = nil,
        maxCost: Double? = nil,
        tokens: TokenEstimate = .typical,
        minContextWindow: Int? = nil,
        minMaxOutputTokens: Int? = nil
    ) {
        self.capabilities = capabilities
        self.tier = tier
        self.providers = providers
        self.excludedProviders = excludedProviders
        self.model = model
        self.locality = locality
        self.maxInputPrice = maxInputPrice
        self.maxOutputPrice = maxOutputPrice
        self.maxCost = maxCost
        self.tokens = tokens
        self.minContextWindow = minContextWindow
        self.minMaxOutputTokens = minMaxOutputTokens
    }

    /// A tier condition.
    public enum TierFilter: Sendable, Hashable {
        /// Exactly this tier.
        case exactly(Tier)
        /// This tier or a stronger one.
        case atLeast(Tier)
    }
}
