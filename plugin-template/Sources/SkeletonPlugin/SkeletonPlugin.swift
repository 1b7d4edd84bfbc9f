import Foundation
import SwitchboardKit

// Skeleton's chat API as a Switchboard plugin: manifest, request encoding, stream decoding, error mapping. Replace the
// placeholder wire format with your API's: POST {base_url}/chat {"model":…,"messages":[{"role":…,"content":…}],…}
// streams events {"delta":"Hel"} … {"finish_reason":"stop","usage":{"input_tokens":9,"output_tokens":4}}.

/// The plugin: what it offers (readable without an instance) and how an instance is made.
enum SkeletonPlugin: ProviderPlugin {
    static let defaultBaseURL = "https://api.skeleton.example/v1"
    static let manifest = PluginManifest(
        id: "skeleton",
        name: "Skeleton",
        version: "0.1.0",
        description: "Skeleton's chat API, streamed over server-sent events",
        providerKinds: ["skeleton"],
        settings: [.baseURL(default: defaultBaseURL)] + SettingDescriptor.apiKey(variable: "SKELETON_API_KEY"),
        models: [
            ModelInfo(
                id: "skeleton-chat", capabilities: [.chat, .code], contextWindow: 32_768, maxOutputTokens: 4_096,
                pricing: Pricing(input: 0.5, output: 1.5), tier: .standard)
        ]
    )

    static func makeProvider(_ context: ProviderContext) throws -> any Provider { try SkeletonProvider(context) }
}

/// The plugin's C entry point: hands the host the plugin's function table.
@_cdecl("switchboard_plugin_entry_v1")
public func switchboardPluginEntry(_ host: UnsafeRawPointer?) -> UnsafeRawPointer? {
    PluginExport.entry(host, SkeletonPlugin.self)
}

/// One Skeleton endpoint, streaming chats through the host's HTTP transport.
struct SkeletonProvider: Provider {
    let name, url: String
    let headers: [HTTPHeader]
    let http: ProviderHTTPClient

    init(_ context: ProviderContext) throws {
        let apiKey = try context.apiKey(fallbackVariables: ["SKELETON_API_KEY"])
        name = context.name
        url = try context.httpURL("base_url", default: SkeletonPlugin.defaultBaseURL).absoluteString + "/chat"
        headers = apiKey.map { [HTTPHeader("authorization", "Bearer \($0)")] } ?? []
        http = context.httpClient { head, body in Self.error(head, body, provider: context.name, apiKey: apiKey) }
    }

    func models() async throws -> [ModelInfo] { SkeletonPlugin.manifest.models }

    func stream(_ request: ChatRequest) -> AsyncThrowingStream<StreamEvent, any Error> {
        .decoding(
            { [url, headers, http] in try await http.postSSE(url, headers: headers, json: try Self.body(request)) },
            with: { [name] in ChunkDecoder(provider: name) })
    }

    // MARK: Request encoding

    struct Body: Encodable {
        struct Message: Encodable { var role, content: String }
        var model: String, messages: [Message], maxTokens: Int?, stream = true
    }

    static func body(_ request: ChatRequest) throws -> Body {
        guard request.tools.isEmpty else { throw ProviderError(.unsupported, "Skeleton's API takes no tools") }
        let messages = request.messages.map { Body.Message(role: $0.role.rawValue, content: $0.text) }
        return Body(model: request.model, messages: messages, maxTokens: request.maxOutputTokens)
    }

    // MARK: Stream decoding

    struct Chunk: Decodable {
        struct Tokens: Decodable { var inputTokens, outputTokens: Int }
        var delta, finishReason: String?, usage: Tokens?, error: [String: String]?
    }

    struct ChunkDecoder: StreamDecoder {
        let provider: String
        var isComplete = false

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

    // MARK: Error mapping

    static func error(_ head: HTTPResponseHead, _ body: [UInt8], provider: String, apiKey: String?) -> ProviderError {
        let codes: [String: ProviderError.Kind] = ["context_length_exceeded": .contextWindowExceeded]
        return HTTPErrorMapping.error(head: head, body: body, provider: provider, codes: codes, secrets: [apiKey])
    }
}
