import SwitchboardKit

// The request body written straight into bytes (no Foundation `JSONEncoder`): the document `/api/chat` reads.

extension OllamaWire.ChatRequest {
    /// Appends the body to `writer`.
    func write(to writer: inout JSONWriter) {
        writer.raw("{")
        writer.member("model", model)
        writer.key("messages")
        writer.array(messages) { $0.write(to: &$1) }
        if let tools {
            writer.key("tools")
            writer.array(tools) { tool, writer in
                writer.raw("{\"type\":\"function\",\"function\":{")
                writer.member("name", tool.name)
                writer.member("description", tool.description)
                writer.member("parameters", tool.parameters)
                writer.raw("}}")
            }
        }
        writer.member("stream", stream)
        if let options {
            writer.key("options")
            writer.raw("{")
            writer.member("temperature", options.temperature)
            writer.member("top_p", options.topP)
            writer.member("num_predict", options.numPredict)
            writer.member("stop", options.stop)
            writer.raw("}")
        }
        writer.member("format", format)
        if let think {
            writer.member("think", think)
        }
        writer.member("keep_alive", keepAlive)
        writer.raw("}")
    }
}

extension OllamaWire.Message {
    /// Appends the message to `writer`.
    func write(to writer: inout JSONWriter) {
        writer.raw("{")
        writer.member("role", role)
        writer.member("content", content)
        writer.member("thinking", thinking)
        writer.member("images", images)
        if let toolCalls {
            writer.key("tool_calls")
            writer.array(toolCalls) { call, writer in
                writer.raw("{")
                writer.member("id", call.id)
                writer.key("function")
                writer.raw("{")
                writer.member("name", call.function.name)
                writer.member("arguments", call.function.arguments)
                writer.raw("}}")
            }
        }
        writer.member("tool_name", toolName)
        writer.raw("}")
    }
}
