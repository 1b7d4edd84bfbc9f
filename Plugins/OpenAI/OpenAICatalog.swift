import Foundation
import SwitchboardKit

/// The models the OpenAI plugin knows without asking, with OpenAI's list prices per million tokens as read on
/// ``checked`` from the page each price names.
enum OpenAICatalog {
    private static let general: Set<Capability> = [.chat, .vision, .tools, .jsonSchema, .code]
    private static let reasoning: Set<Capability> = general.union([.reasoning, .thinking])

    /// The day the prices were read from the vendor's pages.
    private static let checked = "2026-12-04"

    /// The catalog, as the manifest publishes it.
    static let models: [ModelInfo] = chat + embeddings

    /// The embedding models: input tokens only, at OpenAI's list prices.
    private static let embeddings: [ModelInfo] = [
        ModelInfo(
            id: "text-embedding-3-small", displayName: "text-embedding-3-small", capabilities: [.embeddings],
            contextWindow: 8_191, pricing: embeddingPrice(0.02), tier: .fast),
        ModelInfo(
            id: "text-embedding-3-large", displayName: "text-embedding-3-large", capabilities: [.embeddings],
            contextWindow: 8_191, pricing: embeddingPrice(0.13), tier: .advanced),
        // Still served; no stored OpenAI page states its price, so the source is OpenRouter's listing of it.
        ModelInfo(
            id: "text-embedding-ada-002", displayName: "text-embedding-ada-002", capabilities: [.embeddings],
            contextWindow: 8_191,
            pricing: Pricing(
                input: 0.10, output: 0, sourceURL: "https://openrouter.ai/openai/text-embedding-ada-002",
                asOf: checked),
            tier: .standard),
    ]

    /// The chat models: the GPT-6 family. Every one has a 1,050,000-token context window (at most 922,000 of it
    /// input) and writes at most 128,000 tokens.
    private static let chat: [ModelInfo] = [
        ModelInfo(
            id: "gpt-6.2-astra",
            displayName: "GPT-6.2 Astra",
            capabilities: reasoning,
            contextWindow: 1_050_000,
            maxOutputTokens: 128_000,
            // Input and output: the models page. Cached input and cache writes: the pricing page as quoted by
            // TokenMeter v0.17.0 (github.com/iyulab/TokenMeter/releases/tag/v0.17.0); no Flex row on that page.
            pricing: gpt6(
                input: 8, cacheRead: 0.40, output: 40, flex: false,
                source: "https://developers.openai.com/api/docs/models"),
            tier: .advanced
        ),
        ModelInfo(
            id: "gpt-6.2-sol",
            displayName: "GPT-6.2 Sol",
            capabilities: reasoning,
            contextWindow: 1_050_000,
            maxOutputTokens: 128_000,
            pricing: gpt6(
                input: 2, cacheRead: 0.10, output: 10, flex: false,
                source: "https://developers.openai.com/api/docs/models/gpt-6.2-sol"),
            tier: .standard
        ),
        ModelInfo(
            id: "gpt-6.1-terra",
            displayName: "GPT-6.1 Terra",
            capabilities: reasoning,
            contextWindow: 1_050_000,
            maxOutputTokens: 128_000,
            pricing: gpt6(
                input: 1, cacheRead: 0.05, output: 5, flex: true,
                source: "https://developers.openai.com/api/docs/models/gpt-6.1-terra"),
            tier: .standard
        ),
        ModelInfo(
            id: "gpt-6-luna",
            displayName: "GPT-6 Luna",
            capabilities: reasoning,
            contextWindow: 1_050_000,
            maxOutputTokens: 128_000,
            pricing: gpt6(
                input: 0.10, cacheRead: 0.01, output: 0.50, flex: true,
                source: "https://developers.openai.com/ja-JP/api/docs/models/gpt-6-luna"),
            tier: .fast
        ),
    ]

    /// A GPT-6 price list as OpenAI's model pages state it: a cache write costs 1.25 times the input price for the
    /// default 30-minute retention and 2.5 times for the extended 12-hour one; a prompt over 272,000 tokens bills
    /// the whole request at twice the input and cache prices and 1.5 times the output price; the Batch API (and
    /// Flex processing, where the page lists it) costs half of whichever price applies.
    private static func gpt6(input: Double, cacheRead: Double, output: Double, flex: Bool, source: String) -> Pricing {
        func prices(times factor: Double) -> Pricing {
            Pricing(
                input: input * factor, output: output * factor, cacheRead: cacheRead * factor,
                cacheWrite: input * 1.25 * factor, cacheWriteExtended: input * 2.5 * factor,
                longContext: LongContextPricing(
                    aboveInputTokens: 272_000, input: input * 2 * factor, output: output * 1.5 * factor,
                    cacheRead: cacheRead * 2 * factor, cacheWrite: input * 2.5 * factor,
                    cacheWriteExtended: input * 5 * factor),
                sourceURL: source, asOf: checked)
        }
        var pricing = prices(times: 1)
        let half = prices(times: 0.5)
        pricing.serviceTiers = flex ? ["batch": half, "flex": half] : ["batch": half]
        return pricing
    }

    /// An embedding model's price: input tokens only, from OpenAI's embedding model page.
    private static func embeddingPrice(_ input: Double) -> Pricing {
        Pricing(
            input: input, output: 0, sourceURL: "https://developers.openai.com/api/docs/models/text-embedding-3-large",
            asOf: checked)
    }

    /// What is known about the model a server lists as `id`.
    ///
    /// A catalog model matches by id, or by id with a dated snapshot suffix (`-YYYY-MM-DD`); any other model gets a
    /// plain chat entry (an embeddings entry when its id says so), local and free when the server runs on this
    /// machine, unpriced otherwise.
    static func model(id: String, serverIsLocal: Bool) -> ModelInfo {
        if var known = models.first(where: { $0.id == id || $0.id == undated(id) }) {
            known.id = id
            return known
        }
        return ModelInfo(
            id: id,
            capabilities: id.lowercased().contains("embed") ? [.embeddings] : [.chat],
            pricing: serverIsLocal ? Pricing(input: 0, output: 0) : nil,
            tier: .standard,
            local: serverIsLocal
        )
    }

    /// `id` without a trailing `-YYYY-MM-DD`.
    private static func undated(_ id: String) -> String {
        guard let range = id.range(of: #"-\d{4}-\d{2}-\d{2}$"#, options: .regularExpression) else { return id }
        return String(id[..<range.lowerBound])
    }
}
