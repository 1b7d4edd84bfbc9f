import SwitchboardKit

/// The models the Gemini CLI plugin knows: the ones the CLI offers with `-m`, as of 2026-12-04.
///
/// The ids are the CLI's aliases (`auto`, `pro`, `flash`, `flash-lite`) and the concrete models its model
/// configuration lists as visible: google-gemini/gemini-cli `packages/core/src/config/models.ts` and
/// `defaultModelConfigs.ts` (the newest stored snapshot, commit 5411f113 of 2026-08-21) and `docs/cli/cli-reference.md`
/// ("Model selection"). `gemini-3-pro-preview`, still in that list, is left out: Google shut it down on 2026-03-09
/// (https://ai.google.dev/gemini-api/docs/deprecations). The Gemma models the CLI lists are left out too: no Google
/// page states their limits.
///
/// Context windows and output limits are Google's model pages':
/// https://ai.google.dev/gemini-api/docs/models/gemini-3.1-pro-preview,
/// https://ai.google.dev/gemini-api/docs/models/gemini-3.5-flash (which lists `gemini-3-flash-preview` as its
/// preview), https://docs.cloud.google.com/vertex-ai/generative-ai/docs/models/gemini/3-flash,
/// https://docs.cloud.google.com/vertex-ai/generative-ai/docs/models/gemini/3-1-flash-lite, and for the 2.5 models
/// the Gemini plugin's catalog. Every model an alias resolves to has the same limits, so the aliases carry them too.
///
/// Prices are nil: the CLI runs on whatever the user signed in with (a free Google account tier, a Code Assist
/// licence, or a billed API key) and reports no cost, so no per-token price would be right.
enum GeminiCLICatalog {
    private static let capabilities: Set<Capability> = [.chat, .code, .reasoning]

    /// The catalog, as the manifest publishes it.
    static let models: [ModelInfo] = [
        model("auto", "Auto (Gemini CLI picks Pro or Flash for each task)", .advanced),
        model("pro", "Gemini Pro (the CLI's newest Pro, via Gemini CLI)", .advanced),
        model("flash", "Gemini Flash (the CLI's newest Flash, via Gemini CLI)", .standard),
        model("flash-lite", "Gemini Flash-Lite (the CLI's newest Flash-Lite, via Gemini CLI)", .fast),
        model("gemini-3.1-pro-preview", "Gemini 3.1 Pro Preview (via Gemini CLI)", .advanced),
        model("gemini-3.5-flash", "Gemini 3.5 Flash (via Gemini CLI)", .standard),
        model("gemini-3-flash-preview", "Gemini 3 Flash Preview (via Gemini CLI)", .standard),
        model("gemini-3.1-flash-lite", "Gemini 3.1 Flash-Lite (via Gemini CLI)", .fast),
        model("gemini-2.5-pro", "Gemini 2.5 Pro (via Gemini CLI)", .advanced),
        model("gemini-2.5-flash", "Gemini 2.5 Flash (via Gemini CLI)", .standard),
        model("gemini-2.5-flash-lite", "Gemini 2.5 Flash-Lite (via Gemini CLI)", .fast),
    ]

    /// One entry: every model the CLI offers reads 1,048,576 tokens and writes up to 65,536.
    private static func model(_ id: String, _ displayName: String, _ tier: Tier) -> ModelInfo {
        ModelInfo(
            id: id, displayName: displayName, capabilities: capabilities, contextWindow: 1_048_576,
            maxOutputTokens: 65_536, tier: tier, local: false)
    }
}
