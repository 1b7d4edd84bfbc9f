import SwitchboardKit

/// Maps Ollama's error responses (`{"error":"…"}` with an HTTP status) into the error taxonomy.
struct OllamaErrorMapper: Sendable {
    /// The provider instance, named in every error.
    let provider: String
    /// The API key and the configured credential headers' values, scrubbed from any message a server echoes them in.
    let secrets: [String]

    /// A mapper for the instance `context` describes.
    init(_ context: WireContext) {
        provider = context.provider
        secrets = context.secrets
    }

    /// The error for a non-2xx response.
    func error(head: HTTPResponseHead, body: [UInt8]) -> ProviderError {
        let message = HTTPErrorMapping.redacting(
            HTTPErrorMapping.vendorMessage(from: body) ?? "HTTP \(head.status) with no error message", secrets: secrets)
        return ProviderError(
            kind(status: head.status, message: message.lowercased()),
            message,
            provider: provider,
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
