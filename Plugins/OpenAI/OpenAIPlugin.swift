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
        settings: [
            SettingDescriptor(
                name: "base_url",
                type: "string",
                description: "The API root that `/chat/completions` and `/models` hang off",
                defaultValue: .string(OpenAISettings.defaultBaseURL)
            ),
            SettingDescriptor(
                name: "api_key",
                type: "string",
                description: "The API key, sent as a bearer token; when absent, the variable `api_key_env` names, "
                    + "else OPENAI_API_KEY; with no key at all no Authorization header is sent",
                secret: true
            ),
            SettingDescriptor(
                name: "azure_deployment",
                type: "string",
                description: "Azure OpenAI: the deployment to call; base_url is then the resource "
                    + "(https://NAME.openai.azure.com), the key goes in an api-key header (default variable "
                    + "AZURE_OPENAI_API_KEY), and requests go to /openai/deployments/{deployment}/chat/completions"
            ),
            SettingDescriptor(
                name: "api_version",
                type: "string",
                description: "Azure OpenAI: the api-version query parameter",
                defaultValue: .string(OpenAISettings.AzureDeployment.defaultAPIVersion)
            ),
            SettingDescriptor(
                name: "api_key_env",
                type: "string",
                description: "The environment variable or host secret holding the API key"
            ),
            SettingDescriptor(
                name: "organization",
                type: "string",
                description: "The OpenAI organization id, sent as OpenAI-Organization"
            ),
            SettingDescriptor(
                name: "headers",
                type: "object",
                description: "Extra HTTP headers sent with every request (they replace built-in ones of the same name)"
            ),
            SettingDescriptor(
                name: "timeout_seconds",
                type: "number",
                description: "The longest one exchange may take; the host's default when absent"
            ),
            SettingDescriptor(
                name: "max_tokens_field",
                type: "string",
                description: "The request field carrying the output limit: max_completion_tokens, "
                    + "or max_tokens for older compatible servers",
                defaultValue: .string(OpenAISettings.MaxTokensField.maxCompletionTokens.rawValue)
            ),
            SettingDescriptor(
                name: "include_usage",
                type: "boolean",
                description: "Whether to ask for token usage at the end of the stream (stream_options.include_usage); "
                    + "turn off for servers that reject stream_options",
                defaultValue: true
            ),
        ],
        models: OpenAICatalog.models
    )

    static func makeProvider(_ context: ProviderContext) throws -> any Provider {
        OpenAIProvider(context: context, settings: try OpenAISettings(context))
    }
}

/// The plugin's C entry point: hands the host the plugin's function table.
@_cdecl("switchboard_plugin_entry_v1")
public func switchboardPluginEntry(_ host: UnsafeRawPointer?) -> UnsafeRawPointer? {
    PluginExport.entry(host, OpenAIPlugin.self)
}
