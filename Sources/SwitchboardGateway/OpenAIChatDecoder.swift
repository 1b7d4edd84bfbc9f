import SwitchboardKit

/// Reads an OpenAI Chat Completions request body into a ``ChatCall``.
///
/// Fields the data model has no place for and that do not change the answer's shape (`seed`, `logprobs`,
/// `frequency_penalty`, `presence_penalty`, `parallel_tool_calls`, …) are ignored, as OpenAI-compatible servers
/// commonly do; `n` other than 1 and audio input are refused as unsupported.
enum OpenAIChatDecoder {
    /// Decodes `root`.
    /// - Throws: ``APIFailure`` (400) naming the field at fault.
    static func decode(_ root: JSONReader) throws(APIFailure) -> ChatCall {
        let model = try root.required("model").string()
        var messages: [Message] = []
        for element in try root.required("messages").elements() {
            messages.append(try message(element))
        }
        if messages.isEmpty {
            throw .invalidRequest("`messages` is empty; send at least one message", param: "messages")
        }
        var request = ChatRequest(messages: messages)
        if let tools = root["tools"] {
            request.tools = try tools.elements().map { element throws(APIFailure) in try tool(element) }
        }
        if let choice = root["tool_choice"] { request.toolChoice = try toolChoice(choice) }
        if let value = root["temperature"] { request.temperature = try value.number() }
        if let value = root["top_p"] { request.topP = try value.number() }
        if let value = root["max_completion_tokens"] ?? root["max_tokens"] {
            let tokens = try value.integer()
            guard tokens > 0 else {
                throw .invalidRequest("`\(value.path)` must be at least 1, found \(tokens)", param: value.path)
            }
            request.maxOutputTokens = tokens
        }
        if let stop = root["stop"] {
            request.stop =
                stop.isString
                ? [try stop.string()] : try stop.elements().map { element throws(APIFailure) in try element.string() }
        }
        if let format = root["response_format"] { request.responseFormat = try responseFormat(format) }
        if let effort = root["reasoning_effort"] { request.thinking = ThinkingOptions(effort: try effort.string()) }
        if let metadata = root["metadata"] {
            guard case .object(let members) = metadata.value else { throw metadata.mismatch("an object of strings") }
            for key in members.keys.sorted() {
                request.metadata[key] = try metadata.required(key).string()
            }
        }
        if let user = root["user"] { request.metadata["user"] = try user.string() }
        if let n = root["n"], try n.integer() != 1 {
            throw .unsupported("`n`: only one choice per request is supported; send n: 1 or leave it out", param: "n")
        }
        let stream = try root["stream"]?.boolean() ?? false
        let includeUsage = try root["stream_options"]?["include_usage"]?.boolean() ?? false
        return ChatCall(model: model, request: request, stream: stream, includeUsage: includeUsage)
    }

    private static func message(_ element: JSONReader) throws(APIFailure) -> Message {
        guard element.isObject else { throw element.mismatch("a message object") }
        let roleField = try element.required("role")
        switch try roleField.string() {
        case "system", "developer":
            return Message(role: .system, content: try content(element["content"], allowImages: false))
        case "user":
            return Message(role: .user, content: try content(element["content"], allowImages: true))
        case "assistant":
            var parts: [ContentPart] = []
            if let reasoning = element["reasoning_content"] {
                parts.append(.thinking(Thinking(text: try reasoning.string())))
            }
            parts += try content(element["content"], allowImages: false)
            for call in try element["tool_calls"]?.elements() ?? [] {
                let function = try call.required("function")
                parts.append(
                    .toolCall(
                        ToolCall(
                            id: try call.required("id").string(),
                            name: try function.required("name").string(),
                            arguments: try function["arguments"]?.string() ?? "{}"
                        )))
            }
            return Message(role: .assistant, content: parts)
        case "tool":
            let text = try content(element["content"], allowImages: false).compactMap { part -> String? in
                if case .text(let text) = part { text } else { nil }
            }.joined()
            let id = try element.required("tool_call_id").string()
            return Message(role: .tool, content: [.toolResult(ToolResult(toolCallId: id, content: text))])
        case let other:
            throw roleField.unknown("role", other, allowed: ["system", "developer", "user", "assistant", "tool"])
        }
    }

    /// A message's `content`: a string, or an array of `text` / `image_url` parts; absent or null is no content.
    private static func content(_ field: JSONReader?, allowImages: Bool) throws(APIFailure) -> [ContentPart] {
        guard let field else { return [] }
        if field.isString { return [.text(try field.string())] }
        var parts: [ContentPart] = []
        for part in try field.elements() {
            let typeField = try part.required("type")
            let type = try typeField.string()
            switch type {
            case "text":
                parts.append(.text(try part.required("text").string()))
            case "image_url" where allowImages:
                let image = try part.required("image_url")
                let url = try (image.isString ? image : image.required("url")).string()
                parts.append(.image(try imageSource(url, path: image.path)))
            case "refusal":
                parts.append(.text(try part.required("refusal").string()))
            case "input_audio", "file":
                throw .unsupported(
                    "`\(typeField.path)`: \(type) parts are not supported; send text and images", param: typeField.path)
            case let other:
                throw typeField.unknown(
                    "content part type", other, allowed: allowImages ? ["text", "image_url"] : ["text"])
            }
        }
        return parts
    }

    /// An image URL; a `data:<media type>;base64,<data>` URL becomes inline bytes.
    static func imageSource(_ url: String, path: String) throws(APIFailure) -> ImageSource {
        guard url.hasPrefix("data:") else { return .url(url) }
        guard let comma = url.firstIndex(of: ","), url[..<comma].hasSuffix(";base64") else {
            throw .invalidRequest("`\(path)`: a data URL must look like data:image/png;base64,<data>", param: path)
        }
        let mediaType = String(url[url.index(url.startIndex, offsetBy: 5)..<comma].dropLast(";base64".count))
        return .base64(
            data: String(url[url.index(after: comma)...]), mediaType: mediaType.isEmpty ? "image/png" : mediaType)
    }

    private static func tool(_ element: JSONReader) throws(APIFailure) -> ToolDefinition {
        let typeField = try element.required("type")
        let type = try typeField.string()
        guard type == "function" else { throw typeField.unknown("tool type", type, allowed: ["function"]) }
        let function = try element.required("function")
        return ToolDefinition(
            name: try function.required("name").string(),
            description: try function["description"]?.string(),
            parameters: function["parameters"]?.value ?? ["type": "object", "properties": [:]]
        )
    }

    private static func toolChoice(_ field: JSONReader) throws(APIFailure) -> ToolChoice {
        if field.isString {
            switch try field.string() {
            case "auto": return .auto
            case "none": return .none
            case "required": return .required
            case let other:
                throw field.unknown(
                    "tool_choice", other, allowed: ["auto", "none", "required", "{\"type\":\"function\",…}"])
            }
        }
        return .tool(try field.required("function").required("name").string())
    }

    private static func responseFormat(_ field: JSONReader) throws(APIFailure) -> ResponseFormat {
        let typeField = try field.required("type")
        switch try typeField.string() {
        case "text": return .text
        case "json_object": return .jsonObject
        case "json_schema":
            let schema = try field.required("json_schema")
            return .jsonSchema(
                name: try schema["name"]?.string() ?? "response",
                schema: try schema.required("schema").value,
                strict: try schema["strict"]?.boolean() ?? false
            )
        case let other:
            throw typeField.unknown("response_format type", other, allowed: ["text", "json_object", "json_schema"])
        }
    }
}
