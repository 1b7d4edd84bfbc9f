import SwitchboardKit

/// The Ollama plugin: models served by a local (or LAN) Ollama through its native `/api/chat`.
enum OllamaPlugin: ProviderPlugin {
    static let manifest = PluginManifest(
        id: "ollama",
        name: "Ollama",
        version: "1.0.0",
        description: "Local models served by Ollama's native API, streamed as NDJSON, with live model discovery",
        providerKinds: ["ollama"],
        settings: [
            SettingDescriptor(
                name: "base_url",
                type: "string",
                description: "The Ollama server, without /api",
                defaultValue: .string(OllamaSettings.defaultBaseURL)
            ),
            SettingDescriptor(
                name: "keep_alive",
                type: "string",
                description: "How long Ollama keeps the model loaded after a request (\"5m\", \"1h\", \"-1\" for ever, "
                    + "or a number of seconds); Ollama's default when absent"
            ),
            SettingDescriptor(
                name: "timeout_seconds",
                type: "number",
                description: "The longest one exchange may take (loading a model can take a while); "
                    + "the host's default when absent"
            ),
            SettingDescriptor(
                name: "headers",
                type: "object",
                description: "Extra HTTP headers sent with every request (e.g. for a reverse proxy's authentication)"
            ),
        ],
        models: OllamaCatalog.models
    )

    static func makeProvider(_ context: ProviderContext) throws -> any Provider {
        OllamaProvider(context: context, settings: try OllamaSettings(context))
    }
}

/// The plugin's C entry point: hands the host the plugin's function table.
@_cdecl("switchboard_plugin_entry_v1")
public func switchboardPluginEntry(_ host: UnsafeRawPointer?) -> UnsafeRawPointer? {
    PluginExport.entry(host, OllamaPlugin.self)
}
