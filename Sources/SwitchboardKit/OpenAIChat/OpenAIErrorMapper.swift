import Foundation

/// Maps OpenAI-style failures into the error taxonomy: HTTP error responses and errors inside the stream.
///
/// Reads `{"error":{"message":…,"type":…,"code":…,"param":…}}`, the older vLLM form with those fields at the top
/// level, and `{"error":"…"}`. `code` may be a string (OpenAI) or a number (OpenRouter, vLLM, llama.cpp).
public struct OpenAIErrorMapper: Sendable {
    /// The provider instance, named in every error.
    let provider: String
    /// The API key, scrubbed from any message a server echoes it in.
    let apiKey: String?
    /// The values of the configured credential headers (``SecretPolicy/credentialValues(in:)``), scrubbed too.
    var headerSecrets: [String]

    /// Creates a mapper whose errors name `provider` and never quote `apiKey` or any of `headerSecrets`.
    public init(provider: String, apiKey: String?, headerSecrets: [String] = []) {
        self.provider = provider
        self.apiKey = apiKey
        self.headerSecrets = headerSecrets
    }

    /// The error for a non-2xx response.
    public func error(head: HTTPResponseHead, body: [UInt8]) -> ProviderError {
        let details = Details(body: body)
        return error(
            status: head.status,
            details: details,
            fallbackMessage: "HTTP \(head.status) with no error message",
            retryAfter: HTTPErrorMapping.retryAfter(head)
        )
    }

    /// The error for an `error` member inside a stream chunk.
    func streamError(_ value: JSONValue) -> ProviderError {
        let details = Details(error: value)
        return error(
            status: details.numericCode.flatMap { (400..<600).contains($0) ? $0 : nil },
            details: details,
            fallbackMessage: "the stream reported an error without a message",
            retryAfter: nil
        )
    }

    private func error(status: Int?, details: Details, fallbackMessage: String, retryAfter: Double?) -> ProviderError {
        var message = HTTPErrorMapping.redacting(
            details.message ?? fallbackMessage, secrets: [apiKey].compactMap { $0 } + headerSecrets)
        let kind = kind(status: status, details: details, message: message.lowercased())
        if details.is("insufficient_quota") { message = "quota exhausted: \(message)" }
        return ProviderError(kind, message, provider: provider, httpStatus: status, retryAfter: retryAfter)
    }

    private func kind(status: Int?, details: Details, message: String) -> ProviderError.Kind {
        let isClientError = status.map { [400, 413, 422].contains($0) } ?? true
        if isClientError {
            if details.is("context_length_exceeded") || details.is("exceed_context_size_error")
                || ["maximum context length", "context length", "context size", "context window", "too many tokens"]
                    .contains(where: message.contains)
            {
                return .contextWindowExceeded
            }
            if details.is("content_policy_violation") || details.is("content_filter")
                || ["content policy", "content management policy", "safety system"].contains(where: message.contains)
            {
                return .contentPolicy
            }
        }
        if details.is("insufficient_quota") { return .permission }
        switch status {
        case 429?: return .rateLimited
        case 500?, 502?: return .server
        case 503?: return .overloaded
        case 504?: return .timeout
        case let status?: return HTTPErrorMapping.kind(forStatus: status)
        case nil: return details.is("rate_limit_exceeded") ? .rateLimited : .server
        }
    }

    /// The fields of a vendor's error object.
    private struct Details {
        var message: String?
        var type: String?
        var code: String?
        var numericCode: Int?

        init(body: [UInt8]) {
            let json = try? JSONParser.parse(body)
            if let error = json?["error"] {
                self.init(error: error)
            } else if let json, json["message"] != nil {
                self.init(error: json)
            } else {
                self.init(error: HTTPErrorMapping.vendorMessage(from: body).map(JSONValue.string) ?? .null)
            }
        }

        init(error: JSONValue) {
            if let text = error.stringValue {
                message = text
                return
            }
            message = error["message"]?.stringValue
            type = error["type"]?.stringValue
            code = error["code"]?.stringValue
            numericCode = error["code"]?.intValue
        }

        /// Whether `code` or `type` is `value`.
        func `is`(_ value: String) -> Bool {
            code == value || type == value
        }
    }
}
