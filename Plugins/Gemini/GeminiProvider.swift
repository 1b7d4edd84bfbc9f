import Foundation
import SwitchboardKit

/// One Gemini API endpoint: streams and completes chats, embeds, lists its models, checks its health.
struct GeminiProvider: Provider {
    let name: String
    private let settings: GeminiSettings
    private let http: ProviderHTTPClient
    private let errorMapper: GeminiErrorMapper
    private let requestMapper: GeminiRequestMapper

    /// Creates a provider named after `context`'s instance, talking through the host's transport.
    init(context: ProviderContext, settings: GeminiSettings) {
        let errorMapper = GeminiErrorMapper(
            provider: context.name, apiKey: settings.apiKey,
            headerSecrets: SecretPolicy.credentialValues(in: settings.headers))
        self.name = context.name
        self.settings = settings
        self.errorMapper = errorMapper
        self.requestMapper = GeminiRequestMapper(provider: context.name, settings: settings)
        self.http = context.httpClient { head, body in errorMapper.error(head: head, body: body) }
    }

    /// Streams `streamGenerateContent?alt=sse`; with `streaming: false`, replays the whole `generateContent`
    /// answer as events.
    func stream(_ request: ChatRequest) -> AsyncThrowingStream<StreamEvent, any Error> {
        guard settings.streaming else {
            return .producing { [self] continuation in
                for event in try await generate(request) { continuation.yield(event) }
            }
        }
        return .decoding(
            { [settings, http, requestMapper] in
                if let missingKey = settings.missingKey { throw missingKey }
                return try await http.postSSE(
                    settings.endpoint(model: request.model, method: "streamGenerateContent?alt=sse"),
                    headers: settings.headers,
                    body: try requestMapper.body(for: request),
                    timeout: settings.timeout
                )
            },
            with: { [name, errorMapper] in
                GeminiStreamDecoder(provider: name, model: request.model, errorMapper: errorMapper)
            }
        )
    }

    /// Answers with one `generateContent` exchange, mapped the way the stream is.
    func complete(_ request: ChatRequest) async throws -> ChatResponse {
        var accumulator = StreamAccumulator(provider: name, model: request.model)
        for event in try await generate(request) { try accumulator.add(event) }
        return try accumulator.response()
    }

    /// `batchEmbedContents` exchanges, one after another, of at most 100 inputs each (Gemini's limit for a batch):
    /// a request per input, the vectors in the inputs' order. Gemini reports no token usage for embeddings, so the
    /// usage is left to the host's estimate.
    func embed(_ request: EmbeddingRequest) async throws -> EmbeddingResponse {
        if let missingKey = settings.missingKey { throw missingKey }
        var vectors: [[Float]] = []
        for batch in GeminiEmbeddingsWire.Request.batches(of: request) {
            let answer = try await http.postJSON(
                GeminiEmbeddingsWire.Response.self,
                settings.endpoint(model: request.model, method: "batchEmbedContents"),
                headers: settings.headers, json: batch, timeout: settings.timeout)
            guard answer.embeddings.count == batch.requests.count else {
                throw ProviderError(
                    .server, "Gemini sent \(answer.embeddings.count) embeddings for \(batch.requests.count) inputs",
                    provider: name)
            }
            vectors += answer.embeddings.map(\.values)
        }
        return EmbeddingResponse(
            model: request.model, provider: name, embeddings: vectors, usage: Usage(estimated: true))
    }

    /// The models `GET models` lists that can generate content or embed, merged with the catalog.
    func models() async throws -> [ModelInfo] {
        if let missingKey = settings.missingKey { throw missingKey }
        return try await GeminiModelDiscovery(settings: settings, http: http).models()
    }

    /// `GET models?pageSize=1`, timed.
    func health() async -> ProviderHealth {
        await ProviderHealth.measure(provider: name) {
            if let missingKey = settings.missingKey { throw missingKey }
            _ = try await GeminiModelDiscovery(settings: settings, http: http).page(size: 1, token: nil)
            return "the models endpoint answered"
        }
    }

    /// The events of one `generateContent` answer.
    private func generate(_ request: ChatRequest) async throws -> [StreamEvent] {
        if let missingKey = settings.missingKey { throw missingKey }
        let body = try requestMapper.body(for: request)
        let (_, document) = try await http.data(
            HTTPRequest(
                method: "POST",
                url: settings.endpoint(model: request.model, method: "generateContent"),
                headers: settings.headers + [HTTPHeader("accept", "application/json")]
                    + (settings.headers.contains { $0.name.lowercased() == "content-type" }
                        ? [] : [HTTPHeader("content-type", "application/json")]),
                body: body,
                timeout: settings.timeout
            )
        )
        var decoder = GeminiStreamDecoder(provider: name, model: request.model, errorMapper: errorMapper)
        return try decoder.decode(document: document) + decoder.end()
    }
}
