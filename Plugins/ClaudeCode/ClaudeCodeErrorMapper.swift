import Foundation
import SwitchboardKit

/// Maps the Claude Code CLI's failures into the error taxonomy: error results, non-zero exits, timeouts.
///
/// The CLI reports API failures as text (`"Credit balance is too low"`, `"Invalid API key · Please run /login"`,
/// `"API Error: 429 …rate limit…"`, `"Prompt is too long"`), so the kind is recognised from the words. Every message
/// is scrubbed of the instance's secrets first.
struct ClaudeCodeErrorMapper: Sendable {
    /// The provider instance, named in every error.
    let provider: String
    /// Values never to show (shorter ones are left alone: they could not be credentials, and scrubbing them would
    /// shred the message).
    let secrets: [String]

    /// The error for a `result` line with `is_error: true` or an error subtype.
    func resultError(_ line: ClaudeCodeWire.Line) -> ProviderError {
        let subtype = line.subtype ?? "error"
        let details = [line.result, line.errors?.joined(separator: "; ")].compactMap { $0 }.filter { !$0.isEmpty }
        let text = details.isEmpty ? "no details given" : details.joined(separator: "; ")
        let message: String
        switch subtype {
        case "success": message = redact(text)
        case "error_max_turns":
            message =
                "Claude Code stopped at its turn limit after \(line.numTurns ?? 0) turns (error_max_turns): \(redact(text))"
        default: message = "Claude Code failed (\(subtype)): \(redact(text))"
        }
        return ProviderError(kind(of: text), message, provider: provider)
    }

    /// The error for a CLI that exited unsuccessfully without an error result, quoting the end of its stderr.
    func exitError(_ exit: CLIProcess.Exit, timeout: Duration?) -> ProviderError {
        exit.error(cli: "the Claude Code CLI", timeout: timeout, provider: provider, redact: redact, kind: kind(of:))
    }

    /// `text` with every secret replaced by `[redacted]`.
    func redact(_ text: String) -> String {
        HTTPErrorMapping.redacting(text, secrets: secrets.filter { $0.count >= 8 })
    }

    /// The kind the CLI's words describe; `server` when they describe none.
    func kind(of text: String) -> ProviderError.Kind {
        let text = text.lowercased()
        func mentions(_ phrases: String...) -> Bool { phrases.contains(where: text.contains) }
        if mentions("credit balance is too low", "permission_error", "does not have access") { return .permission }
        if mentions(
            "invalid api key", "please run /login", "authentication_error", "oauth token has expired", "not logged in")
        {
            return .authentication
        }
        if mentions("rate limit", "rate_limit", "too many requests", "usage limit") { return .rateLimited }
        if mentions("prompt is too long", "context window", "context length") { return .contextWindowExceeded }
        if mentions("overloaded") { return .overloaded }
        return .server
    }
}
