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
    /// - Throws: ``JSONParser/Error`` for malformed JSON, ``ProviderError`` (`invalid_request`) naming the field for
    ///   a document that is not a request.
    public init(jsonBytes bytes: UnsafeRawBufferPointer) throws {
        let json = try JSONParser.parse(bytes)
        let fields = try FastJSONFields(json, at: "the request")
        model = try fields.string("model")
        messages = try fields.array("messages").enumerated().map { index, message in
            try Message(json: message, at: "messages[\(index)]")
        }
        tools =
            try fields.optionalArray("tools")?.enumerated().map { index, tool in
                let tool = try FastJSONFields(tool, at: "tools[\(index)]")
                return ToolDefinition(
                    name: try tool.string("name"), description: try tool.optionalString("description"),
                    parameters: tool.json["parameters"] ?? ["type": "object"])
            } ?? []
        toolChoice = try fields.json["tool_choice"].map { choice in
            switch choice {
            case .string("auto"): return .auto
            case .string("none"): return .none
            case .string("required"): return .required
            default:
                guard let name = choice["name"]?.stringValue else {
                    throw FastJSONFields.shapeError(
                        "tool_choice is \"auto\", \"none\", \"required\" or {\"name\": …}")
                }
                return .tool(name)
            }
        }
        temperature = try fields.optionalNumber("temperature")
        topP = try fields.optionalNumber("top_p")
        maxOutputTokens = try fields.optionalInteger("max_output_tokens")
        stop = try fields.optionalStrings("stop") ?? []
        responseFormat = try fields.optionalObject("response_format").map { format in
            switch try format.string("type") {
            case "text": return .text
            case "json_object": return .jsonObject
            case "json_schema":
                guard let schema = format.json["schema"] else {
                    throw FastJSONFields.shapeError("response_format json_schema needs \"schema\"")
                }
                return .jsonSchema(
                    name: try format.optionalString("name") ?? "response", schema: schema,
                    strict: try format.optionalBool("strict") ?? true)
            case let other:
                throw FastJSONFields.shapeError(
                    "unknown response_format type \"\(other)\"; expected text, json_object or json_schema")
            }
        }
        thinking = try fields.optionalObject("thinking").map { thinking in
            ThinkingOptions(
                budgetTokens: try thinking.optionalInteger("budget_tokens"),
                effort: try thinking.optionalString("effort"))
        }
        metadata =
            try fields.optionalObject("metadata").map { metadata in
                try metadata.members.mapValues { value in
                    guard let text = value.stringValue else {
                        throw FastJSONFields.shapeError("metadata values are strings")
                    }
                    return text
                }
            } ?? [:]
        tags = try fields.optionalStrings("tags") ?? []
    }
}

extension Message {
    fileprivate init(json: JSONValue, at place: String) throws {
        let fields = try FastJSONFields(json, at: place)
        guard let role = Role(rawValue: try fields.string("role")) else {
            throw FastJSONFields.shapeError("\(place).role is system, user, assistant or tool")
        }
        self.role = role
        if let text = fields.json["content"]?.stringValue {
            content = [.text(text)]
        } else {
            content = try fields.array("content").enumerated().map { index, part in
                try ContentPart(json: part, at: "\(place).content[\(index)]")
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
    fileprivate init(json: JSONValue, at place: String) throws {
        let part = try FastJSONFields(json, at: place)
        switch try part.string("type") {
        case "text": self = .text(try part.string("text"))
        case "image":
            if let url = try part.optionalString("url") {
                self = .image(.url(url))
            } else {
                self = .image(.base64(data: try part.string("data"), mediaType: try part.string("media_type")))
            }
        case "thinking":
            self = .thinking(Thinking(text: try part.string("text"), signature: try part.optionalString("signature")))
        case "tool_call":
            self = .toolCall(
                ToolCall(
                    id: try part.string("id"), name: try part.string("name"), arguments: try part.string("arguments"))
            )
        case "tool_result":
            self = .toolResult(
                ToolResult(
                    toolCallId: try part.string("tool_call_id"), content: try part.string("content"),
                    isError: try part.optionalBool("is_error") ?? false))
        case let other:
            throw FastJSONFields.shapeError(
                "unknown content part type \"\(other)\" at \(place); expected text, image, thinking, tool_call or "
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
