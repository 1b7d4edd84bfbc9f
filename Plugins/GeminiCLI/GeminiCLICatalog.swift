import SwitchboardKit

/// The models the Gemini CLI plugin knows: the ones the CLI offers with `-m`.
///
/// Prices are nil: the CLI runs on whatever the user signed in with (a free Google account tier, a Code Assist
/// licence, or a billed API key) and reports no cost, so no per-token price would be right.
enum GeminiCLICatalog {
    private static let capabilities: Set<Capability> = [.chat, .code, .reasoning]

    /// The catalog, as the manifest publishes it.
    static let models: [ModelInfo] = [
        ModelInfo(
            id: "gemini-2.5-pro",
            displayName: "Gemini 2.5 Pro (via Gemini CLI)",
            capabilities: capabilities,
            contextWindow: 1_048_576,
            maxOutputTokens: 65_536,
            tier: .advanced,
            local: false
        ),
        ModelInfo(
            id: "gemini-2.5-flash",
            displayName: "Gemini 2.5 Flash (via Gemini CLI)",
            capabilities: capabilities,
            contextWindow: 1_048_576,
            maxOutputTokens: 65_536,
            tier: .standard,
            local: false
        ),
        ModelInfo(
            id: "gemini-2.5-flash-lite",
            displayName: "Gemini 2.5 Flash-Lite (via Gemini CLI)",
            capabilities: capabilities,
            contextWindow: 1_048_576,
            maxOutputTokens: 65_536,
            tier: .fast,
            local: false
        ),
    ]
}
