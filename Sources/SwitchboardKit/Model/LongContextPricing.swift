/// Prices that replace a model's usual ones for a whole request whose prompt is longer than a threshold.
///
/// Vendors bill long prompts at a higher rate: Gemini 2.5 Pro above 200,000 prompt tokens, OpenAI's GPT-6 family
/// above 272,000. The prompt counts uncached, cache-read and cache-written input together, and once it is over the
/// threshold every token of the request, output included, is billed at these prices.
///
/// JSON: `{"above_input_tokens":200000,"input":2.5,"output":15,"cache_read":0.25}`; `cache_*` (`cache_read`,
/// `cache_write`, `cache_write_extended`) and `reasoning` are optional and default as in ``Pricing``.
public struct LongContextPricing: Codable, Sendable, Hashable {
    /// The prompt length, in tokens, above which these prices apply.
    public var aboveInputTokens: Int
    /// Uncached input.
    public var input: Double
    /// Output text.
    public var output: Double
    /// Input read from the prompt cache.
    public var cacheRead: Double?
    /// Input written to the prompt cache with the default retention.
    public var cacheWrite: Double?
    /// Input written to the prompt cache with the vendor's longer retention.
    public var cacheWriteExtended: Double?
    /// Reasoning output, where billed apart from text output.
    public var reasoning: Double?

    /// Creates a long-context price list.
    public init(
        aboveInputTokens: Int, input: Double, output: Double, cacheRead: Double? = nil, cacheWrite: Double? = nil,
        cacheWriteExtended: Double? = nil, reasoning: Double? = nil
    ) {
        self.aboveInputTokens = aboveInputTokens
        self.input = input
        self.output = output
        self.cacheRead = cacheRead
        self.cacheWrite = cacheWrite
        self.cacheWriteExtended = cacheWriteExtended
        self.reasoning = reasoning
    }

    /// Whether a request with `usage` is billed at these prices.
    public func applies(to usage: Usage) -> Bool {
        usage.inputTokens > aboveInputTokens
    }

    /// These prices as a flat price list.
    public var flat: Pricing {
        Pricing(
            input: input, output: output, cacheRead: cacheRead, cacheWrite: cacheWrite,
            cacheWriteExtended: cacheWriteExtended, reasoning: reasoning)
    }

    private enum CodingKeys: String, CodingKey {
        case aboveInputTokens = "above_input_tokens", input, output, cacheRead = "cache_read",
            cacheWrite = "cache_write", cacheWriteExtended = "cache_write_extended", reasoning
    }
}
