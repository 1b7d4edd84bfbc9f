import Foundation
import SwitchboardKit

/// The models the Gemini plugin knows without asking, with Google's list prices per million tokens (paid tier,
/// prompts up to 200k tokens).
enum GeminiCatalog {
    private static let general: Set<Capability> = [.chat, .code, .vision, .tools, .jsonSchema]

    /// The catalog, as the manifest publishes it.
    static let models: [ModelInfo] = [
        ModelInfo(
            id: "gemini-2.5-pro",
            displayName: "Gemini 2.5 Pro",
            capabilities: general.union([.thinking, .reasoning]),
            contextWindow: 1_048_576,
            maxOutputTokens: 65_536,
            // Long-context tier and cache prices: LiteLLM gemini/gemini-2.5-pro (cloud.google.com/vertex-ai pricing).
            pricing: Pricing(
                input: 1.25, output: 10, cacheRead: 0.125,
                longContext: LongContextPricing(aboveInputTokens: 200_000, input: 2.5, output: 15, cacheRead: 0.25)),
            tier: .advanced
        ),
        ModelInfo(
            id: "gemini-2.5-flash",
            displayName: "Gemini 2.5 Flash",
            capabilities: general.union([.thinking]),
            contextWindow: 1_048_576,
            maxOutputTokens: 65_536,
            pricing: Pricing(input: 0.3, output: 2.5, cacheRead: 0.075),
            tier: .standard
        ),
        ModelInfo(
            id: "gemini-2.5-flash-lite",
            displayName: "Gemini 2.5 Flash-Lite",
            capabilities: general,
            contextWindow: 1_048_576,
            maxOutputTokens: 65_536,
            pricing: Pricing(input: 0.1, output: 0.4, cacheRead: 0.025),
            tier: .fast
        ),
        ModelInfo(
            id: "gemini-2.0-flash",
            displayName: "Gemini 2.0 Flash",
            capabilities: general,
            contextWindow: 1_048_576,
            maxOutputTokens: 8_192,
            pricing: Pricing(input: 0.1, output: 0.4, cacheRead: 0.025),
            tier: .fast
        ),
        ModelInfo(
            id: "gemini-embedding-001",
            displayName: "Gemini Embedding",
            capabilities: [.embeddings],
            contextWindow: 2_048,
            pricing: Pricing(input: 0.15, output: 0),
            tier: .standard
        ),
    ]

    /// The catalog entry for `id`, also as a numbered stable version (`gemini-2.0-flash-001` is `gemini-2.0-flash`).
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
