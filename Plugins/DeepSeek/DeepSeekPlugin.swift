import SwitchboardKit

/// DeepSeek's API: OpenAI's Chat Completions wire (SwitchboardKit's `openAIChatCompletions`), with DeepSeek's
/// `max_tokens`, `reasoning_content` deltas and `prompt_cache_hit_tokens` usage, and DeepSeek's own catalog.
enum DeepSeekPlugin: ProviderPlugin {
    static let settings = HTTPSettings(baseURL: "https://api.deepseek.com", apiKeyVariables: "DEEPSEEK_API_KEY")

    static let manifest = PluginManifest(
        id: "deepseek",
        name: "DeepSeek",
        version: "1.0.0",
        description: "DeepSeek's chat models through its OpenAI-compatible API, streamed over server-sent events",
        providerKinds: ["deepseek"],
        settings: .declaring(settings),
        models: models
    )

    /// DeepSeek-V3.2 behind both endpoints, 128K context, at one price per million tokens: input $0.28 (a cache
    /// miss), $0.028 (a cache hit), output $0.42. Source: https://api-docs.deepseek.com/quick_start/pricing
    static let models: [ModelInfo] = [
        ModelInfo(
            id: "deepseek-chat", displayName: "DeepSeek-V3.2 (non-thinking)",
            capabilities: [.chat, .code, .tools, .jsonSchema], contextWindow: 128_000, maxOutputTokens: 8_192,
            pricing: price, tier: .standard),
        ModelInfo(
            id: "deepseek-reasoner", displayName: "DeepSeek-V3.2 (thinking)",
            capabilities: [.chat, .code, .tools, .jsonSchema, .reasoning, .thinking], contextWindow: 128_000,
            maxOutputTokens: 65_536, pricing: price, tier: .advanced),
    ]
    private static let price = Pricing(
        input: 0.28, output: 0.42, cacheRead: 0.028, sourceURL: "https://api-docs.deepseek.com/quick_start/pricing",
        asOf: "2026-12-04")

    static func makeProvider(_ context: ProviderContext) throws -> any Provider {
        try WireProvider(
            context, wire: .openAIChatCompletions(maxTokensField: .maxTokens), settings: settings, catalog: models)
    }
}

/// The plugin's C entry point: hands the host the plugin's function table.
@_cdecl("switchboard_plugin_entry_v1")
public func switchboardPluginEntry(_ host: UnsafeRawPointer?) -> UnsafeRawPointer? {
    PluginExport.entry(host, DeepSeekPlugin.self)
}
