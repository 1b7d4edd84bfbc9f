import Foundation
import SwitchboardKit

/// The models the Gemini plugin knows without asking, with Google's paid-tier list prices per million tokens as read
/// on ``checked`` from the page each price names.
enum GeminiCatalog {
    private static let general: Set<Capability> = [.chat, .code, .vision, .tools, .jsonSchema]
    private static let thinking: Set<Capability> = general.union([.thinking, .reasoning])

    /// The day the prices were read.
    private static let checked = "2026-12-04"
    /// The stored LiteLLM price file, the only source found for the Gemini 2.5 models' current prices (the Gemini
    /// pricing page itself was not among the stored vendor pages).
    private static let liteLLMPrices =
        "https://github.com/BerriAI/litellm/blob/main/model_prices_and_context_window.json"

    /// The catalog, as the manifest publishes it.
    static let models: [ModelInfo] = [
        ModelInfo(
            id: "gemini-4-carbon",
            displayName: "Gemini 4 Carbon",
            capabilities: thinking,
            contextWindow: 1_048_576,
            maxOutputTokens: 65_536,
            // Google's price from 2026-12-01, the same as Gemini 4 Argon's, as LaoZhang's announcement states it.
            pricing: gemini(
                input: 4, output: 20, cacheRead: 0.20,
                source: "https://docs.laozhang.ai/en/announcements/gemini-4-carbon-2026-11"),
            tier: .advanced
        ),
        ModelInfo(
            id: "gemini-4-argon",
            displayName: "Gemini 4 Argon",
            capabilities: thinking,
            contextWindow: 1_048_576,
            maxOutputTokens: 65_536,
            // Input and output after the introductory price that ended 2026-11-30; cached input as LiteLLM's
            // announcement (github.com/BerriAI/litellm/discussions/46238) states it.
            pricing: gemini(
                input: 4, output: 20, cacheRead: 0.20,
                source: "https://ai.google.dev/gemini-api/docs/generate-content/latest-model"),
            tier: .advanced
        ),
        ModelInfo(
            id: "gemini-4-hydrogen",
            displayName: "Gemini 4 Hydrogen",
            capabilities: thinking,
            contextWindow: 1_048_576,
            maxOutputTokens: 65_536,
            pricing: gemini(
                input: 1.5, output: 7.5, cacheRead: 0.075,
                source: "https://github.com/iyulab/TokenMeter/releases/tag/v0.17.0"),
            tier: .standard
        ),
        ModelInfo(
            id: "gemini-3.6-flash",
            displayName: "Gemini 3.6 Flash",
            capabilities: thinking,
            contextWindow: 1_048_576,
            maxOutputTokens: 65_536,
            // Cached input: 10% of input, as the model's announcements state it; not on the stored vendor page.
            pricing: gemini(
                input: 1.5, output: 7.5, cacheRead: 0.15,
                source: "https://ai.google.dev/gemini-api/docs/models/gemini-3.6-flash"),
            tier: .standard
        ),
        ModelInfo(
            id: "gemini-3.5-flash-lite",
            displayName: "Gemini 3.5 Flash-Lite",
            capabilities: thinking,
            contextWindow: 1_048_576,
            maxOutputTokens: 65_536,
            pricing: gemini(
                input: 0.3, output: 2.5, cacheRead: 0.03, source: "https://ai.google.dev/gemini-api/docs/latest-model"),
            tier: .fast
        ),
        ModelInfo(
            id: "gemini-2.5-pro",
            displayName: "Gemini 2.5 Pro",
            capabilities: thinking,
            contextWindow: 1_048_576,
            maxOutputTokens: 65_536,
            pricing: gemini(
                input: 1.25, output: 10, cacheRead: 0.125,
                longContext: (aboveInputTokens: 200_000, input: 2.5, output: 15, cacheRead: 0.25),
                source: liteLLMPrices),
            tier: .advanced
        ),
        ModelInfo(
            id: "gemini-2.5-flash",
            displayName: "Gemini 2.5 Flash",
            capabilities: thinking,
            contextWindow: 1_048_576,
            maxOutputTokens: 65_536,
            pricing: gemini(input: 0.3, output: 2.5, cacheRead: 0.03, source: liteLLMPrices),
            tier: .standard
        ),
        ModelInfo(
            id: "gemini-2.5-flash-lite",
            displayName: "Gemini 2.5 Flash-Lite",
            capabilities: general,
            contextWindow: 1_048_576,
            maxOutputTokens: 65_536,
            pricing: gemini(input: 0.1, output: 0.4, cacheRead: 0.01, source: liteLLMPrices),
            tier: .fast
        ),
        ModelInfo(
            id: "gemini-embedding-001",
            displayName: "Gemini Embedding",
            capabilities: [.embeddings],
            contextWindow: 2_048,
            // Google's announcement, as quoted in simonw/llm-gemini#102.
            pricing: Pricing(
                input: 0.15, output: 0, sourceURL: "https://github.com/simonw/llm-gemini/issues/102", asOf: checked),
            tier: .standard
        ),
    ]

    /// A Gemini price list: thinking tokens are billed as output, and Batch and Flex processing cost half of every
    /// price, the long-context tier's included (ai.google.dev/gemini-api/docs/optimization).
    private static func gemini(
        input: Double, output: Double, cacheRead: Double,
        longContext: (aboveInputTokens: Int, input: Double, output: Double, cacheRead: Double)? = nil, source: String
    ) -> Pricing {
        func prices(times factor: Double) -> Pricing {
            Pricing(
                input: input * factor, output: output * factor, cacheRead: cacheRead * factor,
                longContext: longContext.map {
                    LongContextPricing(
                        aboveInputTokens: $0.aboveInputTokens, input: $0.input * factor, output: $0.output * factor,
                        cacheRead: $0.cacheRead * factor)
                },
                sourceURL: source, asOf: checked)
        }
        var pricing = prices(times: 1)
        let half = prices(times: 0.5)
        pricing.serviceTiers = ["batch": half, "flex": half]
        return pricing
    }

    /// The catalog entry for `id`, also as a numbered stable version (`gemini-2.5-flash-001` is `gemini-2.5-flash`).
    static func entry(for id: String) -> ModelInfo? {
        models.first { $0.id == id || $0.id == unversioned(id) }
    }

    /// What is known about a model Gemini lists but the catalog lacks: Gemini models take images and call tools,
    /// other models (Gemma, …) only chat; `pro` is advanced, `lite` and `8b` are fast; the price is unknown. A model
    /// that can only embed (`embeddable` without `generates`) is an embedding model.
    static func uncataloged(id: String, supportsThinking: Bool, embedsOnly: Bool = false) -> ModelInfo {
        if embedsOnly { return ModelInfo(id: id, capabilities: [.embeddings], tier: .standard) }
        let lowered = id.lowercased()
        var capabilities: Set<Capability> = lowered.hasPrefix("gemini") ? general : [.chat]
        if supportsThinking { capabilities.formUnion([.thinking, .reasoning]) }
        let tier: Tier =
            lowered.contains("pro")
            ? .advanced : (lowered.contains("lite") || lowered.contains("8b")) ? .fast : .standard
        return ModelInfo(id: id, capabilities: capabilities, tier: tier)
    }

    /// `id` without a trailing `-NNN` version number.
    private static func unversioned(_ id: String) -> String {
        guard let range = id.range(of: #"-\d{3}$"#, options: .regularExpression) else { return id }
        return String(id[..<range.lowerBound])
    }
}
