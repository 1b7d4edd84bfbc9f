import SwitchboardKit

/// The models the Anthropic plugin knows without asking, with Anthropic's list prices per million tokens as read on
/// ``checked`` from the page each price names.
///
/// The Claude 5 models' ids are undated and are what the API takes; an older model's id is Anthropic's alias
/// (`claude-haiku-4-5`) and goes on the wire as the dated snapshot the catalog prices (`claude-haiku-4-5-20251001`).
/// Any other id, dated snapshots included, is sent as given.
enum AnthropicCatalog {
    private static let general: Set<Capability> = [.chat, .code, .vision, .tools]
    private static let thinking: Set<Capability> = general.union([.reasoning, .thinking])

    /// The day the prices were read from the vendor's pages.
    private static let checked = "2026-12-04"
    /// Anthropic's pricing page: every model's prices, cache multipliers and the Batch API discount.
    private static let pricingPage = "https://platform.claude.com/docs/en/about-claude/pricing"

    /// One catalog entry and, for an alias, the snapshot it is sent as.
    private struct Entry {
        var model: ModelInfo
        var snapshot: String?
    }

    private static let entries: [Entry] = [
        Entry(
            model: ModelInfo(
                id: "claude-fable-5-2",
                displayName: "Claude Fable 5.2",
                capabilities: thinking,
                contextWindow: 1_000_000,
                maxOutputTokens: 128_000,
                // Input and output: the models overview. Cache read (0.025 × input, as Fable 5.1): the pricing page
                // as quoted by phuryn/claude-usage v1.5.7; cache writes at the page's 1.25× and 2× input.
                pricing: claude(
                    input: 8, output: 40, cacheRead: 0.20,
                    source: "https://platform.claude.com/docs/en/models/overview"),
                tier: .advanced
            ),
            snapshot: nil
        ),
        Entry(
            model: ModelInfo(
                id: "claude-opus-5-5",
                displayName: "Claude Opus 5.5",
                capabilities: thinking,
                contextWindow: 1_000_000,
                maxOutputTokens: 128_000,
                pricing: claude(
                    input: 4, output: 20, cacheRead: 0.20,
                    source: "https://platform.claude.com/docs/zh-CN/models/opus-5-5/overview"),
                tier: .advanced
            ),
            snapshot: nil
        ),
        Entry(
            model: ModelInfo(
                id: "claude-sonnet-5-5",
                displayName: "Claude Sonnet 5.5",
                capabilities: thinking,
                contextWindow: 1_000_000,
                maxOutputTokens: 128_000,
                // Cache reads at 0.05 × input since Anthropic's cut of 2026-10-07.
                pricing: claude(input: 2, output: 10, cacheRead: 0.10, source: pricingPage),
                tier: .standard
            ),
            snapshot: nil
        ),
        Entry(
            model: ModelInfo(
                id: "claude-haiku-5-5",
                displayName: "Claude Haiku 5.5",
                capabilities: thinking,
                contextWindow: 1_000_000,
                maxOutputTokens: 128_000,
                // A prompt over 100,000 tokens (input, cache reads and cache writes together) bills the whole
                // request, output included, at five times these prices.
                pricing: claude(
                    input: 0.10, output: 0.50, cacheRead: 0.01, longContextAbove: 100_000, longContextFactor: 5,
                    source: "https://platform.claude.com/docs/en/models/haiku-5-5/overview"),
                tier: .fast
            ),
            snapshot: nil
        ),
        Entry(
            model: ModelInfo(
                id: "claude-haiku-4-5",
                displayName: "Claude Haiku 4.5",
                capabilities: thinking,
                contextWindow: 200_000,
                maxOutputTokens: 64_000,
                pricing: claude(input: 1, output: 5, cacheRead: 0.10, source: pricingPage),
                tier: .fast
            ),
            snapshot: "claude-haiku-4-5-20251001"
        ),
    ]

    /// A Claude price list as Anthropic's pricing page states it: a cache write costs 1.25 times the input price for
    /// the default 5-minute lifetime and twice the input price for 1 hour, and the Batch API halves every price.
    /// With `longContextAbove`, a longer prompt bills the whole request at `longContextFactor` times every price.
    private static func claude(
        input: Double, output: Double, cacheRead: Double, longContextAbove: Int? = nil,
        longContextFactor: Double = 1, source: String
    ) -> Pricing {
        func prices(times factor: Double) -> Pricing {
            var pricing = Pricing(
                input: input * factor, output: output * factor, cacheRead: cacheRead * factor,
                cacheWrite: input * 1.25 * factor, cacheWriteExtended: input * 2 * factor, sourceURL: source,
                asOf: checked)
            if let longContextAbove {
                let long = factor * longContextFactor
                pricing.longContext = LongContextPricing(
                    aboveInputTokens: longContextAbove, input: input * long, output: output * long,
                    cacheRead: cacheRead * long, cacheWrite: input * 1.25 * long, cacheWriteExtended: input * 2 * long)
            }
            return pricing
        }
        var pricing = prices(times: 1)
        pricing.serviceTiers = ["batch": prices(times: 0.5)]
        return pricing
    }

    /// The catalog, as the manifest publishes it.
    static let models: [ModelInfo] = entries.map(\.model)

    /// The model id to send for `id`: the snapshot a catalog alias stands for, otherwise `id` itself.
    static func apiModelID(for id: String) -> String {
        entries.first { $0.model.id == id }?.snapshot ?? id
    }

    /// What is known about the model the API lists as `id`, named `displayName`.
    ///
    /// A listed id matches the catalog entry whose id is its longest prefix ending at a `-`
    /// (`claude-haiku-4-5-20251001` is `claude-haiku-4-5`); any other model gets an unpriced entry with the
    /// capabilities every model the Messages API serves has.
    static func model(id: String, displayName: String?) -> ModelInfo {
        let known = entries.map(\.model)
            .filter { id == $0.id || id.hasPrefix($0.id + "-") }
            .max { $0.id.count < $1.id.count }
        var model = known ?? ModelInfo(id: id, capabilities: general, tier: .standard)
        model.id = id
        if let displayName, !displayName.isEmpty { model.displayName = displayName }
        return model
    }
}
