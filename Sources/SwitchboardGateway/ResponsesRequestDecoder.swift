import SwitchboardKit

/// Reads an OpenAI Responses API request body (`POST /v1/responses`) into a ``ResponsesCall``.
///
/// `input` is a string (one user message) or a list of items: messages (`role` and `content`, a string or
/// `input_text` / `input_image` / `output_text` / `refusal` parts); `reasoning` and `function_call` items, which join
/// the assistant turn they follow; and `function_call_output` items, each a `tool` message. `instructions` becomes
/// the first, system, message. A reasoning item's `encrypted_content` is the thinking's signature (the gateway writes
/// it there), so a client that sends its output items back keeps signed thinking intact.
///
/// The gateway keeps no state: `previous_response_id`, `conversation`, `store: true`, `background: true` and
/// `item_reference` items are refused. Fields with no place in the data model that do not change the answer's shape
/// (`include`, `truncation`, `parallel_tool_calls`, `service_tier`, `text.verbosity`, …) are ignored.
enum ResponsesRequestDecoder {
    /// Decodes `root`.
    /// - Throws: ``APIFailure`` (400) naming the field at fault.
    static func decode(_ root: JSONReader) throws(APIFailure) -> ResponsesCall {
        try refuseState(root)
        let model = try root.required("model").string()
        var messages: [Message] = []
        if let instructions = root["instructions"] { messages.append(.system(try instructions.string())) }
        let input = try root.required("input")
        if input.isString {
            messages.append(.user(try input.string()))
        } else {
            messages += try items(input)
        }
        guard messages.contains(where: { $0.role != .system }) else {
            throw .invalidRequest("`input` is empty; send a string or at least one input item", param: "input")
        }
        var request = ChatRequest(messages: messages)
        if let tools = root["tools"] {
            request.tools = try tools.elements().map { element throws(APIFailure) in try tool(element) }
        }
        if let choice = root["tool_choice"] { request.toolChoice = try toolChoice(choice) }
        if let value = root["temperature"] { request.temperature = try value.number() }
        if let value = root["top_p"] { request.topP = try value.number() }
        if let value = root["max_output_tokens"] {
            let tokens = try value.integer()
            guard tokens > 0 else {
                throw .invalidRequest("`max_output_tokens` must be at least 1, found \(tokens)", param: value.path)
            }
            request.maxOutputTokens = tokens
        }
        if let format = root["text"]?["format"] { request.responseFormat = try responseFormat(format) }
        if let effort = root["reasoning"]?["effort"] { request.thinking = ThinkingOptions(effort: try effort.string()) }
        if let metadata = root["metadata"] {
            guard case .object(let members) = metadata.value else { throw metadata.mismatch("an object of strings") }
            for key in members.keys.sorted() {
                request.metadata[key] = try metadata.required(key).string()
            }
        }
        if let user = root["user"] { request.metadata["user"] = try user.string() }
        let call = ChatCall(
            model: model, request: request, stream: try root["stream"]?.boolean() ?? false, includeUsage: true)
        return ResponsesCall(chat: call, settings: settings(root))
    }

    /// Refuses what needs responses kept on the server.
    private static func refuseState(_ root: JSONReader) throws(APIFailure) {
        if root["previous_response_id"] != nil {
            throw stateless("previous_response_id", "continue a stored response")
        }
        if root["conversation"] != nil { throw stateless("conversation", "continue a stored conversation") }
        if try root["store"]?.boolean() == true {
            throw stateless("store", "store the response; send `store: false` or leave it out")
        }
        if try root["background"]?.boolean() == true {
            throw stateless("background", "run a response in the background for later polling")
        }
    }

    /// A 400 for `field`: the gateway keeps nothing between requests, so it cannot do `what`.
    private static func stateless(_ field: String, _ what: String) -> APIFailure {
        .invalidRequest(
            "`\(field)`: this gateway is stateless and keeps no responses or conversations, so it cannot \(what); "
                + "send the whole conversation in `input` instead",
            param: field)
    }

    /// The input items as messages: assistant-side items (assistant messages, reasoning, function calls) that follow
    /// each other form one assistant turn.
    private static func items(_ input: JSONReader) throws(APIFailure) -> [Message] {
        var messages: [Message] = []
        func assistant(_ parts: [ContentPart]) {
            if let last = messages.last, last.role == .assistant {
                messages[messages.count - 1].content += parts
            } else {
                messages.append(Message(role: .assistant, content: parts))
            }
        }
        for item in try input.elements() {
            guard item.isObject else { throw item.mismatch("an input item object") }
            let typeField = item["type"]
            switch try typeField?.string() ?? "message" {
            case "message":
                let message = try self.message(item)
                if message.role == .assistant { assistant(message.content) } else { messages.append(message) }
            case "reasoning":
                assistant([.thinking(try thinking(item))])
            case "function_call":
                assistant([
                    .toolCall(
                        ToolCall(
                            id: try item.required("call_id").string(), name: try item.required("name").string(),
                            arguments: try item["arguments"]?.string() ?? "{}"))
                ])
            case "function_call_output":
                let result = ToolResult(
                    toolCallId: try item.required("call_id").string(), content: try output(item.required("output")))
                messages.append(Message(role: .tool, content: [.toolResult(result)]))
            case "item_reference":
                throw stateless("\(item.path).type", "resolve an `item_reference`")
            case let other:
                throw typeField?.unknown(
                    "input item type", other,
                    allowed: ["message", "reasoning", "function_call", "function_call_output"])
                    ?? item.mismatch("an input item")
            }
        }
        return messages
    }

    private static func message(_ item: JSONReader) throws(APIFailure) -> Message {
        let roleField = try item.required("role")
        let content = try item.required("content")
        switch try roleField.string() {
        case "system", "developer": return Message(role: .system, content: try parts(content, allowImages: false))
        case "user": return Message(role: .user, content: try parts(content, allowImages: true))
        case "assistant": return Message(role: .assistant, content: try parts(content, allowImages: false))
        case let other:
            throw roleField.unknown("role", other, allowed: ["user", "assistant", "system", "developer"])
        }
    }

    /// A message's `content`: a string, or a list of parts.
    private static func parts(_ content: JSONReader, allowImages: Bool) throws(APIFailure) -> [ContentPart] {
        if content.isString { return [.text(try content.string())] }
        var parts: [ContentPart] = []
        for part in try content.elements() {
            let typeField = try part.required("type")
            let type = try typeField.string()
            switch type {
            case "input_text", "output_text":
                parts.append(.text(try part.required("text").string()))
            case "refusal":
                parts.append(.text(try part.required("refusal").string()))
            case "input_image" where allowImages:
                guard let url = part["image_url"] else {
                    throw .unsupported(
                        "`\(part.path)`: images by `file_id` are not supported (the gateway has no file store); "
                            + "send `image_url` with a URL or a data URL",
                        param: "\(part.path).file_id")
                }
                parts.append(.image(try OpenAIChatDecoder.imageSource(try url.string(), path: url.path)))
            case "input_file", "input_audio":
                throw .unsupported(
                    "`\(typeField.path)`: \(type) parts are not supported; send text and images", param: typeField.path)
            case let other:
                throw typeField.unknown(
                    "content part type", other,
                    allowed: allowImages ? ["input_text", "input_image"] : ["input_text", "output_text", "refusal"])
            }
        }
        return parts
    }

    /// A reasoning item's thinking: its `content` text (else its summary), its `encrypted_content` as the signature.
    private static func thinking(_ item: JSONReader) throws(APIFailure) -> Thinking {
        var text = ""
        for part in try item["content"]?.elements() ?? [] {
            text += try part.required("text").string()
        }
        if text.isEmpty {
            for part in try item["summary"]?.elements() ?? [] {
                text += try part.required("text").string()
            }
        }
        return Thinking(text: text, signature: try item["encrypted_content"]?.string())
    }

    /// A function call's `output`: a string, or a list of `input_text` parts.
    private static func output(_ field: JSONReader) throws(APIFailure) -> String {
        if field.isString { return try field.string() }
        var text = ""
        for part in try field.elements() {
            let typeField = try part.required("type")
            let type = try typeField.string()
            guard type == "input_text" else {
                throw .unsupported(
                    "`\(typeField.path)`: a function call output can hold only text (input_text), found \(type)",
                    param: typeField.path)
            }
            text += try part.required("text").string()
        }
        return text
    }

    private static func tool(_ element: JSONReader) throws(APIFailure) -> ToolDefinition {
        let typeField = try element.required("type")
        let type = try typeField.string()
        guard type == "function" else {
            throw .unsupported(
                "`\(typeField.path)`: \(type) tools are not supported; this gateway offers function tools only",
                param: typeField.path)
        }
        return ToolDefinition(
            name: try element.required("name").string(),
            description: try element["description"]?.string(),
            parameters: element["parameters"]?.value ?? ["type": "object", "properties": [:]]
        )
    }

    private static func toolChoice(_ field: JSONReader) throws(APIFailure) -> ToolChoice {
        if field.isString {
            switch try field.string() {
            case "auto": return .auto
            case "none": return ToolChoice.none
            case "required": return .required
            case let other:
                throw field.unknown(
                    "tool_choice", other, allowed: ["auto", "none", "required", "{\"type\":\"function\",\"name\":…}"])
            }
        }
        let typeField = try field.required("type")
        let type = try typeField.string()
        guard type == "function" else {
            throw .unsupported(
                "`\(typeField.path)`: tool_choice type \(type) is not supported; name a function tool "
                    + "({\"type\":\"function\",\"name\":…}) or send auto, none or required",
                param: typeField.path)
        }
        return .tool(try field.required("name").string())
    }

    private static func responseFormat(_ field: JSONReader) throws(APIFailure) -> ResponseFormat {
        let typeField = try field.required("type")
        switch try typeField.string() {
        case "text": return .text
        case "json_object": return .jsonObject
        case "json_schema":
            return .jsonSchema(
                name: try field["name"]?.string() ?? "response",
                schema: try field.required("schema").value,
                strict: try field["strict"]?.boolean() ?? false
            )
        case let other:
            throw typeField.unknown("text.format type", other, allowed: ["text", "json_object", "json_schema"])
        }
    }

    /// The settings the `response` object repeats, as sent, with OpenAI's defaults for those left out.
    private static func settings(_ root: JSONReader) -> [String: JSONValue] {
        func sent(_ key: String, default value: JSONValue = .null) -> JSONValue { root[key]?.value ?? value }
        return [
            "instructions": sent("instructions"), "max_output_tokens": sent("max_output_tokens"),
            "metadata": sent("metadata", default: [:]),
            "parallel_tool_calls": sent("parallel_tool_calls", default: true),
            "reasoning": ["effort": root["reasoning"]?["effort"]?.value ?? .null, "summary": .null],
            "temperature": sent("temperature"), "top_p": sent("top_p"),
            "text": ["format": root["text"]?["format"]?.value ?? ["type": "text"]],
            "tool_choice": sent("tool_choice", default: "auto"), "tools": sent("tools", default: []),
            "truncation": sent("truncation", default: "disabled"), "user": sent("user"), "store": false,
            "background": false, "previous_response_id": .null,
        ]
    }
}
