import Switchboard
import SwitchboardKit

/// A chat request as a client sent it, in the Switchboard data model, with how the client wants the answer.
struct ChatCall: Sendable {
    /// The client's `model` field as sent (a model, `provider/model`, an alias or `auto`): the selector the host
    /// resolves, and the model the answer names.
    var model: String
    /// The request, without a model: the strategy executor sets each candidate's model id.
    var request: ChatRequest
    /// Whether to answer with server-sent events.
    var stream: Bool
    /// Whether a streamed answer ends with a usage chunk (OpenAI's `stream_options.include_usage`).
    var includeUsage: Bool

    /// The host's reading of ``model``.
    var selector: ModelSelector { ModelSelector(model) }
}
