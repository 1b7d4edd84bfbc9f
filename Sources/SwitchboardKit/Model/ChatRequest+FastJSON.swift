extension ChatRequest {
    /// The request's JSON form (the same document `Codable` produces), written without Foundation.
    ///
    /// Every request crosses the plugin boundary as JSON, in process and to an isolated child; this is that path's
    /// encoder, and ``init(jsonBytes:)`` its decoder.
    package func jsonBytes() -> [UInt8] {
        var writer = JSONWriter(capacity: 256)
        writer.raw("{")
        writer.key("model"); writer.string(model)
        writer.key("messages"); writer.array(messages) { $0.write(to: &$1) }
        if !tools.isEmpty { writer.key("tools"); writer.array(tools) { $0.write(to: &$1) } }
        if let toolChoice {
            writer.key("tool_choice")
            switch toolChoice {
            case .auto: writer.raw("\"auto\"")
            case .none: writer.raw("\"none\"")
            case .required: writer.raw("\"required\"")
            case .tool(let name):
                writer.raw("{"); writer.key("name"); writer.string(name); writer.raw("}")
            }
        }
        if let temperature { writer.key("temperature"); writer.number(temperature) }
        if let topP { writer.key("top_p"); writer.number(topP) }
        if let maxOutputTokens { writer.key("max_output_tokens"); writer.integer(maxOutputTokens) }
        if !stop.isEmpty { writer.key("stop"); writer.array(stop) { $1.string($0) } }
        if let responseFormat {
            writer.key("response_format"); writer.raw("{")
            switch responseFormat {
            case .text: writer.key("type"); writer.raw("\"text\"")
            case .jsonObject: writer.key("type"); writer.raw("\"json_object\"")
            case .jsonSchema(let name, let schema, let strict):
                writer.key("type"); writer.raw("\"json_schema\"")
                writer.key("name"); writer.string(name)
                writer.key("schema"); writer.value(schema)
                writer.key("strict"); writer.raw(strict ? "true" : "false")
            }
            writer.raw("}")
        }
        if let thinking {
            writer.key("thinking"); writer.raw("{")
            if let budget = thinking.budgetTokens { writer.key("budget_tokens"); writer.integer(budget) }
            if let effort = thinking.effort { writer.key("effort"); writer.string(effort) }
            writer.raw("}")
        }
        if !metadata.isEmpty {
            writer.key("metadata"); writer.value(.object(metadata.mapValues(JSONValue.string)))
        }
        if !tags.isEmpty { writer.key("tags"); writer.array(tags) { $1.string($0) } }
        writer.raw("}")
        return writer.bytes
    }

    /// Decodes a request from its JSON form without Foundation; accepts what the `Codable` decoder accepts (a
    /// message's `content` may be a string).
    /// - Throws: ``JSONParser/Error`` for malformed JSON, ``ProviderError`` (`invalid_request`) naming the member for
    ///   a document that is not a request.
    public init(jsonBytes bytes: UnsafeRawBufferPointer) throws {
        let json = try JSONParser.parse(bytes)
        do {
            try self.init(fields: try JSONFields(json, at: "the request"))
        } catch let error as JSONFields.ShapeError {
            throw ProviderError(.invalidRequest, "not a chat request: \(error.description)")
        }
    }

    private init(fields: JSONFields) throws {
        model = try fields.required("model", fields.string)
        messages = try fields.required("messages", fields.array).enumerated().map { index, message in
            try Message(fields: JSONFields(message, at: "messages[\(index)]"))
        }
        tools =
            try fields.array("tools")?.enumerated().map { index, tool in
                let tool = try JSONFields(tool, at: "tools[\(index)]")
                return ToolDefinition(
                    name: try tool.required("name", tool.string), description: try tool.string("description"),
                    parameters: tool.value("parameters") ?? ["type": "object"])
            } ?? []
        toolChoice = try fields.value("tool_choice").map { choice in
            switch choice {
            case .string("auto"): return .auto
            case .string("none"): return .none
            case .string("required"): return .required
            default:
                guard let name = choice["name"]?.stringValue else {
                    throw JSONFields.ShapeError(
                        "expected \"auto\", \"none\", \"required\" or {\"name\": …} at the request.tool_choice")
                }
                return .tool(name)
            }
        }
        temperature = try fields.number("temperature")
        topP = try fields.number("top_p")
        maxOutputTokens = try fields.integer("max_output_tokens")
        stop = try fields.strings("stop") ?? []
        responseFormat = try fields.object("response_format").map { format in
            switch try format.required("type", format.string) {
            case "text": return .text
            case "json_object": return .jsonObject
            case "json_schema":
                return .jsonSchema(
                    name: try format.string("name") ?? "response",
                    schema: try format.required("schema") { format.value($0) },
                    strict: try format.bool("strict") ?? true)
            case let other:
                throw JSONFields.ShapeError(
                    "unknown response_format type \"\(other)\"; expected text, json_object or json_schema")
            }
        }
        thinking = try fields.object("thinking").map { thinking in
            ThinkingOptions(budgetTokens: try thinking.integer("budget_tokens"), effort: try thinking.string("effort"))
        }
        metadata =
            try fields.object("metadata").map { metadata in
                try metadata.members.mapValues { value in
                    guard let text = value.stringValue else {
                        throw JSONFields.ShapeError("expected string values at the request.metadata")
                    }
                    return text
                }
            } ?? [:]
        tags = try fields.strings("tags") ?? []
    }
}

extension Message {
    fileprivate init(fields: JSONFields) throws {
        guard let role = Role(rawValue: try fields.required("role", fields.string)) else {
            throw JSONFields.ShapeError("expected system, user, assistant or tool at \(fields.path).role")
        }
        self.role = role
        if let text = fields.value("content")?.stringValue {
            content = [.text(text)]
        } else {
            content = try fields.required("content", fields.array).enumerated().map { index, part in
                try ContentPart(fields: JSONFields(part, at: "\(fields.path).content[\(index)]"))
            }
        }
    }

    fileprivate func write(to writer: inout JSONWriter) {
        writer.raw("{")
        writer.key("role"); writer.string(role.rawValue)
        writer.key("content"); writer.array(content) { $0.write(to: &$1) }
        writer.raw("}")
    }
}

extension ContentPart {
    fileprivate init(fields part: JSONFields) throws(JSONFields.ShapeError) {
        func string(_ key: String) throws(JSONFields.ShapeError) -> String { try part.required(key, part.string) }
        switch try string("type") {
        case "text": self = .text(try string("text"))
        case "image":
            if let url = try part.string("url") {
                self = .image(.url(url))
            } else {
                self = .image(.base64(data: try string("data"), mediaType: try string("media_type")))
            }
        case "thinking":
            self = .thinking(Thinking(text: try string("text"), signature: try part.string("signature")))
        case "tool_call":
            self = .toolCall(
                ToolCall(id: try string("id"), name: try string("name"), arguments: try string("arguments")))
        case "tool_result":
            self = .toolResult(
                ToolResult(
                    toolCallId: try string("tool_call_id"), content: try string("content"),
                    isError: try part.bool("is_error") ?? false))
        case let other:
            throw JSONFields.ShapeError(
                "unknown content part type \"\(other)\" at \(part.path); expected text, image, thinking, tool_call or "
                    + "tool_result")
        }
    }

    fileprivate func write(to writer: inout JSONWriter) {
        writer.raw("{")
        switch self {
        case .text(let text):
            writer.key("type"); writer.raw("\"text\"")
            writer.key("text"); writer.string(text)
        case .image(.url(let url)):
            writer.key("type"); writer.raw("\"image\"")
            writer.key("url"); writer.string(url)
        case .image(.base64(let data, let mediaType)):
            writer.key("type"); writer.raw("\"image\"")
            writer.key("data"); writer.string(data)
            writer.key("media_type"); writer.string(mediaType)
        case .thinking(let thinking):
            writer.key("type"); writer.raw("\"thinking\"")
            writer.key("text"); writer.string(thinking.text)
            if let signature = thinking.signature { writer.key("signature"); writer.string(signature) }
        case .toolCall(let call):
            writer.key("type"); writer.raw("\"tool_call\"")
            writer.key("id"); writer.string(call.id)
            writer.key("name"); writer.string(call.name)
            writer.key("arguments"); writer.string(call.arguments)
        case .toolResult(let result):
            writer.key("type"); writer.raw("\"tool_result\"")
            writer.key("tool_call_id"); writer.string(result.toolCallId)
            writer.key("content"); writer.string(result.content)
            writer.key("is_error"); writer.raw(result.isError ? "true" : "false")
        }
        writer.raw("}")
    }
}

extension ToolDefinition {
    fileprivate func write(to writer: inout JSONWriter) {
        writer.raw("{")
        writer.key("name"); writer.string(name)
        if let description { writer.key("description"); writer.string(description) }
        writer.key("parameters"); writer.value(parameters)
        writer.raw("}")
    }
}
