import SwitchboardKit

// The request body written straight into bytes (no Foundation `JSONEncoder`): the document `/api/chat` reads.

extension OllamaWire.ChatRequest {
    /// Appends the body to `writer`.
    func write(to writer: inout JSONWriter) {
        writer.raw("{")
        writer.key("model")
        writer.string(model)
        writer.key("messages")
        writer.array(messages) { $0.write(to: &$1) }
        if let tools {
            writer.key("tools")
            writer.array(tools) { tool, writer in
                writer.raw("{\"type\":\"function\",\"function\":{")
                writer.key("name")
                writer.string(tool.name)
                if let description = tool.description {
                    writer.key("description")
                    writer.string(description)
                }
                writer.key("parameters")
                writer.value(tool.parameters)
                writer.raw("}}")
            }
        }
        writer.key("stream")
        writer.raw(stream ? "true" : "false")
        if let options {
            writer.key("options")
            writer.raw("{")
            if let temperature = options.temperature {
                writer.key("temperature")
                writer.number(temperature)
            }
            if let topP = options.topP {
                writer.key("top_p")
                writer.number(topP)
            }
            if let numPredict = options.numPredict {
                writer.key("num_predict")
                writer.integer(numPredict)
            }
            if let stop = options.stop {
                writer.key("stop")
                writer.array(stop) { $1.string($0) }
            }
            writer.raw("}")
        }
        if let format {
            writer.key("format")
            writer.value(format)
        }
        if let think {
            writer.key("think")
            writer.raw(think ? "true" : "false")
        }
        if let keepAlive {
            writer.key("keep_alive")
            writer.value(keepAlive)
        }
        writer.raw("}")
    }
}

extension OllamaWire.Message {
    /// Appends the message to `writer`.
    func write(to writer: inout JSONWriter) {
        writer.raw("{")
        writer.key("role")
        writer.string(role)
        writer.key("content")
        writer.string(content)
        if let thinking {
            writer.key("thinking")
            writer.string(thinking)
        }
        if let images {
            writer.key("images")
            writer.array(images) { $1.string($0) }
        }
        if let toolCalls {
            writer.key("tool_calls")
            writer.array(toolCalls) { call, writer in
                writer.raw("{")
                if let id = call.id {
                    writer.key("id")
                    writer.string(id)
                }
                writer.key("function")
                writer.raw("{")
                writer.key("name")
                writer.string(call.function.name)
                if let arguments = call.function.arguments {
                    writer.key("arguments")
                    writer.value(arguments)
                }
                writer.raw("}}")
            }
        }
        if let toolName {
            writer.key("tool_name")
            writer.string(toolName)
        }
        writer.raw("}")
    }
}
