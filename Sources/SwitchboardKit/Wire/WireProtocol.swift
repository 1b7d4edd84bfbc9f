/// How one HTTP chat API is spoken, declared as data: where requests go, how they authenticate, how a
/// ``ChatRequest`` becomes a body, how the stream decodes and how failures map into ``ProviderError``.
///
/// ``WireProvider`` runs any such description; a provider is its wire plus a manifest:
/// ```swift
/// static let wire = WireProtocol(
///     chatPath: "chat", authentication: .bearer,
///     encode: { request, context in try ProviderHTTPClient.jsonBody(Body(request), provider: context.provider) },
///     decoder: { request, context in ChunkDecoder(provider: context.provider) },
///     error: { head, body, context in context.error(head, body) })
/// ```
/// SwitchboardKit ships OpenAI's Chat Completions as ``openAIChatCompletions(maxTokensField:includeUsage:)``.
public struct WireProtocol<Decoder: StreamDecoder>: Sendable {
    /// How the API key travels.
    public enum Authentication: Sendable, Hashable {
        /// `Authorization: Bearer KEY` (OpenAI and most others).
        case bearer
        /// The key as the whole value of the header `name` (`x-api-key`, `x-goog-api-key`, Azure's `api-key`).
        case header(String)
        /// No key is sent.
        case none

        /// The headers carrying `apiKey`; none without a key.
        public func headers(_ apiKey: String?) -> [HTTPHeader] {
            switch (self, apiKey) {
            case (.bearer, let key?): [HTTPHeader("authorization", "Bearer \(key)")]
            case (.header(let name), let key?): [HTTPHeader(name, key)]
            default: []
            }
        }
    }

    /// An embeddings endpoint: its path and the exchange that turns an ``EmbeddingRequest`` into vectors.
    public struct Embeddings: Sendable {
        /// The path under the API root (`embeddings`).
        public var path: String
        /// Sends `request` through the exchange and reads the answer.
        public var embed: @Sendable (EmbeddingRequest, WireExchange) async throws -> EmbeddingResponse

        /// Creates an embeddings endpoint.
        public init(
            path: String, embed: @escaping @Sendable (EmbeddingRequest, WireExchange) async throws -> EmbeddingResponse
        ) {
            self.path = path
            self.embed = embed
        }
    }

    /// A live model list: its path and the exchange that reads the listed ids. It is also the health check.
    public struct ModelListing: Sendable {
        /// The path under the API root (`models`).
        public var path: String
        /// Fetches the list and returns the model ids.
        public var ids: @Sendable (WireExchange) async throws -> [String]

        /// Creates a model listing.
        public init(path: String, ids: @escaping @Sendable (WireExchange) async throws -> [String]) {
            self.path = path
            self.ids = ids
        }
    }

    /// The path of the streaming chat endpoint under the API root, for a request (Gemini puts the model in it).
    public var chatPath: @Sendable (ChatRequest) -> String
    /// How the API key travels.
    public var authentication: Authentication
    /// Headers the API wants on every request (e.g. `anthropic-version`); configured headers replace them.
    public var headers: [HTTPHeader]
    /// The body of the streaming chat request.
    /// - Throws: `unsupported` or `invalid_request` for a request the API cannot express.
    public var encode: @Sendable (ChatRequest, WireContext) throws -> [UInt8]
    /// A fresh stream decoder for the answer to a request.
    public var decoder: @Sendable (ChatRequest, WireContext) -> Decoder
    /// The error for a non-2xx response.
    public var error: @Sendable (HTTPResponseHead, [UInt8], WireContext) -> ProviderError
    /// The embeddings endpoint; nil when the API has none.
    public var embeddings: Embeddings?
    /// The live model list; nil when the API has none (the catalog is then the list).
    public var modelListing: ModelListing?
    /// Sends the chat request and frames the answer: server-sent events or JSON lines.
    let open:
        @Sendable (ProviderHTTPClient, String, [HTTPHeader], [UInt8], Duration?) async throws -> StreamedBody<
            Decoder.Input
        >

    private init(
        chatPath: @escaping @Sendable (ChatRequest) -> String,
        authentication: Authentication,
        headers: [HTTPHeader],
        encode: @escaping @Sendable (ChatRequest, WireContext) throws -> [UInt8],
        decoder: @escaping @Sendable (ChatRequest, WireContext) -> Decoder,
        error: @escaping @Sendable (HTTPResponseHead, [UInt8], WireContext) -> ProviderError,
        embeddings: Embeddings?,
        modelListing: ModelListing?,
        open:
            @escaping @Sendable (ProviderHTTPClient, String, [HTTPHeader], [UInt8], Duration?) async throws
            -> StreamedBody<Decoder.Input>
    ) {
        self.chatPath = chatPath
        self.authentication = authentication
        self.headers = headers
        self.encode = encode
        self.decoder = decoder
        self.error = error
        self.embeddings = embeddings
        self.modelListing = modelListing
        self.open = open
    }
}

extension WireProtocol where Decoder.Input == ServerSentEvent {
    /// An API that streams its answers as server-sent events.
    public init(
        chatPath: String,
        authentication: Authentication,
        headers: [HTTPHeader] = [],
        encode: @escaping @Sendable (ChatRequest, WireContext) throws -> [UInt8],
        decoder: @escaping @Sendable (ChatRequest, WireContext) -> Decoder,
        error: @escaping @Sendable (HTTPResponseHead, [UInt8], WireContext) -> ProviderError,
        embeddings: Embeddings? = nil,
        modelListing: ModelListing? = nil
    ) {
        self.init(
            chatPath: { _ in chatPath }, authentication: authentication, headers: headers, encode: encode,
            decoder: decoder, error: error, embeddings: embeddings, modelListing: modelListing,
            open: { http, url, headers, body, timeout in
                try await http.postSSE(url, headers: headers, body: body, timeout: timeout)
            })
    }
}
