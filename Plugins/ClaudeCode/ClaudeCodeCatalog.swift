import SwitchboardKit

/// The models the Claude Code plugin knows: the CLI's model aliases, as of 2026-12-04.
///
/// The aliases are those of https://code.claude.com/docs/en/model-config ("Model aliases"): `opus`, `sonnet` and
/// `haiku` resolve to the newest model of each family on the Anthropic API (Opus 5.5, Sonnet 5.5 and Haiku 5.5 as of
/// Claude Code 2.1.311, per https://docs.rs/claude-codes/2.1.311/claude_codes/models/enum.ClaudeModel.html; on
/// Bedrock, Vertex and Foundry they resolve to older models), `fable` to Fable 5.2, `best` to Fable where the
/// organization has it and Opus otherwise, `opusplan` to Opus in plan mode and Sonnet otherwise, and the `[1m]`
/// aliases ask for the 1M-token window, which these models have natively. `default` is left out: the page says it
/// is not itself an alias but the account's recommended model, whose limits depend on the account.
///
/// Every model these aliases resolve to reads 1,000,000 tokens and writes up to 128,000, as Anthropic's model pages
/// state (https://platform.claude.com/docs/en/models/overview and
/// https://platform.claude.com/docs/about-claude/models/whats-new-opus-5).
///
/// Prices are nil: the CLI reports what each run cost (`total_cost_usd`), and on a subscription a run costs nothing
/// per token, so no per-token price would be right.
enum ClaudeCodeCatalog {
    private static let capabilities: Set<Capability> = [.chat, .code, .tools, .reasoning]

    /// The catalog, as the manifest publishes it.
    static let models: [ModelInfo] = [
        alias("sonnet", "Claude Sonnet (latest, via Claude Code)", .standard),
        alias("opus", "Claude Opus (latest, via Claude Code)", .advanced),
        alias("haiku", "Claude Haiku (latest, via Claude Code)", .fast),
        alias("fable", "Claude Fable (latest, via Claude Code)", .advanced),
        alias("best", "The most capable Claude the account has (via Claude Code)", .advanced),
        alias("opusplan", "Claude Opus to plan, Sonnet to execute (via Claude Code)", .advanced),
        alias("sonnet[1m]", "Claude Sonnet with a 1M-token window (via Claude Code)", .standard),
        alias("opus[1m]", "Claude Opus with a 1M-token window (via Claude Code)", .advanced),
    ]

    /// One alias: every model the aliases resolve to reads 1,000,000 tokens and writes up to 128,000.
    private static func alias(_ id: String, _ displayName: String, _ tier: Tier) -> ModelInfo {
        ModelInfo(
            id: id, displayName: displayName, capabilities: capabilities, contextWindow: 1_000_000,
            maxOutputTokens: 128_000, tier: tier, local: false)
    }
}
