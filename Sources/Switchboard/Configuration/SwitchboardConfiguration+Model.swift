public import SwitchboardKit

extension SwitchboardConfiguration {
    /// Facts about one model that override or extend a plugin's catalog (`models` / `extra_models` entries).
    public struct Model: Sendable, Equatable {
        /// The model id, such as `gpt-6.1-terra`.
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
        /// Input tokens written to the prompt cache with the vendor's longer retention (Anthropic's 1 hour).
        public var cacheWriteExtended: Double?
        /// Reasoning tokens.
        public var reasoning: Double?
        /// The long-context tier, replacing the catalog's.
        public var longContext: LongContextPricing?
        /// The price lists of the vendor's service tiers, replacing the catalog's.
        public var serviceTiers: [String: SwitchboardKit.Pricing]?

        /// Creates prices; every argument has a default of `nil` (the catalog's).
        public init(
            input: Double? = nil,
            output: Double? = nil,
            cacheRead: Double? = nil,
            cacheWrite: Double? = nil,
            cacheWriteExtended: Double? = nil,
            reasoning: Double? = nil,
            longContext: LongContextPricing? = nil,
            serviceTiers: [String: SwitchboardKit.Pricing]? = nil
        ) {
            self.input = input
            self.output = output
            self.cacheRead = cacheRead
            self.cacheWrite = cacheWrite
            self.cacheWriteExtended = cacheWriteExtended
            self.reasoning = reasoning
            self.longContext = longContext
            self.serviceTiers = serviceTiers
        }
    }

    /// Something a model can do: the SDK's capabilities, as plugin manifests declare them.
    public typealias Capability = SwitchboardKit.Capability

    /// A model's class, `fast < standard < advanced`: the SDK's tiers.
    public typealias Tier = SwitchboardKit.Tier
}

extension SwitchboardConfiguration.Model {
    /// The keys of a `models` entry (an override, keyed by model id).
    package static let overrideSchema = ConfigurationSchema<Self>(
        "providers.NAME.models.ID", what: "model settings", doc: [], defaults: Self(id: ""),
        keys: [
            .string("display_name", \.displayName, doc: "A human-readable name.", defaultText: "none"),
            ConfigurationKey(
                "pricing", type: "mapping", doc: "USD per million tokens (`providers.NAME.models.ID.pricing`).",
                defaultText: "catalog",
                read: { reader, model in
                    model.pricing = reader.read(SwitchboardConfiguration.Pricing.schema)
                },
                render: { $0.pricing.map { SwitchboardConfiguration.Pricing.schema.render($0) } },
                nestedTables: { SwitchboardConfiguration.Pricing.schema.tables() }),
            .integer(
                "context_window", \.contextWindow, minimum: 1, doc: "Context window in tokens.", defaultText: "catalog"),
            .integer(
                "max_output_tokens", \.maxOutputTokens, minimum: 1, doc: "Output limit in tokens.",
                defaultText: "catalog"),
            .enumerations(
                "capabilities", \.capabilities, what: "capability", doc: "What the model can do.",
                defaultText: "catalog"),
            .enumeration("tier", \.tier, what: "tier", doc: "The model's class.", defaultText: "catalog"),
        ])

    /// The keys of an `extra_models` entry: an `id`, then an override's keys.
    package static let extraSchema = ConfigurationSchema<Self>(
        "providers.NAME.extra_models[]", what: "model settings", doc: [], defaults: Self(id: ""),
        keys: [
            .string(
                "id", \.id, doc: "The model id the provider expects.",
                required: "give the model id the provider expects, such as `id: my-finetune`")
        ] + overrideSchema.keys)
}

extension SwitchboardConfiguration.Pricing {
    /// A model's `pricing` keys.
    package static let schema = ConfigurationSchema<Self>(
        "providers.NAME.models.ID.pricing", what: "prices in USD per million tokens", doc: [], defaults: Self(),
        keys: [
            price("input", \.input, "A prompt token."),
            price("output", \.output, "A completion token."),
            price("cache_read", \.cacheRead, "A prompt token read from the provider's prompt cache."),
            price("cache_write", \.cacheWrite, "A prompt token written to the provider's prompt cache."),
            price(
                "cache_write_extended", \.cacheWriteExtended,
                "A prompt token written to the cache with the longer retention (Anthropic's 1 hour)."),
            price("reasoning", \.reasoning, "A reasoning (thinking) token."),
            PriceFileReader.longContextKey(\.longContext, defaultText: "catalog"),
            PriceFileReader.serviceTiersKey(\.serviceTiers, defaultText: "catalog"),
        ])

    private static func price(
        _ name: String, _ keyPath: any WritableKeyPath<Self, Double?> & Sendable, _ doc: String
    ) -> ConfigurationKey<Self> {
        .number(
            name, keyPath, nonNegative: "prices are USD per million tokens; use 0 for free", doc: doc,
            defaultText: "catalog")
    }
}
