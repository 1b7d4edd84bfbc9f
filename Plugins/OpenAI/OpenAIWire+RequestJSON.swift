import SwitchboardKit

// The request body written straight into bytes (no Foundation `JSONEncoder`): the document Chat Completions reads.

extension OpenAIWire.ChatCompletionRequest {
    /// Appends the body to `writer`.
    func write(to writer: inout JSONWriter) {
        writer.raw("{")
        writer.key("model")
        writer.string(model)
        writer.key("messages")
        writer.array(messages) { $0.write(to: &$1) }
        writer.key("stream")
        writer.raw(stream ? "true" : "false")
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
        if let temperature {
            writer.key("temperature")
            writer.number(temperature)
        }
        if let topP {
            writer.key("top_p")
            writer.number(topP)
        }
        if let maxCompletionTokens {
            writer.key("max_completion_tokens")
            writer.integer(maxCompletionTokens)
        }
        if let maxTokens {
            writer.key("max_tokens")
            writer.integer(maxTokens)
        }
        if let stop {
            writer.key("stop")
            writer.array(stop) { $1.string($0) }
        }
        if let responseFormat {
            writer.key("response_format")
            switch responseFormat {
            case .jsonObject: writer.raw("{\"type\":\"json_object\"}")
            case .jsonSchema(let name, let schema, let strict):
                writer.raw("{\"type\":\"json_schema\",\"json_schema\":{")
                writer.key("name")
                writer.string(name)
                writer.key("schema")
                writer.value(schema)
                writer.key("strict")
                writer.raw(strict ? "true" : "false")
                writer.raw("}}")
            }
        }
        if let reasoningEffort {
            writer.key("reasoning_effort")
            writer.string(reasoningEffort)
        }
        writer.raw("}")
    }
}

extension OpenAIWire.Message {
    /// Appends the message; `content` is written as null when absent.
    func write(to writer: inout JSONWriter) {
        writer.raw("{")
        writer.key("role")
        writer.string(role)
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
                writer.key("id")
                writer.string(call.id)
                writer.raw(",\"type\":\"function\",\"function\":{")
                writer.key("name")
                writer.string(call.name)
                writer.key("arguments")
                writer.string(call.arguments)
                writer.raw("}}")
            }
        }
        if let toolCallID {
            writer.key("tool_call_id")
            writer.string(toolCallID)
        }
        writer.raw("}")
    }
}

extension OpenAIWire.Tool {
    /// Appends `{"type":"function","function":{…}}`.
    func write(to writer: inout JSONWriter) {
        writer.raw("{\"type\":\"function\",\"function\":{")
        writer.key("name")
        writer.string(name)
        if let description {
            writer.key("description")
            writer.string(description)
        }
        writer.key("parameters")
        writer.value(parameters)
        writer.raw("}}")
    }
}
