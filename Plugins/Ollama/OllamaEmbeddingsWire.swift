import SwitchboardKit

/// The JSON shapes of Ollama's `POST /api/embed`, as this plugin sends and reads them.
enum OllamaEmbeddingsWire {
    /// `{"model":…,"input":["…"],"dimensions":…}`.
    struct Request: Encodable {
        var model: String
        var input: [String]
        var dimensions: Int?

        init(_ request: EmbeddingRequest) {
            model = request.model
            input = request.inputs
            dimensions = request.dimensions
        }
    }

    /// `{"model":…,"embeddings":[[…],…],"total_duration":…,"load_duration":…,"prompt_eval_count":…}`.
    struct Response: Decodable {
        var model: String?
        var embeddings: [[Float]]
        var promptEvalCount: Int?

        private enum CodingKeys: String, CodingKey {
            case model, embeddings, promptEvalCount = "prompt_eval_count"
        }
    }
}

extension WireProtocol.Embeddings {
    /// `POST api/embed`: the vectors in the inputs' order, the input tokens from `prompt_eval_count`.
    static var ollamaEmbed: Self {
        Self(path: "api/embed") { request, exchange in
            let provider = exchange.context.provider
            let answer = try await exchange.http.postJSON(
                OllamaEmbeddingsWire.Response.self, exchange.url, headers: exchange.headers,
                json: OllamaEmbeddingsWire.Request(request), timeout: exchange.timeout)
            guard answer.embeddings.count == request.inputs.count else {
                throw ProviderError(
                    .server, "Ollama sent \(answer.embeddings.count) embeddings for \(request.inputs.count) inputs",
                    provider: provider)
            }
            return EmbeddingResponse(
                model: answer.model ?? request.model, provider: provider, embeddings: answer.embeddings,
                usage: answer.promptEvalCount.map { Usage(inputUncached: $0) } ?? Usage(estimated: true))
        }
    }
}
