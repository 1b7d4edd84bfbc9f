import Foundation
import SwitchboardKit

/// Maps the Gemini CLI's failures into the error taxonomy: its `{"error":{…}}` document, non-zero exits, timeouts.
///
/// The error's `code` is either an HTTP status from the Gemini API or one of the CLI's exit codes (41
/// authentication, 42 input, 52 configuration, 53 turn limit); `type` names the CLI's error class; the message
/// carries the API's words (`RESOURCE_EXHAUSTED`, `Quota exceeded`, `API key not valid`). Every message is scrubbed
/// of the instance's secrets first.
struct GeminiCLIErrorMapper: Sendable {
    /// The provider instance, named in every error.
    let provider: String
    /// Values never to show (shorter ones are left alone: they could not be credentials, and scrubbing them would
    /// shred the message).
    let secrets: [String]

    /// The error for an `{"error":{…}}` document, noting the exit status when the CLI failed.
    func reportedError(_ body: GeminiCLIWire.ErrorBody, exit: CLIProcess.Exit) -> ProviderError {
        var message = redact(
            body.message.flatMap { $0.isEmpty ? nil : $0 } ?? "the Gemini CLI reported an error without a message")
        if let type = body.type, !type.isEmpty { message = "\(type): \(message)" }
        if !exit.succeeded { message += " (the Gemini CLI \(exit.summary))" }
        let code = body.code?.intValue ?? body.code?.stringValue.flatMap { Int($0) }
        return ProviderError(
            kind(message: body.message ?? "", type: body.type, code: code),
            message,
            provider: provider,
            httpStatus: code.flatMap { (400..<600).contains($0) ? $0 : nil }
        )
    }

    /// The error for a CLI that exited unsuccessfully without an error document, quoting the end of its stderr.
    func exitError(_ exit: CLIProcess.Exit, timeout: Duration?) -> ProviderError {
        exit.error(cli: "the Gemini CLI", timeout: timeout, provider: provider, redact: redact) {
            kind(message: $0, type: nil, code: nil)
        }
    }

    /// The error for output that is not the JSON document expected, quoting its first 200 characters.
    func invalidOutput(_ stdout: [UInt8]) -> ProviderError {
        let text = String(decoding: stdout, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        let quoted = text.isEmpty ? "it printed nothing" : "it printed \"\(redact(String(text.prefix(200))))\""
        return ProviderError(
            .server, "the Gemini CLI's output is not the JSON document expected; \(quoted)", provider: provider)
    }

    /// `text` with every secret replaced by `[redacted]`.
    func redact(_ text: String) -> String {
        HTTPErrorMapping.redacting(text, secrets: secrets.filter { $0.count >= 8 })
    }

    /// The kind an error's code, class and words describe; `server` when they describe none. The words come first
    /// for authentication and context size, since the API reports a bad key and an oversized prompt as HTTP 400.
    func kind(message: String, type: String?, code: Int?) -> ProviderError.Kind {
        let type = type ?? ""
        let text = message.lowercased()
        func mentions(_ phrases: String...) -> Bool { phrases.contains(where: text.contains) }
        if code == 41 || code == 401 || type.contains("Authentication")
            || mentions(
                "api key not valid", "unauthenticated", "invalid authentication", "please set an auth method",
                "login required")
        {
            return .authentication
        }
        if code == 429 || mentions("quota", "resource_exhausted", "rate limit", "too many requests") {
            return .rateLimited
        }
        if code == 403 || mentions("permission_denied", "permission denied") { return .permission }
        if mentions("exceeds the maximum number of tokens", "input token count", "context window", "prompt is too long")
        {
            return .contextWindowExceeded
        }
        switch code {
        case 400?, 42?, 52?: return .invalidRequest
        case 404?: return .notFound
        case 503?: return .overloaded
        default: break
        }
        if type == "FatalInputError" || type == "FatalConfigError" { return .invalidRequest }
        if mentions("overloaded", "unavailable") { return .overloaded }
        if mentions("not_found", "is not found") { return .notFound }
        return .server
    }
}
