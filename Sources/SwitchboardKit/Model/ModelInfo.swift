/// What a model can do, what it costs and where it runs: one entry of a plugin's catalog.
///
/// JSON: `{"id":"gpt-4o","display_name":"GPT-4o","capabilities":["chat","vision","tools"],
/// "context_window":128000,"max_output_tokens":16384,"pricing":{"input":2.5,"output":10},
/// "tier":"advanced","local":false}`.
public struct ModelInfo: Codable, Sendable, Hashable {
    /// The model id, as the provider names it.
    public var id: String
    /// A name for people.
    public var displayName: String?
    /// What the model can do.
    public var capabilities: Set<Capability>
    /// The most tokens of input and output together.
    public var contextWindow: Int?
    /// The most output tokens per answer.
    public var maxOutputTokens: Int?
    /// Prices per million tokens; nil when unknown.
    public var pricing: Pricing?
    /// The model's class.
    public var tier: Tier
    /// Whether it runs on this machine or network (and so costs nothing per token).
    public var local: Bool

    /// Creates a catalog entry.
    public init(
        id: String,
        displayName: String? = nil,
        capabilities: Set<Capability> = [.chat],
        contextWindow: Int? = nil,
        maxOutputTokens: Int? = nil,
        pricing: Pricing? = nil,
        tier: Tier = .standard,
        local: Bool = false
    ) {
        self.id = id
        self.displayName = displayName
        self.capabilities = capabilities
        self.contextWindow = contextWindow
        self.maxOutputTokens = maxOutputTokens
        self.pricing = pricing
        self.tier = tier
        self.local = local
    }

    private enum CodingKeys: String, CodingKey {
        case id, displayName = "display_name", capabilities, contextWindow = "context_window"
        case maxOutputTokens = "max_output_tokens", pricing, tier, local
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        id = try container.decode(String.self, forKey: .id)
        displayName = try container.decodeIfPresent(String.self, forKey: .displayName)
        capabilities = try container.decodeIfPresent(Set<Capability>.self, forKey: .capabilities) ?? [.chat]
        contextWindow = try container.decodeIfPresent(Int.self, forKey: .contextWindow)
        maxOutputTokens = try container.decodeIfPresent(Int.self, forKey: .maxOutputTokens)
        pricing = try container.decodeIfPresent(Pricing.self, forKey: .pricing)
        tier = try container.decodeIfPresent(Tier.self, forKey: .tier) ?? .standard
        local = try container.decodeIfPresent(Bool.self, forKey: .local) ?? false
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(id, forKey: .id)
        try container.encodeIfPresent(displayName, forKey: .displayName)
        try container.encode(capabilities.map(\.rawValue).sorted(), forKey: .capabilities)
        try container.encodeIfPresent(contextWindow, forKey: .contextWindow)
        try container.encodeIfPresent(maxOutputTokens, forKey: .maxOutputTokens)
        try container.encodeIfPresent(pricing, forKey: .pricing)
        try container.encode(tier, forKey: .tier)
        try container.encode(local, forKey: .local)
    }
}

/// Something a model can do.
public enum Capability: String, Codable, Sendable, Hashable, CaseIterable {
    case chat, code, reasoning, vision, tools
    case jsonSchema = "json_schema"
    case thinking, embeddings
}

/// A model's class: quick and cheap, the everyday default, or the strongest.
public enum Tier: String, Codable, Sendable, Hashable, CaseIterable, Comparable {
    case fast, standard, advanced

    public static func < (lhs: Tier, rhs: Tier) -> Bool {
        allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
    }
}
