/// How one HTTP chat API is spoken, declared as data: where requests go, how they authenticate, how a
/// ``ChatRequest`` becomes a body, how the answer is framed (server-sent events, JSON lines, one document) and
/// decoded, and how failures map into ``ProviderError``.
///
/// ``WireProvider`` runs any such description; a provider is its wire plus a manifest:
/// ```swift
/// static let wire = WireProtocol(
///     chatPath: "chat", authentication: .bearer,
///     encode: { request, context in try ProviderHTTPClient.jsonBody(Body(request), provider: context.provider) },
///     decoder: { request, context in ChunkDecoder(provider: context.provider) },
///     error: { head, body, context in context.error(head, body) })
/// ```
/// SwitchboardKit ships OpenAI's Chat Completions as ``openAIChatCompletions(maxTokensField:includeUsage:)``; the
/// Anthropic, Gemini and Ollama plugins declare theirs the same way.
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

    /// How the answer to a chat request arrives, and so how it is requested and read.
    public struct Framing: Sendable {
        /// POSTs the body to the URL with the headers and timeout, and returns the answer's elements or document.
        let open:
            @Sendable (ProviderHTTPClient, String, [HTTPHeader], [UInt8], Duration?) async throws -> StreamedBody<
                Decoder.Input
            >

        /// The whole answer as one JSON document, which the decoder reads with
        /// ``StreamDecoder/decode(document:)``: for an endpoint that does not stream (Gemini's `generateContent`).
        public static var document: Self {
            Self { http, url, headers, body, timeout in
                .document(try await http.postDocument(url, headers: headers, body: body, timeout: timeout))
            }
        }
    }

    /// An embeddings endpoint: its path and the exchange that turns an ``EmbeddingRequest`` into vectors.
    public struct Embeddings: Sendable {
        /// The path under the API root for a request (`embeddings`; Gemini puts the model in it).
        public var path: @Sendable (EmbeddingRequest) -> String
        /// Sends `request` through the exchange and reads the answer.
        public var embed: @Sendable (EmbeddingRequest, WireExchange) async throws -> EmbeddingResponse

        /// Creates an embeddings endpoint at the fixed `path`.
        public init(
            path: String, embed: @escaping @Sendable (EmbeddingRequest, WireExchange) async throws -> EmbeddingResponse
        ) {
            self.init(path: { _ in path }, embed: embed)
        }

        /// Creates an embeddings endpoint whose path depends on the request.
        public init(
            path: @escaping @Sendable (EmbeddingRequest) -> String,
            embed: @escaping @Sendable (EmbeddingRequest, WireExchange) async throws -> EmbeddingResponse
        ) {
            self.path = path
            self.embed = embed
        }
    }

    /// A live model list: its path and the exchange that reads it. Unless the wire has a ``HealthCheck``, it is also
    /// the health check.
    public struct ModelListing: Sendable {
        /// The path under the API root (`models`).
        public var path: String
        /// Fetches the list (every page of it) and describes each model, e.g. with ``WireExchange/describe``.
        public var models: @Sendable (WireExchange) async throws -> [ModelInfo]

        /// Creates a model listing.
        public init(path: String, models: @escaping @Sendable (WireExchange) async throws -> [ModelInfo]) {
            self.path = path
            self.models = models
        }
    }

    /// A cheap request that tells whether the API answers: its path and the exchange, which returns what the health
    /// report says (`Ollama 0.12.3`).
    public struct HealthCheck: Sendable {
        /// The path under the API root (`api/version`).
        public var path: String
        /// Sends the request and describes the answer.
        public var check: @Sendable (WireExchange) async throws -> String

        /// Creates a health check.
        public init(path: String, check: @escaping @Sendable (WireExchange) async throws -> String) {
            self.path = path
            self.check = check
        }
    }

    /// The path of the chat endpoint under the API root, for a request (Gemini puts the model in it).
    public var chatPath: @Sendable (ChatRequest) -> String
    /// How the answer arrives: streamed (server-sent events, JSON lines) or as one ``Framing/document``.
    public var framing: Framing
    /// How the API key travels.
    public var authentication: Authentication
    /// Headers the API wants on every request (e.g. `anthropic-version`); configured headers replace them.
    public var headers: [HTTPHeader]
    /// The body of the chat request.
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
    /// The health check; nil to use the model list (or, without one, to report healthy unchecked).
    public var healthCheck: HealthCheck?

    /// An API whose chat endpoint for a request is `chatPath` under the API root and whose answers arrive as
    /// `framing` says.
    public init(
        chatPath: @escaping @Sendable (ChatRequest) -> String,
        framing: Framing,
        authentication: Authentication,
        headers: [HTTPHeader] = [],
        encode: @escaping @Sendable (ChatRequest, WireContext) throws -> [UInt8],
        decoder: @escaping @Sendable (ChatRequest, WireContext) -> Decoder,
        error: @escaping @Sendable (HTTPResponseHead, [UInt8], WireContext) -> ProviderError,
        embeddings: Embeddings? = nil,
        modelListing: ModelListing? = nil,
        healthCheck: HealthCheck? = nil
    ) {
        self.chatPath = chatPath
        self.framing = framing
        self.authentication = authentication
        self.headers = headers
        self.encode = encode
        self.decoder = decoder
        self.error = error
        self.embeddings = embeddings
        self.modelListing = modelListing
        self.healthCheck = healthCheck
    }
}

extension WireProtocol.Framing where Decoder.Input == ServerSentEvent {
    /// Server-sent events (`text/event-stream`), or the whole JSON document a server sends instead (see
    /// ``StreamedBody``).
    public static var serverSentEvents: Self {
        Self { http, url, headers, body, timeout in
            try await http.postSSE(url, headers: headers, body: body, timeout: timeout)
        }
    }
}

extension WireProtocol.Framing where Decoder.Input == [UInt8] {
    /// Newline-delimited JSON (Ollama's `application/x-ndjson`), one line per element, or the whole JSON document a
    /// server sends instead.
    public static var jsonLines: Self {
        Self { http, url, headers, body, timeout in
            try await http.postNDJSON(url, headers: headers, body: body, timeout: timeout)
        }
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
        modelListing: ModelListing? = nil,
        healthCheck: HealthCheck? = nil
    ) {
        self.init(
            chatPath: { _ in chatPath }, framing: .serverSentEvents, authentication: authentication, headers: headers,
            encode: encode, decoder: decoder, error: error, embeddings: embeddings, modelListing: modelListing,
            healthCheck: healthCheck)
    }
}
