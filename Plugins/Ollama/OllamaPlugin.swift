import SwitchboardKit

/// The Ollama plugin: models served by a local (or LAN) Ollama through its native `/api/chat`.
enum OllamaPlugin: ProviderPlugin {
    static let manifest = PluginManifest(
        id: "ollama",
        name: "Ollama",
        version: "1.0.0",
        description: "Local models served by Ollama's native API, streamed as NDJSON, with live model discovery",
        providerKinds: ["ollama"],
        settings: .declaring(OllamaSettings.all),
        models: OllamaCatalog.models
    )

    /// Ollama's native API: `POST api/chat` streamed as JSON lines, `api/embed`, the installed models from
    /// `api/tags` and `api/show`, and `api/version` as the health check. A key, when there is one, goes as a bearer
    /// token.
    static func wire(keepAlive: JSONValue?) -> WireProtocol<OllamaStreamDecoder> {
        WireProtocol(
            chatPath: { _ in "api/chat" },
            framing: .jsonLines,
            authentication: .bearer,
            encode: { request, context in
                try OllamaRequestMapper(provider: context.provider, keepAlive: keepAlive).body(for: request)
            },
            decoder: { request, context in OllamaStreamDecoder(provider: context.provider, model: request.model) },
            error: { head, body, context in OllamaErrorMapper(context: context).error(head: head, body: body) },
            embeddings: .ollamaEmbed,
            modelListing: .ollamaInstalledModels,
            healthCheck: .ollamaVersion
        )
    }

    static func makeProvider(_ context: ProviderContext) throws -> any Provider {
        try WireProvider(
            context, wire: wire(keepAlive: try context[OllamaSettings.keepAlive]), settings: OllamaSettings.http,
            catalog: OllamaCatalog.models)
    }
}

extension WireProtocol.HealthCheck {
    /// `GET api/version`: `Ollama 0.12.3`.
    static var ollamaVersion: Self {
        Self(path: "api/version") { exchange in
            "Ollama \(try await exchange.getJSON(OllamaWire.Version.self).version)"
        }
    }
}

/// The plugin's C entry point: hands the host the plugin's function table.
@_cdecl("switchboard_plugin_entry_v1")
public func switchboardPluginEntry(_ host: UnsafeRawPointer?) -> UnsafeRawPointer? {
    PluginExport.entry(host, OllamaPlugin.self)
}
