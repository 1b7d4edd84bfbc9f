import SwitchboardKit

/// The Gemini plugin: Google's Gemini API (`generativelanguage` v1beta), streamed over server-sent events.
enum GeminiPlugin: ProviderPlugin {
    static let manifest = PluginManifest(
        id: "gemini",
        name: "Google Gemini",
        version: "1.0.0",
        description: "Google's Gemini API (generateContent and streamGenerateContent over server-sent events), "
            + "with thinking, function calling, vision and live model discovery",
        providerKinds: ["gemini"],
        settings: [
            SettingDescriptor(
                name: "base_url",
                type: "string",
                description: "The API root that `models/…` hangs off",
                defaultValue: .string(GeminiSettings.defaultBaseURL)
            ),
            SettingDescriptor(
                name: "api_key",
                type: "string",
                description: "The API key, sent as the x-goog-api-key header (never in the URL); when absent, "
                    + "the variable `api_key_env` names, else GEMINI_API_KEY, else GOOGLE_API_KEY",
                secret: true
            ),
            SettingDescriptor(
                name: "api_key_env",
                type: "string",
                description: "The environment variable or host secret holding the API key"
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
                name: "safety_settings",
                type: "array",
                description: "Gemini's safetySettings, sent as given with every request, e.g. "
                    + "[{\"category\": \"HARM_CATEGORY_HARASSMENT\", \"threshold\": \"BLOCK_ONLY_HIGH\"}]"
            ),
            SettingDescriptor(
                name: "streaming",
                type: "boolean",
                description: "Whether answers stream (streamGenerateContent); false fetches each answer whole "
                    + "with generateContent, for proxies that buffer server-sent events",
                defaultValue: true
            ),
        ],
        models: GeminiCatalog.models
    )

    static func makeProvider(_ context: ProviderContext) throws -> any Provider {
        GeminiProvider(context: context, settings: try GeminiSettings(context))
    }
}

/// The plugin's C entry point: hands the host the plugin's function table.
@_cdecl("switchboard_plugin_entry_v1")
public func switchboardPluginEntry(_ host: UnsafeRawPointer?) -> UnsafeRawPointer? {
    PluginExport.entry(host, GeminiPlugin.self)
}
