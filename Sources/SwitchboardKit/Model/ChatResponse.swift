/// A finished answer: its content, why it ended, who answered, and what it used.
///
/// JSON: `{"id":…, "model":…, "provider":…, "content":[parts], "finish_reason":…, "usage":{…}}`.
public struct ChatResponse: Codable, Sendable, Hashable {
    /// The provider's id for the response, when it gives one.
    public var id: String?
    /// The model that answered, as the provider reports it.
    public var model: String
    /// The provider instance that answered.
    public var provider: String
    /// The answer's parts, in order.
    public var content: [ContentPart]
    /// Why generation stopped.
    public var finishReason: FinishReason
    /// Normalised token usage.
    public var usage: Usage

    /// Creates a response.
    public init(
        id: String? = nil,
        model: String,
        provider: String,
        content: [ContentPart],
        finishReason: FinishReason,
        usage: Usage
    ) {
        self.id = id
        self.model = model
        self.provider = provider
        self.content = content
        self.finishReason = finishReason
        self.usage = usage
    }

    /// The text parts joined.
    public var text: String {
        content.compactMap { if case .text(let text) = $0 { text } else { nil } }.joined()
    }

    /// The tool calls, in order.
    public var toolCalls: [ToolCall] {
        content.compactMap { if case .toolCall(let call) = $0 { call } else { nil } }
    }

    private enum CodingKeys: String, CodingKey {
        case id, model, provider, content, finishReason = "finish_reason", usage
    }
}
