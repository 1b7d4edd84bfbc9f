import SwitchboardKit

/// The JSON shapes of Gemini's `models/{model}:batchEmbedContents`, as this plugin sends and reads them.
enum GeminiEmbeddingsWire {
    /// `{"requests":[{"model":"models/…","content":{"parts":[{"text":…}]},"outputDimensionality":…}]}`: one request
    /// per input, each naming the model again (Gemini refuses a request whose model differs from the URL's).
    struct Request: Encodable {
        /// The most requests Gemini takes in one batch; more is a 400 ("at most 100 requests can be in one batch").
        static let batchLimit = 100

        var requests: [Item]

        /// The batches that carry `request`'s inputs, in order, each within ``batchLimit``.
        static func batches(of request: EmbeddingRequest) -> [Request] {
            let model = request.model.contains("/") ? request.model : "models/\(request.model)"
            return stride(from: 0, to: request.inputs.count, by: batchLimit).map { start in
                let inputs = request.inputs[start..<min(start + batchLimit, request.inputs.count)]
                return Request(
                    requests: inputs.map { text in
                        Item(
                            model: model, content: Content(parts: [Part(text: text)]),
                            outputDimensionality: request.dimensions)
                    })
            }
        }
    }

    /// One input's request.
    struct Item: Encodable {
        var model: String
        var content: Content
        var outputDimensionality: Int?
    }

    /// `{"parts":[…]}`.
    struct Content: Encodable {
        var parts: [Part]
    }

    /// `{"text":…}`.
    struct Part: Encodable {
        var text: String
    }

    /// `{"embeddings":[{"values":[…]},…]}`, in the requests' order; Gemini reports no token usage here.
    struct Response: Decodable {
        var embeddings: [Embedding]
    }

    /// `{"values":[…]}`.
    struct Embedding: Decodable {
        var values: [Float]
    }
}

extension WireProtocol.Embeddings {
    /// `models/{model}:batchEmbedContents` exchanges, one after another, of at most 100 inputs each (Gemini's limit
    /// for a batch): a request per input, the vectors in the inputs' order. Gemini reports no token usage for
    /// embeddings, so the usage is left to the host's estimate.
    static var geminiBatchEmbeddings: Self {
        Self(path: { request in GeminiPlugin.path(model: request.model, method: "batchEmbedContents") }) {
            request, exchange in
            var vectors: [[Float]] = []
            for batch in GeminiEmbeddingsWire.Request.batches(of: request) {
                let answer = try await exchange.http.postJSON(
                    GeminiEmbeddingsWire.Response.self, exchange.url, headers: exchange.headers, json: batch,
                    timeout: exchange.timeout)
                guard answer.embeddings.count == batch.requests.count else {
                    throw ProviderError(
                        .server,
                        "Gemini sent \(answer.embeddings.count) embeddings for \(batch.requests.count) inputs",
                        provider: exchange.context.provider)
                }
                vectors += answer.embeddings.map(\.values)
            }
            return EmbeddingResponse(
                model: request.model, provider: exchange.context.provider, embeddings: vectors,
                usage: Usage(estimated: true))
        }
    }
}
