/// A chat request taken apart for a CLI that answers one text prompt: its system texts, the earlier turns rendered
/// as a transcript, and the latest user message.
public struct CLIPrompt: Sendable {
    /// The non-empty texts of the system messages, in order.
    public var system: [String]
    /// The turns before the latest, one entry per text, tool call and tool result (`User: …`, `Assistant: …`).
    public var transcript: [String]
    /// The text of the last message, which is the user's.
    public var latest: String

    /// Takes `request` apart.
    /// - Parameters:
    ///   - cliName: the CLI as messages name it, e.g. "Claude Code".
    ///   - toolsRefusal: the message when the request offers tools (these CLIs run their own).
    ///   - imagesRefusal: the message when the request contains an image.
    ///   - provider: the provider instance, named in errors.
    /// - Throws: `unsupported` for request tools or images; `invalid_request` when the last message is not a user
    ///   message with text.
    public init(_ request: ChatRequest, cliName: String, toolsRefusal: String, imagesRefusal: String, provider: String)
        throws
    {
        guard request.tools.isEmpty else { throw ProviderError(.unsupported, toolsRefusal, provider: provider) }
        if request.messages.contains(where: { $0.content.contains { if case .image = $0 { true } else { false } } }) {
            throw ProviderError(.unsupported, imagesRefusal, provider: provider)
        }
        var turns = request.messages.filter { $0.role != .system }
        guard let last = turns.popLast(), last.role == .user, !last.text.isEmpty else {
            throw ProviderError(
                .invalidRequest,
                "the last message must be a user message with text: \(cliName) answers one prompt",
                provider: provider
            )
        }
        system = request.messages.filter { $0.role == .system }.map(\.text).filter { !$0.isEmpty }
        transcript = turns.flatMap(Self.render)
        latest = last.text
    }

    /// `latest`, preceded by `sections` (e.g. system instructions, the transcript) when there are any.
    public func prompt(after sections: [String]) -> String {
        sections.isEmpty
            ? latest : sections.joined(separator: "\n\n") + "\n\nNow reply to the user's latest message:\n\n" + latest
    }

    /// The transcript as one section, or nil when there were no earlier turns.
    public var transcriptSection: String? {
        transcript.isEmpty ? nil : "Here is the conversation so far:\n\n" + transcript.joined(separator: "\n\n")
    }

    private static func render(_ message: Message) -> [String] {
        let speaker = message.role == .assistant ? "Assistant" : "User"
        var entries: [String] = []
        if !message.text.isEmpty { entries.append("\(speaker): \(message.text)") }
        for part in message.content {
            switch part {
            case .toolCall(let call): entries.append("Assistant (called tool \(call.name)): \(call.arguments)")
            case .toolResult(let result): entries.append("Tool result (\(result.toolCallId)): \(result.content)")
            case .text, .image, .thinking: break
            }
        }
        return entries
    }
}
