import Hummingbird

/// The client family an endpoint speaks, which decides the shape of its errors.
enum APIDialect: String, Sendable, Hashable {
    /// OpenAI's Chat Completions, Responses and Models APIs (`/v1/chat/completions`, `/v1/responses`, `/v1/models`).
    case openAI = "openai"
    /// Anthropic's Messages API (`/v1/messages`).
    case anthropic

    /// The dialect of a request: Anthropic's for `/v1/messages`, and for `/v1/models` when the request carries
    /// `anthropic-version`; OpenAI's otherwise.
    init(path: String, headers: HTTPFields) {
        switch path {
        case "/v1/messages": self = .anthropic
        case "/v1/models": self = headers[.anthropicVersion] != nil ? .anthropic : .openAI
        default: self = .openAI
        }
    }
}
