import SwitchboardKit

/// Skeleton's chat API as a Switchboard plugin: its manifest, and the wire description `WireProvider` runs. Replace
/// the placeholder wire format with your API's: POST {base_url}/chat {"model":…,"messages":[{"role":…,"content":…}],…}
/// streams events {"delta":"Hel"} … {"finish_reason":"stop","usage":{"input_tokens":9,"output_tokens":4}}.
enum SkeletonPlugin: ProviderPlugin {
    static let settings = HTTPSettings(baseURL: "https://api.skeleton.example/v1", apiKeyVariables: "SKELETON_API_KEY")
    static let manifest = PluginManifest(
        id: "skeleton", name: "Skeleton", version: "0.1.0",
        description: "Skeleton's chat API, streamed over server-sent events", providerKinds: ["skeleton"],
        settings: .declaring(settings), models: [model])
    static let model = ModelInfo(
        id: "skeleton-chat", capabilities: [.chat, .code], contextWindow: 32_768, maxOutputTokens: 4_096,
        pricing: Pricing(input: 0.5, output: 1.5), tier: .standard)
    static let wire = WireProtocol(
        chatPath: "chat", authentication: .bearer,
        encode: { request, context in try ProviderHTTPClient.jsonBody(try Body(request), provider: context.provider) },
        decoder: { _, context in ChunkDecoder(provider: context.provider) },
        error: HTTPErrorMapping.mapper(codes: ["context_length_exceeded": .contextWindowExceeded]))
    static func makeProvider(_ context: ProviderContext) throws -> any Provider {
        try WireProvider(context, wire: wire, settings: settings, catalog: manifest.models)
    }
}

/// The plugin's C entry point: hands the host the plugin's function table.
@_cdecl("switchboard_plugin_entry_v1")
public func switchboardPluginEntry(_ host: UnsafeRawPointer?) -> UnsafeRawPointer? {
    PluginExport.entry(host, SkeletonPlugin.self)
}

/// The request: `{"model":…,"messages":[{"role":…,"content":…}],"max_tokens":…,"stream":true}`.
struct Body: Encodable {
    struct Message: Encodable { var role, content: String }
    var model: String, messages: [Message], maxTokens: Int?, stream = true
    init(_ request: ChatRequest) throws {
        guard request.tools.isEmpty else { throw ProviderError(.unsupported, "Skeleton's API takes no tools") }
        (model, maxTokens) = (request.model, request.maxOutputTokens)
        messages = request.messages.map { Message(role: $0.role.rawValue, content: $0.text) }
    }
}

/// One streamed event: `{"delta":…}`, `{"finish_reason":…,"usage":{…}}` or `{"error":{"message":…}}`.
struct ChunkDecoder: StreamDecoder {
    struct Chunk: Decodable {
        struct Tokens: Decodable { var inputTokens, outputTokens: Int }
        var delta, finishReason: String?, usage: Tokens?, error: [String: String]?
    }
    var provider: String, isComplete = false
    mutating func decode(_ event: ServerSentEvent) throws -> [StreamEvent] {
        let chunk = try event.json(Chunk.self, provider: provider)
        if let error = chunk.error { throw ProviderError(.server, error["message"] ?? "error", provider: provider) }
        var events: [StreamEvent] = chunk.delta.map { [.textDelta($0)] } ?? []
        if let tokens = chunk.usage {
            events.append(.usage(Usage(inputUncached: tokens.inputTokens, outputText: tokens.outputTokens)))
        }
        if let reason = chunk.finishReason { events.append(.finish(FinishReason(rawValue: reason))) }
        isComplete = chunk.finishReason != nil
        return events
    }
}
