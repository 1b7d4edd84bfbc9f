import Foundation
import SwitchboardKit

/// The models the OpenAI plugin knows without asking, with OpenAI's list prices per million tokens.
enum OpenAICatalog {
    private static let general: Set<Capability> = [.chat, .vision, .tools, .jsonSchema, .code]
    private static let reasoning: Set<Capability> = general.union([.reasoning, .thinking])

    /// The catalog, as the manifest publishes it.
    static let models: [ModelInfo] = chat + embeddings

    /// The embedding models: input tokens only, at OpenAI's list prices.
    private static let embeddings: [ModelInfo] = [
        ModelInfo(
            id: "text-embedding-3-small", displayName: "text-embedding-3-small", capabilities: [.embeddings],
            contextWindow: 8_191, pricing: Pricing(input: 0.02, output: 0), tier: .fast),
        ModelInfo(
            id: "text-embedding-3-large", displayName: "text-embedding-3-large", capabilities: [.embeddings],
            contextWindow: 8_191, pricing: Pricing(input: 0.13, output: 0), tier: .advanced),
        ModelInfo(
            id: "text-embedding-ada-002", displayName: "text-embedding-ada-002", capabilities: [.embeddings],
            contextWindow: 8_191, pricing: Pricing(input: 0.10, output: 0), tier: .standard),
    ]

    /// The chat models.
    private static let chat: [ModelInfo] = [
        ModelInfo(
            id: "gpt-4o",
            displayName: "GPT-4o",
            capabilities: general,
            contextWindow: 128_000,
            maxOutputTokens: 16_384,
            pricing: Pricing(input: 2.5, output: 10, cacheRead: 1.25),
            tier: .advanced
        ),
        ModelInfo(
            id: "gpt-4o-mini",
            displayName: "GPT-4o mini",
            capabilities: general,
            contextWindow: 128_000,
            maxOutputTokens: 16_384,
            pricing: Pricing(input: 0.15, output: 0.6, cacheRead: 0.075),
            tier: .fast
        ),
        ModelInfo(
            id: "gpt-4.1",
            displayName: "GPT-4.1",
            capabilities: general,
            contextWindow: 1_047_576,
            maxOutputTokens: 32_768,
            pricing: Pricing(input: 2, output: 8, cacheRead: 0.5),
            tier: .advanced
        ),
        ModelInfo(
            id: "gpt-4.1-mini",
            displayName: "GPT-4.1 mini",
            capabilities: general,
            contextWindow: 1_047_576,
            maxOutputTokens: 32_768,
            pricing: Pricing(input: 0.4, output: 1.6, cacheRead: 0.1),
            tier: .standard
        ),
        ModelInfo(
            id: "gpt-4.1-nano",
            displayName: "GPT-4.1 nano",
            capabilities: general,
            contextWindow: 1_047_576,
            maxOutputTokens: 32_768,
            pricing: Pricing(input: 0.1, output: 0.4, cacheRead: 0.025),
            tier: .fast
        ),
        ModelInfo(
            id: "o3",
            displayName: "o3",
            capabilities: reasoning,
            contextWindow: 200_000,
            maxOutputTokens: 100_000,
            pricing: Pricing(input: 2, output: 8, cacheRead: 0.5),
            tier: .advanced
        ),
        ModelInfo(
            id: "o4-mini",
            displayName: "o4-mini",
            capabilities: reasoning,
            contextWindow: 200_000,
            maxOutputTokens: 100_000,
            pricing: Pricing(input: 1.1, output: 4.4, cacheRead: 0.275),
            tier: .standard
        ),
    ]

    /// What is known about the model a server lists as `id`.
    ///
    /// A catalog model matches by id, or by id with a dated snapshot suffix (`gpt-4o-2024-08-06` is `gpt-4o`);
    /// any other model gets a plain chat entry (an embeddings entry when its id says so), local and free when the
    /// server runs on this machine, unpriced otherwise.
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
