import SwitchboardKit

/// A chat request as a client sent it, in the Switchboard data model, with how the client wants the answer.
struct ChatCall: Sendable {
    /// The request; its `model` is still the client's model field (a model, `provider/model` or an alias).
    var request: ChatRequest
    /// Whether to answer with server-sent events.
    var stream: Bool
    /// Whether a streamed answer ends with a usage chunk (OpenAI's `stream_options.include_usage`).
    var includeUsage: Bool
}
