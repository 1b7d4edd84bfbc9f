import SwitchboardKit

/// Maps Anthropic's failures into the error taxonomy: HTTP error responses and `error` events inside the stream.
///
/// Both carry `{"type":"error","error":{"type":…,"message":…}}`. The error `type` decides the kind when it is one
/// Anthropic documents (it is more specific than the status, and the only clue inside a stream); otherwise the
/// status does. An input that does not fit the context window is `context_window_exceeded` whatever its type.
struct AnthropicErrorMapper: Sendable {
    /// The provider instance, named in every error, and its secrets, scrubbed from any message a server echoes them in.
    let context: WireContext

    /// The error for a non-2xx response.
    func error(head: HTTPResponseHead, body: [UInt8]) -> ProviderError {
        let detail = (try? JSONParser.parse(body)).flatMap { try? AnthropicWire.ErrorBody(json: $0) }?.error
        return error(
            type: detail?.type,
            message: detail?.message ?? HTTPErrorMapping.vendorMessage(from: body),
            status: head.status,
            retryAfter: HTTPErrorMapping.retryAfter(head)
        )
    }

    /// The error an `error` event inside the stream reports.
    func streamError(_ detail: AnthropicWire.ErrorDetail?) -> ProviderError {
        error(type: detail?.type, message: detail?.message, status: nil, retryAfter: nil)
    }

    private func error(type: String?, message: String?, status: Int?, retryAfter: Double?) -> ProviderError {
        var text =
            message ?? status.map { "HTTP \($0) with no error message" }
            ?? "the stream reported an error without a message"
        text = HTTPErrorMapping.redacting(text, secrets: context.secrets)
        return ProviderError(
            kind(type: type, status: status, message: text.lowercased()),
            text,
            provider: context.provider,
            httpStatus: status,
            retryAfter: retryAfter
        )
    }

    private func kind(type: String?, status: Int?, message: String) -> ProviderError.Kind {
        let isInputProblem =
            type.map { ["invalid_request_error", "request_too_large"].contains($0) } ?? status.map {
                [400, 413].contains($0)
            } ?? false
        if isInputProblem && Self.contextPhrases.contains(where: message.contains) { return .contextWindowExceeded }
        switch type {
        case "invalid_request_error", "request_too_large": return .invalidRequest
        case "authentication_error": return .authentication
        case "permission_error", "billing_error": return .permission
        case "not_found_error": return .notFound
        case "rate_limit_error": return .rateLimited
        case "api_error": return .server
        case "overloaded_error": return .overloaded
        case "timeout_error": return .timeout
        default: return status.map(HTTPErrorMapping.kind(forStatus:)) ?? .server
        }
    }

    /// What Anthropic's messages say when the input does not fit: "prompt is too long: 208310 tokens > 200000
    /// maximum", "input length and `max_tokens` exceed context limit: …".
    private static let contextPhrases = [
        "prompt is too long", "exceed context limit", "context window", "context length",
    ]
}
