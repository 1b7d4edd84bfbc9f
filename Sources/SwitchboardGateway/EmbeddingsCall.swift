import Switchboard
import SwitchboardKit

/// An embeddings request as a client sent it (`POST /v1/embeddings`), in the Switchboard data model, with how the
/// client wants the vectors.
struct EmbeddingsCall: Sendable {
    /// How the answer carries each vector.
    enum Encoding: String, Sendable {
        /// A JSON array of numbers.
        case float
        /// Base64 of the vector's little-endian float32 bytes.
        case base64
    }

    /// The client's `model` field as sent: the selector the host resolves, and the model the answer names.
    var model: String
    /// The request, without a model: the strategy executor sets each candidate's model id.
    var request: EmbeddingRequest
    /// How the answer carries each vector.
    var encoding: Encoding

    /// The host's reading of ``model``.
    var selector: ModelSelector { ModelSelector(model) }
}
