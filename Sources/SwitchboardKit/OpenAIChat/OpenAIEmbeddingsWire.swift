import Foundation

/// The JSON shapes of OpenAI's Embeddings API (`POST /embeddings`), as SwitchboardKit sends and reads them.
enum OpenAIEmbeddingsWire {
    /// `{"model":…,"input":["…"],"dimensions":…,"encoding_format":"float"|"base64"}`.
    struct Request: Encodable {
        var model: String
        var input: [String]
        var dimensions: Int?
        var encodingFormat: String

        /// The body for `request`: the vectors as base64 when the request asks for it (a quarter of the bytes on
        /// the wire), as numbers otherwise.
        init(_ request: EmbeddingRequest) {
            model = request.model
            input = request.inputs
            dimensions = request.dimensions
            encodingFormat = (request.encodingFormat ?? .float).rawValue
        }

        private enum CodingKeys: String, CodingKey {
            case model, input, dimensions, encodingFormat = "encoding_format"
        }
    }

    /// `{"object":"list","data":[{"object":"embedding","index":0,"embedding":[…]|"base64"}],"model":…,
    /// "usage":{"prompt_tokens":…,"total_tokens":…}}`.
    struct Response: Decodable {
        var data: [Item]
        var model: String?
        var usage: TokenUsage?
    }

    /// One vector and the index of its input.
    struct Item: Decodable {
        var index: Int
        var embedding: Vector
    }

    /// A vector as numbers, or as base64 of little-endian float32 bytes.
    struct Vector: Decodable {
        var values: [Float]

        init(from decoder: any Decoder) throws {
            let container = try decoder.singleValueContainer()
            if let numbers = try? container.decode([Float].self) {
                values = numbers
                return
            }
            let text = try container.decode(String.self)
            guard let bytes = Data(base64Encoded: text), bytes.count % 4 == 0 else {
                throw DecodingError.dataCorruptedError(
                    in: container, debugDescription: "an embedding is neither numbers nor base64 of float32 values")
            }
            values = stride(from: 0, to: bytes.count, by: 4).map { offset in
                let bits = bytes[bytes.startIndex + offset..<bytes.startIndex + offset + 4].reversed()
                    .reduce(UInt32(0)) { $0 << 8 | UInt32($1) }
                return Float(bitPattern: bits)
            }
        }
    }

    /// `{"prompt_tokens":…,"total_tokens":…}`.
    struct TokenUsage: Decodable {
        var promptTokens: Int

        private enum CodingKeys: String, CodingKey { case promptTokens = "prompt_tokens" }
    }
}
