internal import SwitchboardKit

/// LiteLLM's `model_prices_and_context_window.json`: per-token prices keyed by model name, mapped to ``Pricing``
/// (per million tokens). What `Pricing` cannot express (per-image, per-second, per-query prices, context windows) is
/// not read; an entry without `input_cost_per_token` (an image or audio model) is skipped, as is `sample_spec`.
extension PriceFileReader {
    /// Why a LiteLLM price must not be negative.
    static let nonNegativePerToken = "prices are USD per token; use 0 for free"

    /// The LiteLLM service tier suffixes and the tier names responses report.
    static let litellmServiceTiers = [("priority", "priority"), ("flex", "flex"), ("batches", "batch")]

    /// Whether an entry is LiteLLM's: its `sample_spec`, or an entry with its keys.
    static func isLiteLLMEntry(_ entry: (name: String, reader: ConfigurationReader)) -> Bool {
        entry.name == "sample_spec" || entry.reader.child("input_cost_per_token") != nil
            || entry.reader.child("litellm_provider") != nil
    }

    /// The priced entries of a LiteLLM file.
    static func litellmPrices(_ entries: [(name: String, reader: ConfigurationReader)]) -> [String: Pricing] {
        var prices: [String: Pricing] = [:]
        for (key, entry) in entries where key != "sample_spec" {
            guard entry.isMapping else {
                entry.fail(.type, "expected a mapping of one model's prices (LiteLLM's format), found \(entry.found)")
                continue
            }
            if let pricing = litellmPricing(entry) { prices[key] = pricing }
        }
        return prices
    }

    /// One entry's prices, or nil when it has no per-token input price.
    private static func litellmPricing(_ entry: ConfigurationReader) -> Pricing? {
        func perMillion(_ key: String) -> Double? {
            // 12 significant digits: 1.25e-06 per token reads 1.25, not 1.2499999999999998, per million.
            entry.child(key)?.number(nonNegative: nonNegativePerToken).map { ($0 * 1e12).rounded() / 1e6 }
        }
        guard let input = perMillion("input_cost_per_token") else { return nil }
        let output = perMillion("output_cost_per_token") ?? 0
        var pricing = Pricing(
            input: input, output: output, cacheRead: perMillion("cache_read_input_token_cost"),
            cacheWrite: perMillion("cache_creation_input_token_cost"),
            cacheWriteExtended: perMillion("cache_creation_input_token_cost_above_1hr"),
            reasoning: perMillion("output_cost_per_reasoning_token"))
        // The lowest `input_cost_per_token_above_<N>k_tokens` threshold is the long-context tier.
        let thresholds = (entry.namedEntries(what: "prices") ?? []).compactMap { field -> Int? in
            guard field.name.hasPrefix("input_cost_per_token_above_"), field.name.hasSuffix("k_tokens") else {
                return nil
            }
            return Int(field.name.dropFirst("input_cost_per_token_above_".count).dropLast("k_tokens".count))
        }
        if let thousands = thresholds.min(),
            let tierInput = perMillion("input_cost_per_token_above_\(thousands)k_tokens")
        {
            let suffix = "_above_\(thousands)k_tokens"
            pricing.longContext = LongContextPricing(
                aboveInputTokens: thousands * 1000, input: tierInput,
                output: perMillion("output_cost_per_token" + suffix) ?? output,
                cacheRead: perMillion("cache_read_input_token_cost" + suffix),
                cacheWrite: perMillion("cache_creation_input_token_cost" + suffix))
        }
        var tiers: [String: Pricing] = [:]
        for (suffix, name) in litellmServiceTiers {
            guard let tierInput = perMillion("input_cost_per_token_\(suffix)") else { continue }
            tiers[name] = Pricing(
                input: tierInput, output: perMillion("output_cost_per_token_\(suffix)") ?? output,
                cacheRead: perMillion("cache_read_input_token_cost_\(suffix)"))
        }
        if !tiers.isEmpty { pricing.serviceTiers = tiers }
        if let source = entry.child("source"), source.isScalar, let url = source.string(), url.hasPrefix("http") {
            pricing.sourceURL = url
        }
        return pricing
    }
}
