import SwitchboardKit

/// Maps Ollama's error responses (`{"error":"…"}` with an HTTP status) into the error taxonomy.
struct OllamaErrorMapper: Sendable {
    /// The provider instance, named in every error, and its secrets, scrubbed from any message a server echoes them in.
    let context: WireContext

    /// The error for a non-2xx response.
    func error(head: HTTPResponseHead, body: [UInt8]) -> ProviderError {
        let message = HTTPErrorMapping.redacting(
            HTTPErrorMapping.vendorMessage(from: body) ?? "HTTP \(head.status) with no error message",
            secrets: context.secrets)
        return ProviderError(
            kind(status: head.status, message: message.lowercased()),
            message,
            provider: context.provider,
            httpStatus: head.status,
            retryAfter: HTTPErrorMapping.retryAfter(head)
        )
    }

    private func kind(status: Int, message: String) -> ProviderError.Kind {
        switch status {
        case 400, 500:
            if message.contains("context") && (message.contains("exceed") || message.contains("too long")) {
                return .contextWindowExceeded
            }
            if message.contains("does not support") { return .unsupported }
            return status == 400 ? .invalidRequest : .server
        case 404: return .notFound
        case 429: return .rateLimited
        case 503: return .overloaded
        default: return HTTPErrorMapping.kind(forStatus: status)
        }
    }
}
