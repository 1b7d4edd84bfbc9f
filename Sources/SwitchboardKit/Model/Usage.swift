/// Tokens a request used, split the way providers bill them.
///
/// JSON: `{"input_uncached":…, "input_cache_read":…, "input_cache_write":…, "input_cache_write_extended":…,
/// "output_text":…, "output_reasoning":…, "service_tier":"priority", "estimated":false, "response_cache_hit":false}`;
/// absent keys read as 0, false and no tier.
public struct Usage: Codable, Sendable, Hashable {
    /// Input tokens read neither from nor into a cache.
    public var inputUncached: Int
    /// Input tokens served from the provider's prompt cache.
    public var inputCacheRead: Int
    /// Input tokens written into the provider's prompt cache.
    public var inputCacheWrite: Int
    /// How many of ``inputCacheWrite`` were written with the vendor's longer retention (Anthropic's 1-hour cache),
    /// which is billed at a higher price.
    public var inputCacheWriteExtended: Int
    /// Output tokens of visible text (and tool calls).
    public var outputText: Int
    /// Output tokens spent on reasoning.
    public var outputReasoning: Int
    /// Whether these figures are an estimate because the provider reported none.
    public var estimated: Bool
    /// Whether the answer came from Switchboard's own response cache: no provider was called, so every count is 0
    /// and the answer cost nothing.
    public var responseCacheHit: Bool
    /// The service tier that served the request, as the provider names it (`"priority"`, `"flex"`, `"batch"`); nil when
    /// it was the vendor's standard tier or the provider did not say.
    public var serviceTier: String?

    /// Creates a usage record.
    public init(
        inputUncached: Int = 0,
        inputCacheRead: Int = 0,
        inputCacheWrite: Int = 0,
        inputCacheWriteExtended: Int = 0,
        outputText: Int = 0,
        outputReasoning: Int = 0,
        estimated: Bool = false,
        responseCacheHit: Bool = false,
        serviceTier: String? = nil
    ) {
        self.inputUncached = inputUncached
        self.inputCacheRead = inputCacheRead
        self.inputCacheWrite = inputCacheWrite
        self.inputCacheWriteExtended = inputCacheWriteExtended
        self.outputText = outputText
        self.outputReasoning = outputReasoning
        self.estimated = estimated
        self.responseCacheHit = responseCacheHit
        self.serviceTier = serviceTier
    }

    /// The usage of an answer served from Switchboard's response cache: nothing counted, nothing spent.
    public static let responseCache = Usage(responseCacheHit: true)

    /// All input tokens.
    public var inputTokens: Int { inputUncached + inputCacheRead + inputCacheWrite }
    /// All output tokens.
    public var outputTokens: Int { outputText + outputReasoning }
    /// Input and output together.
    public var totalTokens: Int { inputTokens + outputTokens }

    private enum CodingKeys: String, CodingKey {
        case inputUncached = "input_uncached", inputCacheRead = "input_cache_read"
        case inputCacheWrite = "input_cache_write", inputCacheWriteExtended = "input_cache_write_extended"
        case outputText = "output_text", outputReasoning = "output_reasoning", estimated
        case responseCacheHit = "response_cache_hit", serviceTier = "service_tier"
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        inputUncached = try container.decodeIfPresent(Int.self, forKey: .inputUncached) ?? 0
        inputCacheRead = try container.decodeIfPresent(Int.self, forKey: .inputCacheRead) ?? 0
        inputCacheWrite = try container.decodeIfPresent(Int.self, forKey: .inputCacheWrite) ?? 0
        inputCacheWriteExtended = try container.decodeIfPresent(Int.self, forKey: .inputCacheWriteExtended) ?? 0
        outputText = try container.decodeIfPresent(Int.self, forKey: .outputText) ?? 0
        outputReasoning = try container.decodeIfPresent(Int.self, forKey: .outputReasoning) ?? 0
        estimated = try container.decodeIfPresent(Bool.self, forKey: .estimated) ?? false
        responseCacheHit = try container.decodeIfPresent(Bool.self, forKey: .responseCacheHit) ?? false
        serviceTier = try container.decodeIfPresent(String.self, forKey: .serviceTier)
    }
}
