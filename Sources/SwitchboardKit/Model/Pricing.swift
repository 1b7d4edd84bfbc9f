/// Prices in US dollars per million tokens.
///
/// JSON: `{"input":2.5,"output":10,"cache_read":1.25,"cache_write":3.75,"reasoning":10}`; `cache_*` and `reasoning`
/// are optional and default to the input and output prices. Optional members that readers predating them ignore:
/// - `cache_write_extended`: input written to the cache with the vendor's longer retention (Anthropic's 1-hour cache,
///   where `cache_write` is the 5-minute one); defaults to `cache_write`.
/// - `long_context` (``LongContextPricing``): the prices of requests with a long prompt.
/// - `service_tiers`: whole price lists for requests a vendor served in another tier, keyed by the tier's name as the
///   vendor reports it (`"priority"`, `"flex"`, `"batch"`); a tier not listed is billed at these prices.
/// - `source_url` and `as_of` (`YYYY-MM-DD`): the page the prices were read from and when.
public struct Pricing: Codable, Sendable, Hashable {
    /// Uncached input.
    public var input: Double
    /// Output text.
    public var output: Double
    /// Input read from the prompt cache.
    public var cacheRead: Double?
    /// Input written to the prompt cache with the default retention (Anthropic: 5 minutes).
    public var cacheWrite: Double?
    /// Input written to the prompt cache with the vendor's longer retention (Anthropic: 1 hour).
    public var cacheWriteExtended: Double?
    /// Reasoning output, where billed apart from text output.
    public var reasoning: Double?
    /// The prices of a whole request whose prompt is longer than a threshold, if the model has such a tier.
    public var longContext: LongContextPricing?
    /// The price lists of the vendor's other service tiers, by the tier name its responses report.
    public var serviceTiers: [String: Pricing]?
    /// The page these prices were read from.
    public var sourceURL: String?
    /// The day these prices were read, `YYYY-MM-DD`.
    public var asOf: String?

    /// Creates a price list.
    public init(
        input: Double, output: Double, cacheRead: Double? = nil, cacheWrite: Double? = nil,
        cacheWriteExtended: Double? = nil, reasoning: Double? = nil, longContext: LongContextPricing? = nil,
        serviceTiers: [String: Pricing]? = nil, sourceURL: String? = nil, asOf: String? = nil
    ) {
        self.input = input
        self.output = output
        self.cacheRead = cacheRead
        self.cacheWrite = cacheWrite
        self.cacheWriteExtended = cacheWriteExtended
        self.reasoning = reasoning
        self.longContext = longContext
        self.serviceTiers = serviceTiers
        self.sourceURL = sourceURL
        self.asOf = asOf
    }

    /// What `usage` costs, in US dollars: at the prices of the service tier that served it when these prices list
    /// that tier, and at the long-context prices when its prompt is over their threshold.
    public func cost(of usage: Usage) -> Double {
        if let tier = usage.serviceTier, let tierPricing = serviceTiers?[tier] {
            return tierPricing.withoutServiceTiers.cost(of: usage)
        }
        if let longContext, longContext.applies(to: usage) { return longContext.flat.cost(of: usage) }
        let extendedWrites = min(usage.inputCacheWriteExtended, usage.inputCacheWrite)
        let inputCost =
            Double(usage.inputUncached) * input
            + Double(usage.inputCacheRead) * (cacheRead ?? input)
            + Double(usage.inputCacheWrite - extendedWrites) * (cacheWrite ?? input)
            + Double(extendedWrites) * (cacheWriteExtended ?? cacheWrite ?? input)
        let outputCost = Double(usage.outputText) * output + Double(usage.outputReasoning) * (reasoning ?? output)
        return (inputCost + outputCost) / 1_000_000
    }

    /// The highest price per million input tokens and per million output tokens that any request with a prompt of
    /// `promptTokens` tokens or fewer can be billed at, across every service tier, cache operation and the long-context
    /// tier: what a budget reservation holds so that it stays an upper bound.
    public func highestRates(promptTokens: Int) -> (input: Double, output: Double) {
        var lists = [self] + (serviceTiers.map { Array($0.values) } ?? [])
        for list in lists {
            if let longContext = list.longContext, promptTokens > longContext.aboveInputTokens {
                lists.append(longContext.flat)
            }
        }
        let input = lists.map { max($0.input, $0.cacheRead ?? 0, $0.cacheWrite ?? 0, $0.cacheWriteExtended ?? 0) }
        let output = lists.map { max($0.output, $0.reasoning ?? 0) }
        return (input.max() ?? self.input, output.max() ?? self.output)
    }

    /// Problems that make these prices unusable, each naming its field under `path`
    /// (`models[2].pricing.service_tiers.flex.input must be a non-negative number; found -1.0`); empty when valid.
    package func validationProblems(at path: String) -> [String] {
        var problems: [String] = []
        var prices = [
            ("input", input), ("output", output), ("cache_read", cacheRead ?? 0), ("cache_write", cacheWrite ?? 0),
            ("cache_write_extended", cacheWriteExtended ?? 0), ("reasoning", reasoning ?? 0),
        ]
        if let tier = longContext {
            if tier.aboveInputTokens <= 0 {
                problems.append(
                    "\(path).long_context.above_input_tokens must be positive; found \(tier.aboveInputTokens)")
            }
            prices += [
                ("long_context.input", tier.input), ("long_context.output", tier.output),
                ("long_context.cache_read", tier.cacheRead ?? 0), ("long_context.cache_write", tier.cacheWrite ?? 0),
                ("long_context.cache_write_extended", tier.cacheWriteExtended ?? 0),
                ("long_context.reasoning", tier.reasoning ?? 0),
            ]
        }
        for (name, price) in prices where price < 0 || !price.isFinite {
            problems.append("\(path).\(name) must be a non-negative number; found \(price)")
        }
        if let asOf, !Self.isCalendarDate(asOf) {
            problems.append("\(path).as_of must be a date written YYYY-MM-DD; found \"\(asOf)\"")
        }
        for (name, tier) in (serviceTiers ?? [:]).sorted(by: { $0.key < $1.key }) {
            if tier.serviceTiers != nil {
                problems.append("\(path).service_tiers.\(name).service_tiers: a service tier has no tiers of its own")
            }
            problems += tier.validationProblems(at: "\(path).service_tiers.\(name)")
        }
        return problems
    }

    /// Whether `text` is `YYYY-MM-DD` with a month 01–12 and a day 01–31.
    private static func isCalendarDate(_ text: String) -> Bool {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
            parts.allSatisfy({ $0.allSatisfy(\.isASCII) && $0.allSatisfy(\.isNumber) }),
            let month = Int(parts[1]), let day = Int(parts[2])
        else { return false }
        return (1...12).contains(month) && (1...31).contains(day)
    }

    /// These prices with no service tiers of their own: a tier's price list is final.
    private var withoutServiceTiers: Pricing {
        var copy = self
        copy.serviceTiers = nil
        return copy
    }

    private enum CodingKeys: String, CodingKey {
        case input, output, cacheRead = "cache_read", cacheWrite = "cache_write",
            cacheWriteExtended = "cache_write_extended", reasoning, longContext = "long_context",
            serviceTiers = "service_tiers", sourceURL = "source_url", asOf = "as_of"
    }
}
