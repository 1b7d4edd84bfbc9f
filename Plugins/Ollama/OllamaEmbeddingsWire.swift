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
