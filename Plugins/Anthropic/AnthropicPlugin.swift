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
        settings: .declaring(AnthropicSettings.all),
        models: AnthropicCatalog.models
    )

    /// The Messages API: `POST v1/messages` with the key in `x-api-key`, streamed as server-sent events, and the
    /// paged model list at `GET v1/models`.
    static func wire(defaultMaxTokens: Int) -> WireProtocol<AnthropicStreamDecoder> {
        WireProtocol(
            chatPath: "v1/messages",
            authentication: .header("x-api-key"),
            encode: { request, context in
                try AnthropicRequestMapper(provider: context.provider, defaultMaxTokens: defaultMaxTokens)
                    .body(for: request)
            },
            decoder: { request, context in
                AnthropicStreamDecoder(
                    provider: context.provider, model: request.model,
                    errorMapper: AnthropicErrorMapper(context: context))
            },
            error: { head, body, context in AnthropicErrorMapper(context: context).error(head: head, body: body) },
            modelListing: .anthropicModels
        )
    }

    static func makeProvider(_ context: ProviderContext) throws -> any Provider {
        try WireProvider(
            context, wire: wire(defaultMaxTokens: try context[AnthropicSettings.maxTokens]),
            settings: AnthropicSettings.http, catalog: AnthropicCatalog.models,
            headers: try AnthropicSettings.headers(context))
    }
}

/// The plugin's C entry point: hands the host the plugin's function table.
@_cdecl("switchboard_plugin_entry_v1")
public func switchboardPluginEntry(_ host: UnsafeRawPointer?) -> UnsafeRawPointer? {
    PluginExport.entry(host, AnthropicPlugin.self)
}
