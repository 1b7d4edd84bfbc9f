import SwitchboardKit

/// The Anthropic plugin: Claude models through Anthropic's Messages API.
enum AnthropicPlugin: ProviderPlugin {
    static let manifest = PluginManifest(
        id: "anthropic",
        name: "Anthropic",
        version: "1.0.0",
        description: "Anthropic's Messages API (Claude), streamed over server-sent events, with thinking, tools, "
            + "vision, prompt-cache usage and live model discovery",
        providerKinds: ["anthropic"],
        settings: [
            SettingDescriptor(
                name: "base_url",
                type: "string",
                description: "The API root that `/v1/messages` and `/v1/models` hang off (without /v1)",
                defaultValue: .string(AnthropicSettings.defaultBaseURL)
            ),
            SettingDescriptor(
                name: "api_key",
                type: "string",
                description: "The API key, sent as x-api-key; when absent, the variable `api_key_env` names, "
                    + "else \(AnthropicSettings.defaultKeyVariable); with no key at all the instance is refused",
                secret: true
            ),
            SettingDescriptor(
                name: "api_key_env",
                type: "string",
                description: "The environment variable or host secret holding the API key"
            ),
            SettingDescriptor(
                name: "anthropic_version",
                type: "string",
                description: "The API version, sent as anthropic-version",
                defaultValue: .string(AnthropicSettings.defaultVersion)
            ),
            SettingDescriptor(
                name: "beta",
                type: "array",
                description: "Beta features to enable, sent as anthropic-beta: a list of names or one "
                    + "comma-separated string"
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
                name: "default_max_tokens",
                type: "integer",
                description: "The output limit sent when a request names none (Anthropic requires one); "
                    + "a thinking budget is added on top",
                defaultValue: .number(Double(AnthropicSettings.defaultMaxTokens))
            ),
        ],
        models: AnthropicCatalog.models
    )

    static func makeProvider(_ context: ProviderContext) throws -> any Provider {
        AnthropicProvider(context: context, settings: try AnthropicSettings(context))
    }
}

/// The plugin's C entry point: hands the host the plugin's function table.
@_cdecl("switchboard_plugin_entry_v1")
public func switchboardPluginEntry(_ host: UnsafeRawPointer?) -> UnsafeRawPointer? {
    PluginExport.entry(host, AnthropicPlugin.self)
}
