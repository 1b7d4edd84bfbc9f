import Foundation
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
        settings: .declaring(GeminiSettings.all),
        models: GeminiCatalog.models
    )

    /// The Gemini API: `models/{model}:streamGenerateContent?alt=sse` (or, not streaming, `:generateContent`, one
    /// JSON document), the key in `x-goog-api-key` (never in the URL), `batchEmbedContents`, and the paged model
    /// list, whose first page is the health check.
    static func wire(safetySettings: JSONValue?, streaming: Bool) -> WireProtocol<GeminiStreamDecoder> {
        let method = streaming ? "streamGenerateContent?alt=sse" : "generateContent"
        return WireProtocol(
            chatPath: { request in path(model: request.model, method: method) },
            framing: streaming ? .serverSentEvents : .document,
            authentication: .header("x-goog-api-key"),
            encode: { request, context in
                try GeminiRequestMapper(provider: context.provider, safetySettings: safetySettings).body(for: request)
            },
            decoder: { request, context in
                GeminiStreamDecoder(
                    provider: context.provider, model: request.model, errorMapper: GeminiErrorMapper(context: context))
            },
            error: { head, body, context in GeminiErrorMapper(context: context).error(head: head, body: body) },
            embeddings: .geminiBatchEmbeddings,
            modelListing: .geminiModels,
            healthCheck: .geminiModelsPage
        )
    }

    static func makeProvider(_ context: ProviderContext) throws -> any Provider {
        let wire = wire(
            safetySettings: try context[GeminiSettings.safetySettings], streaming: try context[GeminiSettings.streaming]
        )
        return try WireProvider(context, wire: wire, settings: GeminiSettings.http, catalog: GeminiCatalog.models)
    }

    /// The path of `method` (`generateContent`, `batchEmbedContents`, …) for `model`: a bare id goes under
    /// `models/`; a resource name (`models/…`, `tunedModels/…`) is used as it is.
    static func path(model: String, method: String) -> String {
        let resource = model.contains("/") ? model : "models/\(model)"
        return "\(resource.percentEncoded(keeping: "/")):\(method)"
    }
}

/// The plugin's C entry point: hands the host the plugin's function table.
@_cdecl("switchboard_plugin_entry_v1")
public func switchboardPluginEntry(_ host: UnsafeRawPointer?) -> UnsafeRawPointer? {
    PluginExport.entry(host, GeminiPlugin.self)
}
