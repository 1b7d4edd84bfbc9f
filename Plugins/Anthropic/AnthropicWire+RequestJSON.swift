import SwitchboardKit

// The request body written straight into bytes (no Foundation `JSONEncoder`): the document the Messages API reads.

extension AnthropicWire.MessagesRequest {
    /// Appends the body to `writer`.
    func write(to writer: inout JSONWriter) {
        writer.raw("{")
        writer.key("model")
        writer.string(model)
        writer.key("max_tokens")
        writer.integer(maxTokens)
        if let system {
            writer.key("system")
            writer.string(system)
        }
        writer.key("messages")
        writer.array(messages) { message, writer in
            writer.raw("{")
            writer.key("role")
            writer.string(message.role)
            writer.key("content")
            writer.array(message.content) { $0.write(to: &$1) }
            writer.raw("}")
        }
        if let tools {
            writer.key("tools")
            writer.array(tools) { tool, writer in
                writer.raw("{")
                writer.key("name")
                writer.string(tool.name)
                if let description = tool.description {
                    writer.key("description")
                    writer.string(description)
                }
                writer.key("input_schema")
                writer.value(tool.inputSchema)
                writer.raw("}")
            }
        }
        if let toolChoice {
            writer.key("tool_choice")
            writer.raw("{")
            writer.key("type")
            writer.string(toolChoice.type)
            if let name = toolChoice.name {
                writer.key("name")
                writer.string(name)
            }
            writer.raw("}")
        }
        if let temperature {
            writer.key("temperature")
            writer.number(temperature)
        }
        if let topP {
            writer.key("top_p")
            writer.number(topP)
        }
        if let stopSequences {
            writer.key("stop_sequences")
            writer.array(stopSequences) { $1.string($0) }
        }
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
        writer.key("stream")
        writer.raw(stream ? "true" : "false")
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
            writer.key("text")
            writer.string(text)
        case .image(.base64(let mediaType, let data)):
            writer.key("type")
            writer.raw("\"image\",\"source\":{\"type\":\"base64\"")
            writer.key("media_type")
            writer.string(mediaType)
            writer.key("data")
            writer.string(data)
            writer.raw("}")
        case .image(.url(let url)):
            writer.key("type")
            writer.raw("\"image\",\"source\":{\"type\":\"url\"")
            writer.key("url")
            writer.string(url)
            writer.raw("}")
        case .toolUse(let id, let name, let input):
            writer.key("type")
            writer.raw("\"tool_use\"")
            writer.key("id")
            writer.string(id)
            writer.key("name")
            writer.string(name)
            writer.key("input")
            writer.value(input)
        case .toolResult(let toolUseID, let content, let isError):
            writer.key("type")
            writer.raw("\"tool_result\"")
            writer.key("tool_use_id")
            writer.string(toolUseID)
            writer.key("content")
            writer.string(content)
            if isError {
                writer.key("is_error")
                writer.raw("true")
            }
        case .thinking(let text, let signature):
            writer.key("type")
            writer.raw("\"thinking\"")
            writer.key("thinking")
            writer.string(text)
            writer.key("signature")
            writer.string(signature)
        case .redactedThinking(let data):
            writer.key("type")
            writer.raw("\"redacted_thinking\"")
            writer.key("data")
            writer.string(data)
        }
        writer.raw("}")
    }
}
