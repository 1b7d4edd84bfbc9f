import SwitchboardKit

// The request body written straight into bytes (no Foundation `JSONEncoder`): the document the Messages API reads.

extension AnthropicWire.MessagesRequest {
    /// Appends the body to `writer`.
    func write(to writer: inout JSONWriter) {
        writer.raw("{")
        writer.member("model", model)
        writer.member("max_tokens", maxTokens)
        writer.member("system", system)
        writer.key("messages")
        writer.array(messages) { message, writer in
            writer.raw("{")
            writer.member("role", message.role)
            writer.key("content")
            writer.array(message.content) { $0.write(to: &$1) }
            writer.raw("}")
        }
        if let tools {
            writer.key("tools")
            writer.array(tools) { tool, writer in
                writer.raw("{")
                writer.member("name", tool.name)
                writer.member("description", tool.description)
                writer.member("input_schema", tool.inputSchema)
                writer.raw("}")
            }
        }
        if let toolChoice {
            writer.key("tool_choice")
            writer.raw("{")
            writer.member("type", toolChoice.type)
            writer.member("name", toolChoice.name)
            writer.raw("}")
        }
        writer.member("temperature", temperature)
        writer.member("top_p", topP)
        writer.member("stop_sequences", stopSequences)
        if let thinkingBudget {
            writer.key("thinking")
            writer.raw("{\"type\":\"enabled\",\"budget_tokens\":")
            writer.integer(thinkingBudget)
            writer.raw("}")
        }
        if let userID {
            writer.key("metadata")
            writer.raw("{\"user_id\":")
            writer.string(userID)
            writer.raw("}")
        }
        writer.member("stream", stream)
        writer.raw("}")
    }
}

extension AnthropicWire.ContentBlock {
    /// Appends the block to `writer`.
    func write(to writer: inout JSONWriter) {
        writer.raw("{")
        switch self {
        case .text(let text):
            writer.key("type")
            writer.raw("\"text\"")
            writer.member("text", text)
        case .image(.base64(let mediaType, let data)):
            writer.key("type")
            writer.raw("\"image\",\"source\":{\"type\":\"base64\"")
            writer.member("media_type", mediaType)
            writer.member("data", data)
            writer.raw("}")
        case .image(.url(let url)):
            writer.key("type")
            writer.raw("\"image\",\"source\":{\"type\":\"url\"")
            writer.member("url", url)
            writer.raw("}")
        case .toolUse(let id, let name, let input):
            writer.key("type")
            writer.raw("\"tool_use\"")
            writer.member("id", id)
            writer.member("name", name)
            writer.member("input", input)
        case .toolResult(let toolUseID, let content, let isError):
            writer.key("type")
            writer.raw("\"tool_result\"")
            writer.member("tool_use_id", toolUseID)
            writer.member("content", content)
            if isError {
                writer.key("is_error")
                writer.raw("true")
            }
        case .thinking(let text, let signature):
            writer.key("type")
            writer.raw("\"thinking\"")
            writer.member("thinking", text)
            writer.member("signature", signature)
        case .redactedThinking(let data):
            writer.key("type")
            writer.raw("\"redacted_thinking\"")
            writer.member("data", data)
        }
        writer.raw("}")
    }
}
