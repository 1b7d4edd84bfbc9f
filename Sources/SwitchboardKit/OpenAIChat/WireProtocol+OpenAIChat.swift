extension WireProtocol where Decoder == OpenAIStreamDecoder {
    /// OpenAI's Chat Completions, as OpenAI and every compatible server speak it (DeepSeek, Groq, Mistral, vLLM,
    /// LM Studio, …): `POST chat/completions` streamed as server-sent events, a bearer key, errors read from
    /// `{"error":{"message":…,"type":…,"code":…}}`, the model list at `GET models`. No embeddings: OpenAI's own
    /// plugin adds ``openAIEmbeddings``.
    /// - Parameters:
    ///   - maxTokensField: the request field carrying the output token limit.
    ///   - includeUsage: whether to ask for a usage chunk at the end of the stream (`stream_options`).
    public static func openAIChatCompletions(
        maxTokensField: OpenAIMaxTokensField = .maxCompletionTokens, includeUsage: Bool = true
    ) -> Self {
        Self(
            chatPath: "chat/completions",
            authentication: .bearer,
            encode: { request, context in
                try OpenAIRequestMapper(
                    provider: context.provider, maxTokensField: maxTokensField, includeUsage: includeUsage
                ).body(for: request)
            },
            decoder: { request, context in
                OpenAIStreamDecoder(
                    provider: context.provider, model: request.model, errorMapper: OpenAIErrorMapper(context))
            },
            error: { head, body, context in OpenAIErrorMapper(context).error(head: head, body: body) },
            modelListing: .openAIModels
        )
    }
}

extension WireProtocol.ModelListing {
    /// `GET models`, answered with `{"data":[{"id":…},…]}`; each id described by ``WireExchange/describe``.
    public static var openAIModels: Self {
        Self(path: "models") { exchange in
            try await exchange.getJSON(OpenAIWire.ModelList.self).data.map { exchange.describe($0.id) }
        }
    }
}

extension WireProtocol.Embeddings {
    /// `POST embeddings` as OpenAI's Embeddings API takes it: the vectors in the inputs' order.
    public static var openAIEmbeddings: Self {
        Self(path: "embeddings") { request, exchange in
            let provider = exchange.context.provider
            let answer = try await exchange.http.postJSON(
                OpenAIEmbeddingsWire.Response.self, exchange.url, headers: exchange.headers,
                json: OpenAIEmbeddingsWire.Request(request), timeout: exchange.timeout)
            let vectors = answer.data.sorted { $0.index < $1.index }.map(\.embedding.values)
            guard vectors.count == request.inputs.count else {
                throw ProviderError(
                    .server, "the server sent \(vectors.count) embeddings for \(request.inputs.count) inputs",
                    provider: provider)
            }
            let usage = answer.usage.map { Usage(inputUncached: $0.promptTokens) } ?? Usage(estimated: true)
            return EmbeddingResponse(
                model: answer.model ?? request.model, provider: provider, embeddings: vectors, usage: usage)
        }
    }
}

extension OpenAIErrorMapper {
    /// A mapper for the instance `context` describes, redacting its secrets.
    fileprivate init(_ context: WireContext) {
        self.init(provider: context.provider, apiKey: nil, headerSecrets: context.secrets)
    }
}
