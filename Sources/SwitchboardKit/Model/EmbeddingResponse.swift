/// The answer to an ``EmbeddingRequest``: one vector per input, in the inputs' order, and what it used.
///
/// JSON (the `embeddings` event a plugin delivers, with `"type":"embeddings"`):
/// `{"model":…, "provider":…, "embeddings":[[0.1,…],…], "usage":{"input_uncached":…}}`.
public struct EmbeddingResponse: Codable, Sendable, Hashable {
    /// The model that answered, as the provider reports it.
    public var model: String
    /// The provider instance that answered.
    public var provider: String
    /// The vectors, one per input, in the inputs' order.
    public var embeddings: [[Float]]
    /// Normalised token usage: input tokens only.
    public var usage: Usage

    /// Creates a response.
    public init(model: String, provider: String, embeddings: [[Float]], usage: Usage) {
        self.model = model
        self.provider = provider
        self.embeddings = embeddings
        self.usage = usage
    }

    private enum CodingKeys: String, CodingKey { case type, model, provider, embeddings, usage }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        model = try container.decode(String.self, forKey: .model)
        provider = try container.decodeIfPresent(String.self, forKey: .provider) ?? ""
        embeddings = try container.decode([[Float]].self, forKey: .embeddings)
        usage = try container.decodeIfPresent(Usage.self, forKey: .usage) ?? Usage(estimated: true)
    }

    /// Encodes the response as the plugin boundary's `embeddings` event.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode("embeddings", forKey: .type)
        try container.encode(model, forKey: .model)
        try container.encode(provider, forKey: .provider)
        try container.encode(embeddings, forKey: .embeddings)
        try container.encode(usage, forKey: .usage)
    }
}
