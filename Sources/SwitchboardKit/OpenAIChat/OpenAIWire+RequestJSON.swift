// The request body written straight into bytes (no Foundation `JSONEncoder`): the document Chat Completions reads.

extension OpenAIWire.ChatCompletionRequest {
    /// Appends the body to `writer`.
    func write(to writer: inout JSONWriter) {
        writer.raw("{")
        writer.member("model", model)
        writer.key("messages")
        writer.array(messages) { $0.write(to: &$1) }
        writer.member("stream", stream)
        if includeUsage {
            writer.key("stream_options")
            writer.raw("{\"include_usage\":true}")
        }
        if let tools {
            writer.key("tools")
            writer.array(tools) { $0.write(to: &$1) }
        }
        if let toolChoice {
            writer.key("tool_choice")
            switch toolChoice {
            case .mode(let mode): writer.string(mode)
            case .function(let name):
                writer.raw("{\"type\":\"function\",\"function\":{\"name\":")
                writer.string(name)
                writer.raw("}}")
            }
        }
        writer.member("temperature", temperature)
        writer.member("top_p", topP)
        writer.member("max_completion_tokens", maxCompletionTokens)
        writer.member("max_tokens", maxTokens)
        writer.member("stop", stop)
        if let responseFormat {
            writer.key("response_format")
            switch responseFormat {
            case .jsonObject: writer.raw("{\"type\":\"json_object\"}")
            case .jsonSchema(let name, let schema, let strict):
                writer.raw("{\"type\":\"json_schema\",\"json_schema\":{")
                writer.member("name", name)
                writer.member("schema", schema)
                writer.member("strict", strict)
                writer.raw("}}")
            }
        }
        writer.member("reasoning_effort", reasoningEffort)
        writer.raw("}")
    }
}

extension OpenAIWire.Message {
    /// Appends the message; `content` is written as null when absent.
    func write(to writer: inout JSONWriter) {
        writer.raw("{")
        writer.member("role", role)
        writer.key("content")
        switch content {
        case nil: writer.raw("null")
        case .text(let text): writer.string(text)
        case .parts(let parts):
            writer.array(parts) { part, writer in
                switch part {
                case .text(let text):
                    writer.raw("{\"type\":\"text\",\"text\":")
                    writer.string(text)
                    writer.raw("}")
                case .image(let url):
                    writer.raw("{\"type\":\"image_url\",\"image_url\":{\"url\":")
                    writer.string(url)
                    writer.raw("}}")
                }
            }
        }
        if let toolCalls {
            writer.key("tool_calls")
            writer.array(toolCalls) { call, writer in
                writer.raw("{")
                writer.member("id", call.id)
                writer.raw(",\"type\":\"function\",\"function\":{")
                writer.member("name", call.name)
                writer.member("arguments", call.arguments)
                writer.raw("}}")
            }
        }
        writer.member("tool_call_id", toolCallID)
        writer.raw("}")
    }
}

extension OpenAIWire.Tool {
    /// Appends `{"type":"function","function":{…}}`.
    func write(to writer: inout JSONWriter) {
        writer.raw("{\"type\":\"function\",\"function\":{")
        writer.member("name", name)
        writer.member("description", description)
        writer.member("parameters", parameters)
        writer.raw("}}")
    }
}
