/// The request fields that `gateway.max_messages` and `gateway.max_output_tokens` limit, as one endpoint names
/// them in its errors.
struct LimitedFields: Sendable {
    /// The field holding the messages.
    var messages: String
    /// The field asking for output tokens.
    var maxOutputTokens: String

    /// Chat Completions' fields.
    static let chatCompletions = LimitedFields(messages: "messages", maxOutputTokens: "max_completion_tokens")
    /// Anthropic Messages' fields.
    static let messages = LimitedFields(messages: "messages", maxOutputTokens: "max_tokens")
    /// The Responses API's fields.
    static let responses = LimitedFields(messages: "input", maxOutputTokens: "max_output_tokens")
}
