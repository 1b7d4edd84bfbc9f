import SwitchboardKit

/// The OpenAI-compatible plugin: OpenAI itself and every server that speaks its Chat Completions API
/// (LM Studio, vLLM, llama.cpp, LiteLLM, Groq, Together, OpenRouter, DeepSeek, Mistral, …).
enum OpenAIPlugin: ProviderPlugin {
    static let manifest = PluginManifest(
        id: "openai",
        name: "OpenAI-compatible",
        version: "1.0.0",
        description: "OpenAI's Chat Completions API, and any server that speaks it, streamed over server-sent events",
        providerKinds: [
            "openai", "azure", "lmstudio", "vllm", "llamacpp", "litellm", "groq", "together", "openrouter", "deepseek",
            "mistral",
        ],
        settings: .declaring(OpenAISettings.all),
        models: OpenAICatalog.models
    )

    static func makeProvider(_ context: ProviderContext) throws -> any Provider {
        let settings = try OpenAISettings(context)
        return WireProvider(
            context, wire: settings.wire, apiKey: settings.apiKey, headers: settings.organizationHeaders,
            configuredHeaders: settings.configuredHeaders, timeout: settings.timeout, catalog: OpenAICatalog.models,
            describe: { [serverIsLocal = settings.serverIsLocal] id in
                OpenAICatalog.model(id: id, serverIsLocal: serverIsLocal)
            },
            address: settings.endpoint)
    }
}

/// The plugin's C entry point: hands the host the plugin's function table.
@_cdecl("switchboard_plugin_entry_v1")
public func switchboardPluginEntry(_ host: UnsafeRawPointer?) -> UnsafeRawPointer? {
    PluginExport.entry(host, OpenAIPlugin.self)
}
