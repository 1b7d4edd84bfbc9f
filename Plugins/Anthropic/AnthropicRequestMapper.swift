import Foundation
import SwitchboardKit

/// Turns a ``ChatRequest`` into the body of `POST /v1/messages`.
///
/// Everything that cannot be expressed in the Messages API is refused here, before the network, with a message
/// that says what and why.
struct AnthropicRequestMapper {
    /// The smallest thinking budget Anthropic accepts.
    static let minimumThinkingBudget = 1_024
    /// The thinking budget each effort level stands for.
    static let effortBudgets: KeyValuePairs<String, Int> = [
        "minimal": 1_024, "low": 2_048, "medium": 8_192, "high": 16_384,
    ]

    /// The provider instance, named in errors.
    let provider: String
    /// The output limit sent when a request names none.
    let defaultMaxTokens: Int

    /// The JSON body for `request`, streaming.
    /// - Throws: `unsupported` or `invalid_request` when the request cannot be expressed in this API.
    func body(for request: ChatRequest) throws -> [UInt8] {
        var writer = JSONWriter(capacity: 512)
        try wireRequest(for: request).write(to: &writer)
        return writer.bytes
    }

    private func wireRequest(for request: ChatRequest) throws -> AnthropicWire.MessagesRequest {
        switch request.responseFormat {
        case nil, .text?:
            break
        case .jsonObject?, .jsonSchema?:
            throw ProviderError(
                .unsupported,
                "Anthropic's Messages API has no JSON output mode; ask for JSON in the prompt, "
                    + "or define a tool whose input schema is the answer's shape and require it with tool_choice",
                provider: provider
            )
        }
        let budget = try thinkingBudget(request.thinking)
        let (system, messages) = try conversation(request.messages)
        return AnthropicWire.MessagesRequest(
            model: AnthropicCatalog.apiModelID(for: request.model),
            maxTokens: try maxTokens(request.maxOutputTokens, thinkingBudget: budget),
            system: system,
            messages: messages,
            tools: request.tools.isEmpty
                ? nil
                : request.tools.map {
                    AnthropicWire.Tool(name: $0.name, description: $0.description, inputSchema: $0.parameters)
                },
            toolChoice: try toolChoice(request.toolChoice, hasTools: !request.tools.isEmpty),
            temperature: request.temperature,
            topP: request.topP,
            stopSequences: request.stop.isEmpty ? nil : request.stop,
            thinkingBudget: budget,
            userID: request.metadata["user_id"]
        )
    }

    /// The thinking budget: `budget_tokens` as given (0 turns thinking off), else the budget of `effort`.
    private func thinkingBudget(_ thinking: ThinkingOptions?) throws -> Int? {
        guard let thinking else { return nil }
        if let budget = thinking.budgetTokens {
            if budget == 0 { return nil }
            guard budget >= Self.minimumThinkingBudget else {
                throw ProviderError(
                    .invalidRequest,
                    "thinking budget_tokens must be 0 (off) or at least \(Self.minimumThinkingBudget); found \(budget)",
                    provider: provider
                )
            }
            return budget
        }
        guard let effort = thinking.effort else { return nil }
        if effort == "none" { return nil }
        guard let budget = Self.effortBudgets.first(where: { $0.key == effort })?.value else {
            let levels = (["none"] + Self.effortBudgets.map(\.key)).joined(separator: ", ")
            throw ProviderError(
                .invalidRequest,
                "thinking effort must be one of \(levels); found \"\(effort)\"",
                provider: provider
            )
        }
        return budget
    }

    /// `max_tokens`: the request's limit, which must leave room beyond the thinking budget; otherwise the default
    /// limit on top of the thinking budget.
    private func maxTokens(_ requested: Int?, thinkingBudget: Int?) throws -> Int {
        guard let requested else { return defaultMaxTokens + (thinkingBudget ?? 0) }
        guard requested > 0 else {
            throw ProviderError(
                .invalidRequest, "max_output_tokens must be positive; found \(requested)", provider: provider)
        }
        if let thinkingBudget, requested <= thinkingBudget {
            throw ProviderError(
                .invalidRequest,
                "max_output_tokens (\(requested)) must exceed the thinking budget (\(thinkingBudget)): "
                    + "Anthropic counts thinking tokens against max_tokens",
                provider: provider
            )
        }
        return requested
    }

    private func toolChoice(_ choice: SwitchboardKit.ToolChoice?, hasTools: Bool) throws -> AnthropicWire.ToolChoice? {
        guard let choice else { return nil }
        guard hasTools else {
            switch choice {
            case .auto, .none: return nil
            case .required, .tool:
                throw ProviderError(
                    .invalidRequest, "tool_choice requires a tool call but the request defines no tools",
                    provider: provider)
            }
        }
        switch choice {
        case .auto: return AnthropicWire.ToolChoice(type: "auto")
        case .none: return AnthropicWire.ToolChoice(type: "none")
        case .required: return AnthropicWire.ToolChoice(type: "any")
        case .tool(let name): return AnthropicWire.ToolChoice(type: "tool", name: name)
        }
    }

    // MARK: Messages

    /// The system prompt (every system message's text, joined by blank lines) and the turns, with tool messages
    /// as user turns and consecutive turns of one role merged (Anthropic requires user and assistant to alternate).
    private func conversation(_ messages: [Message]) throws -> (system: String?, turns: [AnthropicWire.Message]) {
        var system: [String] = []
        var turns: [AnthropicWire.Message] = []
        for message in messages {
            if message.role == .system {
                system.append(try systemText(message))
                continue
            }
            let blocks = try message.content.compactMap { try block(for: $0, role: message.role) }
            guard !blocks.isEmpty else { continue }
            let role = message.role == .assistant ? "assistant" : "user"
            if turns.last?.role == role {
                turns[turns.count - 1].content += blocks
            } else {
                turns.append(AnthropicWire.Message(role: role, content: blocks))
            }
        }
        let prompt = system.filter { !$0.isEmpty }.joined(separator: "\n\n")
        return (prompt.isEmpty ? nil : prompt, turns.map(Self.toolResultsFirst))
    }

    private func systemText(_ message: Message) throws -> String {
        try message.content.map { part in
            guard case .text(let text) = part else {
                throw ProviderError(
                    .unsupported,
                    "Anthropic's system prompt is text only; found a \(Self.kind(of: part)) part in a system message",
                    provider: provider
                )
            }
            return text
        }.joined()
    }

    /// The block for one part of a user, assistant or tool message; nil for a part that has nothing to send
    /// (empty text, which Anthropic rejects, and thinking without the signature Anthropic requires back).
    private func block(for part: ContentPart, role: Role) throws -> AnthropicWire.ContentBlock? {
        switch (part, role) {
        case (.text(let text), .user), (.text(let text), .assistant):
            return text.isEmpty ? nil : .text(text)
        case (.image(let source), .user):
            return .image(Self.imageSource(source))
        case (.toolResult(let result), .user), (.toolResult(let result), .tool):
            return .toolResult(toolUseID: result.toolCallId, content: result.content, isError: result.isError)
        case (.toolCall(let call), .assistant):
            return .toolUse(
                id: call.id, name: call.name, input: try call.argumentsObject(for: "Anthropic", provider: provider))
        case (.thinking(let thinking), .assistant):
            guard let signature = thinking.signature, !signature.isEmpty else { return nil }
            if signature.hasPrefix(AnthropicWire.redactedThinkingPrefix) {
                return .redactedThinking(data: String(signature.dropFirst(AnthropicWire.redactedThinkingPrefix.count)))
            }
            return .thinking(text: thinking.text, signature: signature)
        case (.image, _):
            throw ProviderError(
                .unsupported,
                "images can only be sent in user messages; found one in a message with role \(role.rawValue)",
                provider: provider
            )
        case (.text, .tool):
            throw ProviderError(
                .invalidRequest,
                "a tool message carries tool_result parts; found text without the tool_call_id it answers",
                provider: provider
            )
        default:
            throw ProviderError(
                .invalidRequest,
                "a \(Self.kind(of: part)) part cannot appear in a message with role \(role.rawValue)",
                provider: provider
            )
        }
    }

    /// An image source: inline bytes as `base64`, a `data:…;base64,` URL unpacked into one, any other URL as `url`.
    private static func imageSource(_ source: ImageSource) -> AnthropicWire.ImageSource {
        switch source {
        case .base64(let data, let mediaType):
            return .base64(mediaType: mediaType, data: data)
        case .url(let url):
            guard url.hasPrefix("data:"), let comma = url.firstIndex(of: ","),
                url[..<comma].hasSuffix(";base64")
            else { return .url(url) }
            let mediaType = url[url.index(url.startIndex, offsetBy: 5)..<comma].dropLast(";base64".count)
            return .base64(mediaType: String(mediaType), data: String(url[url.index(after: comma)...]))
        }
    }

    /// `turn` with its tool results moved to the front, as Anthropic requires of a user turn answering tool calls.
    private static func toolResultsFirst(_ turn: AnthropicWire.Message) -> AnthropicWire.Message {
        var turn = turn
        let results = turn.content.filter { if case .toolResult = $0 { true } else { false } }
        guard !results.isEmpty else { return turn }
        turn.content = results + turn.content.filter { if case .toolResult = $0 { false } else { true } }
        return turn
    }

    private static func kind(of part: ContentPart) -> String {
        switch part {
        case .text: "text"
        case .image: "image"
        case .thinking: "thinking"
        case .toolCall: "tool_call"
        case .toolResult: "tool_result"
        }
    }
}
