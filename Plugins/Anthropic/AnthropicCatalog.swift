import SwitchboardKit

/// The models the Anthropic plugin knows without asking, with Anthropic's list prices per million tokens.
///
/// Catalog ids name a model family (`claude-sonnet-4`); on the wire they become Anthropic's alias for the family's
/// latest snapshot (`claude-sonnet-4-0`). Any other id, dated snapshots included, is sent as given.
enum AnthropicCatalog {
    private static let general: Set<Capability> = [.chat, .code, .vision, .tools]
    private static let thinking: Set<Capability> = general.union([.reasoning, .thinking])

    /// One catalog entry and the API alias its id stands for.
    private struct Entry {
        var model: ModelInfo
        var alias: String
    }

    private static let entries: [Entry] = [
        Entry(
            model: ModelInfo(
                id: "claude-opus-4",
                displayName: "Claude Opus 4",
                capabilities: thinking,
                contextWindow: 200_000,
                maxOutputTokens: 32_000,
                pricing: Pricing(input: 15, output: 75, cacheRead: 1.5, cacheWrite: 18.75),
                tier: .advanced
            ),
            alias: "claude-opus-4-0"
        ),
        Entry(
            model: ModelInfo(
                id: "claude-sonnet-4",
                displayName: "Claude Sonnet 4",
                capabilities: thinking,
                contextWindow: 200_000,
                maxOutputTokens: 64_000,
                pricing: Pricing(input: 3, output: 15, cacheRead: 0.3, cacheWrite: 3.75),
                tier: .advanced
            ),
            alias: "claude-sonnet-4-0"
        ),
        Entry(
            model: ModelInfo(
                id: "claude-3-7-sonnet",
                displayName: "Claude Sonnet 3.7",
                capabilities: thinking,
                contextWindow: 200_000,
                maxOutputTokens: 64_000,
                pricing: Pricing(input: 3, output: 15, cacheRead: 0.3, cacheWrite: 3.75),
                tier: .advanced
            ),
            alias: "claude-3-7-sonnet-latest"
        ),
        Entry(
            model: ModelInfo(
                id: "claude-3-5-haiku",
                displayName: "Claude Haiku 3.5",
                capabilities: general,
                contextWindow: 200_000,
                maxOutputTokens: 8_192,
                pricing: Pricing(input: 0.8, output: 4, cacheRead: 0.08, cacheWrite: 1),
                tier: .fast
            ),
            alias: "claude-3-5-haiku-latest"
        ),
    ]

    /// The catalog, as the manifest publishes it.
    static let models: [ModelInfo] = entries.map(\.model)

    /// The model id to send for `id`: the API alias of a catalog family id, otherwise `id` itself.
    static func apiModelID(for id: String) -> String {
        entries.first { $0.model.id == id }?.alias ?? id
    }

    /// What is known about the model the API lists as `id`, named `displayName`.
    ///
    /// A listed id matches the catalog entry whose id is its longest prefix ending at a `-` (`claude-sonnet-4-20250514`
    /// and `claude-sonnet-4-0` are `claude-sonnet-4`); any other model gets an unpriced entry with the capabilities
    /// every model the Messages API serves has.
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
