import Foundation
import SwitchboardKit

/// One Ollama server: streams chats, embeds, lists its installed models, checks its health.
struct OllamaProvider: Provider {
    let name: String
    private let settings: OllamaSettings
    private let http: ProviderHTTPClient
    private let requestMapper: OllamaRequestMapper

    /// Creates a provider named after `context`'s instance, talking through the host's transport.
    init(context: ProviderContext, settings: OllamaSettings) {
        let errorMapper = OllamaErrorMapper(provider: context.name)
        self.name = context.name
        self.settings = settings
        self.requestMapper = OllamaRequestMapper(provider: context.name, settings: settings)
        self.http = context.httpClient { head, body in errorMapper.error(head: head, body: body) }
    }

    func stream(_ request: ChatRequest) -> AsyncThrowingStream<StreamEvent, any Error> {
        .decoding(
            { [settings, http, requestMapper] in
                try await http.postNDJSON(
                    settings.endpoint("api/chat"),
                    headers: settings.headers,
                    body: try requestMapper.body(for: request),
                    timeout: settings.timeout
                )
            },
            with: { [name] in OllamaStreamDecoder(provider: name, model: request.model) }
        )
    }

    /// `POST /api/embed`: the vectors in the inputs' order, the input tokens from `prompt_eval_count`.
    func embed(_ request: EmbeddingRequest) async throws -> EmbeddingResponse {
        let answer = try await http.postJSON(
            OllamaEmbeddingsWire.Response.self, settings.endpoint("api/embed"), headers: settings.headers,
            json: OllamaEmbeddingsWire.Request(request), timeout: settings.timeout)
        guard answer.embeddings.count == request.inputs.count else {
            throw ProviderError(
                .server, "Ollama sent \(answer.embeddings.count) embeddings for \(request.inputs.count) inputs",
                provider: name)
        }
        return EmbeddingResponse(
            model: answer.model ?? request.model, provider: name, embeddings: answer.embeddings,
            usage: answer.promptEvalCount.map { Usage(inputUncached: $0) } ?? Usage(estimated: true))
    }

    /// The installed models (`/api/tags`), refined by `/api/show`.
    func models() async throws -> [ModelInfo] {
        try await OllamaModelDiscovery(settings: settings, http: http).models()
    }

    /// `GET /api/version`, timed.
    func health() async -> ProviderHealth {
        await ProviderHealth.measure(provider: name) {
            let version = try await http.json(
                OllamaWire.Version.self,
                HTTPRequest(
                    method: "GET",
                    url: settings.endpoint("api/version"),
                    headers: settings.headers,
                    timeout: settings.timeout
                )
            )
            return "Ollama \(version.version)"
        }
    }
}
