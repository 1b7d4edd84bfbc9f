import Foundation
import SwitchboardKit

/// One OpenAI-compatible endpoint: streams chat completions, embeds, lists its models, checks its health.
struct OpenAIProvider: Provider {
    let name: String
    private let settings: OpenAISettings
    private let http: ProviderHTTPClient
    private let errorMapper: OpenAIErrorMapper
    private let requestMapper: OpenAIRequestMapper

    /// Creates a provider named after `context`'s instance, talking through the host's transport.
    init(context: ProviderContext, settings: OpenAISettings) {
        let errorMapper = OpenAIErrorMapper(
            provider: context.name, apiKey: settings.apiKey,
            headerSecrets: SecretPolicy.credentialValues(in: settings.headers))
        self.name = context.name
        self.settings = settings
        self.errorMapper = errorMapper
        self.requestMapper = OpenAIRequestMapper(provider: context.name, settings: settings)
        self.http = context.httpClient { head, body in errorMapper.error(head: head, body: body) }
    }

    func stream(_ request: ChatRequest) -> AsyncThrowingStream<StreamEvent, any Error> {
        .decoding(
            { [settings, http, requestMapper] in
                try await http.postSSE(
                    settings.endpoint("chat/completions"),
                    headers: settings.headers,
                    body: try requestMapper.body(for: request),
                    timeout: settings.timeout
                )
            },
            with: { [name, errorMapper] in
                OpenAIStreamDecoder(provider: name, model: request.model, errorMapper: errorMapper)
            }
        )
    }

    /// `POST /embeddings` (Azure: under the deployment, with `api-version`): the vectors in the inputs' order.
    func embed(_ request: EmbeddingRequest) async throws -> EmbeddingResponse {
        let answer = try await http.postJSON(
            OpenAIEmbeddingsWire.Response.self, settings.endpoint("embeddings"), headers: settings.headers,
            json: OpenAIEmbeddingsWire.Request(request), timeout: settings.timeout)
        let vectors = answer.data.sorted { $0.index < $1.index }.map(\.embedding.values)
        guard vectors.count == request.inputs.count else {
            throw ProviderError(
                .server, "the server sent \(vectors.count) embeddings for \(request.inputs.count) inputs",
                provider: name)
        }
        let usage =
            answer.usage.map { Usage(inputUncached: $0.promptTokens) } ?? Usage(estimated: true)
        return EmbeddingResponse(
            model: answer.model ?? request.model, provider: name, embeddings: vectors, usage: usage)
    }

    /// The models `GET /models` lists, each merged with its catalog entry when there is one.
    func models() async throws -> [ModelInfo] {
        try await listModels().map { OpenAICatalog.model(id: $0.id, serverIsLocal: settings.serverIsLocal) }
    }

    /// `GET /models`, timed.
    func health() async -> ProviderHealth {
        await ProviderHealth.measure(provider: name) {
            let count = try await listModels().count
            return "\(count) model\(count == 1 ? "" : "s") listed"
        }
    }

    private func listModels() async throws -> [OpenAIWire.ModelEntry] {
        let request = HTTPRequest(
            method: "GET",
            url: settings.endpoint("models"),
            headers: settings.headers + [HTTPHeader("accept", "application/json")],
            timeout: settings.timeout
        )
        return try await http.json(OpenAIWire.ModelList.self, request).data
    }
}
