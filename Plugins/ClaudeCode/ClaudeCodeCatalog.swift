import SwitchboardKit

/// The models the Claude Code plugin knows: the CLI's aliases, which it resolves to the latest model of each family.
///
/// Prices are nil: the CLI reports what each run cost (`total_cost_usd`), and on a subscription a run costs nothing
/// per token, so no per-token price would be right.
enum ClaudeCodeCatalog {
    private static let capabilities: Set<Capability> = [.chat, .code, .tools, .reasoning]

    /// The catalog, as the manifest publishes it.
    static let models: [ModelInfo] = [
        ModelInfo(
            id: "sonnet",
            displayName: "Claude Sonnet (latest, via Claude Code)",
            capabilities: capabilities,
            contextWindow: 200_000,
            tier: .standard,
            local: false
        ),
        ModelInfo(
            id: "opus",
            displayName: "Claude Opus (latest, via Claude Code)",
            capabilities: capabilities,
            contextWindow: 200_000,
            tier: .advanced,
            local: false
        ),
        ModelInfo(
            id: "haiku",
            displayName: "Claude Haiku (latest, via Claude Code)",
            capabilities: capabilities,
            contextWindow: 200_000,
            tier: .fast,
            local: false
        ),
    ]
}
