/// The client family an endpoint speaks, which decides the shape of its errors.
enum APIDialect: String, Sendable, Hashable {
    /// OpenAI's Chat Completions and Models APIs (`/v1/chat/completions`, `/v1/models`).
    case openAI = "openai"
    /// Anthropic's Messages API (`/v1/messages`).
    case anthropic
}
