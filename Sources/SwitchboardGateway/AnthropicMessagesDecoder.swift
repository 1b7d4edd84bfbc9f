import SwitchboardKit

/// Reads an Anthropic Messages request body into a ``ChatCall``.
///
/// A user turn's `tool_result` blocks become a `tool` message before the turn's other content; `top_k` and
/// `redacted_thinking` blocks have no place in the data model and are ignored.
enum AnthropicMessagesDecoder {
    /// Decodes `root`.
    /// - Throws: ``APIFailure`` (400) naming the field at fault.
    static func decode(_ root: JSONReader) throws(APIFailure) -> ChatCall {
        let model = try root.required("model").string()
        var messages: [Message] = []
        if let system = root["system"] {
            let text =
                system.isString
                ? try system.string()
                : try blocks(system).compactMap { part -> String? in
                    if case .text(let text) = part { text } else { nil }
                }.joined(separator: "\n")
            messages.append(.system(text))
        }
        for element in try root.required("messages").elements() {
            messages += try turn(element)
        }
        guard messages.contains(where: { $0.role != .system }) else {
            throw .invalidRequest("`messages` is empty; send at least one message", param: "messages")
        }
        var request = ChatRequest(messages: messages)
        if let value = root["max_tokens"] {
            let tokens = try value.integer()
            guard tokens > 0 else {
                throw .invalidRequest("`max_tokens` must be at least 1, found \(tokens)", param: "max_tokens")
            }
            request.maxOutputTokens = tokens
        }
        if let tools = root["tools"] {
            request.tools = try tools.elements().map { element throws(APIFailure) in
                ToolDefinition(
                    name: try element.required("name").string(),
                    description: try element["description"]?.string(),
                    parameters: try element.required("input_schema").value
                )
            }
        }
        if let choice = root["tool_choice"] {
            let typeField = try choice.required("type")
            switch try typeField.string() {
            case "auto": request.toolChoice = .auto
            case "any": request.toolChoice = .required
            case "none": request.toolChoice = ToolChoice.none
            case "tool": request.toolChoice = .tool(try choice.required("name").string())
            case let other:
                throw typeField.unknown("tool_choice type", other, allowed: ["auto", "any", "none", "tool"])
            }
        }
        if let value = root["temperature"] { request.temperature = try value.number() }
        if let value = root["top_p"] { request.topP = try value.number() }
        if let stop = root["stop_sequences"] {
            request.stop = try stop.elements().map { element throws(APIFailure) in try element.string() }
        }
        if let thinking = root["thinking"], try thinking.required("type").string() == "enabled" {
            request.thinking = ThinkingOptions(budgetTokens: try thinking["budget_tokens"]?.integer())
        }
        if let user = root["metadata"]?["user_id"] { request.metadata["user"] = try user.string() }
        return ChatCall(
            model: model, request: request, stream: try root["stream"]?.boolean() ?? false, includeUsage: true)
    }

    /// One turn: a user turn may become a `tool` message (its tool results) and a user message (the rest).
    private static func turn(_ element: JSONReader) throws(APIFailure) -> [Message] {
        let roleField = try element.required("role")
        let content = try element.required("content")
        let parts = content.isString ? [.text(try content.string())] : try blocks(content)
        switch try roleField.string() {
        case "user":
            let results = parts.filter { if case .toolResult = $0 { true } else { false } }
            let rest = parts.filter { if case .toolResult = $0 { false } else { true } }
            var messages: [Message] = []
            if !results.isEmpty { messages.append(Message(role: .tool, content: results)) }
            if !rest.isEmpty { messages.append(Message(role: .user, content: rest)) }
            return messages
        case "assistant":
            return [Message(role: .assistant, content: parts)]
        case let other:
            throw roleField.unknown("role", other, allowed: ["user", "assistant"])
        }
    }

    private static func blocks(_ field: JSONReader) throws(APIFailure) -> [ContentPart] {
        var parts: [ContentPart] = []
        for block in try field.elements() {
            let typeField = try block.required("type")
            switch try typeField.string() {
            case "text":
                parts.append(.text(try block.required("text").string()))
            case "image":
                let source = try block.required("source")
                let sourceType = try source.required("type")
                switch try sourceType.string() {
                case "base64":
                    parts.append(
                        .image(
                            .base64(
                                data: try source.required("data").string(),
                                mediaType: try source.required("media_type").string())))
                case "url":
                    parts.append(.image(.url(try source.required("url").string())))
                case let other:
                    throw sourceType.unknown("image source type", other, allowed: ["base64", "url"])
                }
            case "thinking":
                parts.append(
                    .thinking(
                        Thinking(
                            text: try block.required("thinking").string(), signature: try block["signature"]?.string()))
                )
            case "redacted_thinking":
                continue
            case "tool_use":
                let input = block["input"]?.value ?? [:]
                var writer = JSONWriter()
                writer.value(input)
                let arguments = String(decoding: writer.bytes, as: UTF8.self)
                parts.append(
                    .toolCall(
                        ToolCall(
                            id: try block.required("id").string(), name: try block.required("name").string(),
                            arguments: arguments)))
            case "tool_result":
                let id = try block.required("tool_use_id").string()
                var text = ""
                if let content = block["content"] {
                    text =
                        content.isString
                        ? try content.string()
                        : try blocks(content).compactMap { part -> String? in
                            if case .text(let text) = part { text } else { nil }
                        }.joined()
                }
                parts.append(
                    .toolResult(
                        ToolResult(toolCallId: id, content: text, isError: try block["is_error"]?.boolean() ?? false)))
            case let other:
                throw typeField.unknown(
                    "content block type", other,
                    allowed: ["text", "image", "thinking", "redacted_thinking", "tool_use", "tool_result"])
            }
        }
        return parts
    }
}
