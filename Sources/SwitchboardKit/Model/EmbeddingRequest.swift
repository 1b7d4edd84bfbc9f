/// A request for embeddings: one vector per input text, from one model.
///
/// JSON: `{"model":…, "inputs":["…",…], "dimensions":256, "encoding_format":"float", "tags":[…]}`. Only `model` and
/// `inputs` are required.
public struct EmbeddingRequest: Codable, Sendable, Hashable {
    /// How the vendor is asked to send the vectors over its wire; the answer always carries floats.
    public enum EncodingFormat: String, Codable, Sendable, Hashable {
        /// Numbers in JSON.
        case float
        /// Base64 of little-endian float32 bytes (smaller on the wire).
        case base64
    }

    /// The model id; the strategy executor sets each candidate's.
    public var model: String
    /// The texts to embed, in order; the answer has one vector per text, in the same order.
    public var inputs: [String]
    /// The number of dimensions each vector should have, for models that can shorten their vectors.
    public var dimensions: Int?
    /// How the vendor is asked to send the vectors; nil leaves it to the plugin.
    public var encodingFormat: EncodingFormat?
    /// Tags the usage ledger records the request under.
    public var tags: [String]

    /// Creates a request.
    public init(
        model: String, inputs: [String], dimensions: Int? = nil, encodingFormat: EncodingFormat? = nil,
        tags: [String] = []
    ) {
        self.model = model
        self.inputs = inputs
        self.dimensions = dimensions
        self.encodingFormat = encodingFormat
        self.tags = tags
    }

    /// The request's input tokens, estimated at about four characters per token (rounded up per input).
    public var estimatedInputTokens: Int {
        inputs.reduce(0) { $0 + ($1.count + 3) / 4 }
    }

    private enum CodingKeys: String, CodingKey {
        case model, inputs, dimensions, encodingFormat = "encoding_format", tags
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        model = try container.decode(String.self, forKey: .model)
        inputs = try container.decode([String].self, forKey: .inputs)
        dimensions = try container.decodeIfPresent(Int.self, forKey: .dimensions)
        encodingFormat = try container.decodeIfPresent(EncodingFormat.self, forKey: .encodingFormat)
        tags = try container.decodeIfPresent([String].self, forKey: .tags) ?? []
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(model, forKey: .model)
        try container.encode(inputs, forKey: .inputs)
        try container.encodeIfPresent(dimensions, forKey: .dimensions)
        try container.encodeIfPresent(encodingFormat, forKey: .encodingFormat)
        if !tags.isEmpty { try container.encode(tags, forKey: .tags) }
    }
}
