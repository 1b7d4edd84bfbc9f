import Foundation
import Switchboard
import SwitchboardKit

/// Writes an ``EmbeddingResult`` as OpenAI's embeddings response:
/// `{"object":"list","data":[{"object":"embedding","index":0,"embedding":[…]}],"model":…,"usage":{…}}`.
enum OpenAIEmbeddingsEncoder {
    /// The response body; `model` is the client's `model` field, `encoding` how each vector is written.
    static func response(_ result: EmbeddingResult, model: String, encoding: EmbeddingRequest.EncodingFormat) -> [UInt8]
    {
        let vectors = result.response.embeddings
        var writer = JSONWriter(capacity: 256 + vectors.reduce(0) { $0 + $1.count * 12 })
        writer.raw("{")
        writer.key("object")
        writer.string("list")
        writer.key("data")
        writer.array(vectors.enumerated()) { element, writer in
            writer.raw("{")
            writer.key("object")
            writer.string("embedding")
            writer.key("index")
            writer.integer(element.offset)
            writer.key("embedding")
            switch encoding {
            case .float: writer.array(element.element) { value, writer in writer.number(value) }
            case .base64: writer.string(base64(element.element))
            }
            writer.raw("}")
        }
        writer.key("model")
        writer.string(model)
        let tokens = result.response.usage.inputTokens
        writer.key("usage")
        writer.raw("{")
        writer.key("prompt_tokens")
        writer.integer(tokens)
        writer.key("total_tokens")
        writer.integer(tokens)
        writer.raw("}")
        writer.raw("}")
        return writer.bytes
    }

    /// `vector` as base64 of its little-endian float32 bytes, as OpenAI sends `encoding_format: base64`.
    static func base64(_ vector: [Float]) -> String {
        var bytes = Data(capacity: vector.count * 4)
        for value in vector {
            withUnsafeBytes(of: value.bitPattern.littleEndian) { bytes.append(contentsOf: $0) }
        }
        return bytes.base64EncodedString()
    }
}
