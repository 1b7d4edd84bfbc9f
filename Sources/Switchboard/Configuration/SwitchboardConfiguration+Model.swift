public import SwitchboardKit

extension SwitchboardConfiguration {
    /// Facts about one model that override or extend a plugin's catalog (`models` / `extra_models` entries).
    public struct Model: Sendable, Equatable {
        /// The model id, such as `gpt-4o`.
        public var id: String
        /// A human-readable name.
        public var displayName: String?
        /// Prices in USD per million tokens.
        public var pricing: Pricing?
        /// The context window, in tokens.
        public var contextWindow: Int?
        /// The most tokens one response may have.
        public var maxOutputTokens: Int?
        /// What the model can do.
        public var capabilities: [Capability]?
        /// The capability tier.
        public var tier: Tier?

        /// Creates model facts; only `id` is required.
        /// - Parameters:
        ///   - id: The model id.
        ///   - displayName: A human-readable name.
        ///   - pricing: Prices in USD per million tokens.
        ///   - contextWindow: The context window in tokens.
        ///   - maxOutputTokens: The output limit in tokens.
        ///   - capabilities: What the model can do.
        ///   - tier: The capability tier.
        public init(
            id: String,
            displayName: String? = nil,
            pricing: Pricing? = nil,
            contextWindow: Int? = nil,
            maxOutputTokens: Int? = nil,
            capabilities: [Capability]? = nil,
            tier: Tier? = nil
        ) {
            self.id = id
            self.displayName = displayName
            self.pricing = pricing
            self.contextWindow = contextWindow
            self.maxOutputTokens = maxOutputTokens
            self.capabilities = capabilities
            self.tier = tier
        }
    }

    /// Prices in USD per million tokens; each is optional and non-negative.
    public struct Pricing: Sendable, Equatable {
        /// Input (prompt) tokens.
        public var input: Double?
        /// Output (completion) tokens.
        public var output: Double?
        /// Input tokens read from the provider's prompt cache.
        public var cacheRead: Double?
        /// Input tokens written to the provider's prompt cache.
        public var cacheWrite: Double?
        /// Reasoning tokens.
        public var reasoning: Double?

        /// Creates prices; every argument has a default of `nil` (unknown).
        public init(
            input: Double? = nil,
            output: Double? = nil,
            cacheRead: Double? = nil,
            cacheWrite: Double? = nil,
            reasoning: Double? = nil
        ) {
            self.input = input
            self.output = output
            self.cacheRead = cacheRead
            self.cacheWrite = cacheWrite
            self.reasoning = reasoning
        }
    }

    /// Something a model can do: the SDK's capabilities, as plugin manifests declare them.
    public typealias Capability = SwitchboardKit.Capability

    /// A model's class, `fast < standard < advanced`: the SDK's tiers.
    public typealias Tier = SwitchboardKit.Tier
}
