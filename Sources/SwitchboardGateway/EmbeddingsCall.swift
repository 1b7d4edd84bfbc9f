import Switchboard
import SwitchboardKit

/// An embeddings request as a client sent it (`POST /v1/embeddings`), in the Switchboard data model.
struct EmbeddingsCall: Sendable {
    /// The client's `model` field as sent: the selector the host resolves, and the model the answer names.
    var model: String
    /// The request, without a model (the strategy executor sets each candidate's); its `encodingFormat` is how the
    /// client wants each vector written, and what the provider is asked for.
    var request: EmbeddingRequest

    /// How the answer writes each vector.
    var encoding: EmbeddingRequest.EncodingFormat { request.encodingFormat ?? .float }

    /// The host's reading of ``model``.
    var selector: ModelSelector { ModelSelector(model) }
}
