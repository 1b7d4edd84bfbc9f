/// Turns a ``ChatRequest`` into the body of `POST /chat/completions`.
struct OpenAIRequestMapper {
    /// The provider instance, named in errors.
    let provider: String
    /// The request field that carries the output token limit.
    let maxTokensField: OpenAIMaxTokensField
    /// Whether to ask for a usage chunk at the end of the stream.
    let includeUsage: Bool

    /// The JSON body for `request`, streaming.
    /// - Throws: `unsupported` or `invalid_request` when a message cannot be expressed in this API.
    func body(for request: ChatRequest) throws -> [UInt8] {
        var writer = JSONWriter(capacity: 512)
        try wireRequest(for: request).write(to: &writer)
        return writer.bytes
    }

    /// The wire form of `request`; metadata and tags stay with the host.
    private func wireRequest(for request: ChatRequest) throws -> OpenAIWire.ChatCompletionRequest {
        var wire = OpenAIWire.ChatCompletionRequest(
            model: request.model,
            messages: try request.messages.flatMap(messages(for:)),
            includeUsage: includeUsage,
            tools: request.tools.isEmpty
                ? nil
                : request.tools.map {
                    OpenAIWire.Tool(name: $0.name, description: $0.description, parameters: $0.parameters)
                },
            toolChoice: request.toolChoice.map(toolChoice),
            temperature: request.temperature,
            topP: request.topP,
            stop: request.stop.isEmpty ? nil : request.stop,
            responseFormat: request.responseFormat.flatMap(responseFormat),
            reasoningEffort: request.thinking.flatMap(reasoningEffort)
        )
        switch maxTokensField {
        case .maxCompletionTokens: wire.maxCompletionTokens = request.maxOutputTokens
        case .maxTokens: wire.maxTokens = request.maxOutputTokens
        }
        return wire
    }

    /// One message becomes its tool results (each a `tool` message, first, so they follow the assistant's calls)
    /// and then the message itself, unless nothing of it is left.
    private func messages(for message: Message) throws -> [OpenAIWire.Message] {
        var wire: [OpenAIWire.Message] = []
        var texts: [String] = []
        var parts: [OpenAIWire.ContentPart] = []
        var hasImage = false
        var toolCalls: [OpenAIWire.ToolCall] = []
        for part in message.content {
            switch part {
            case .text(let text):
                texts.append(text)
                parts.append(.text(text))
            case .image(let source):
                guard message.role == .user else {
                    throw ProviderError(
                        .unsupported,
                        "images can only be sent in user messages; found one in a message with role \(message.role.rawValue)",
                        provider: provider
                    )
                }
                hasImage = true
                parts.append(.image(Self.url(of: source)))
            case .thinking:
                continue
            case .toolCall(let call):
                guard message.role == .assistant else {
                    throw ProviderError(
                        .invalidRequest,
                        "tool calls belong in assistant messages; found one in a message with role \(message.role.rawValue)",
                        provider: provider
                    )
                }
                toolCalls.append(OpenAIWire.ToolCall(id: call.id, name: call.name, arguments: call.arguments))
            case .toolResult(let result):
                wire.append(
                    OpenAIWire.Message(role: "tool", content: .text(result.content), toolCallID: result.toolCallId))
            }
        }
        let text = texts.joined()
        switch message.role {
        case .system:
            wire.append(OpenAIWire.Message(role: "system", content: .text(text)))
        case .user:
            if hasImage {
                wire.append(OpenAIWire.Message(role: "user", content: .parts(parts)))
            } else if !texts.isEmpty || wire.isEmpty {
                wire.append(OpenAIWire.Message(role: "user", content: .text(text)))
            }
        case .assistant:
            if !texts.isEmpty || !toolCalls.isEmpty {
                wire.append(
                    OpenAIWire.Message(
                        role: "assistant",
                        content: texts.isEmpty ? nil : .text(text),
                        toolCalls: toolCalls.isEmpty ? nil : toolCalls
                    )
                )
            }
        case .tool:
            guard texts.isEmpty else {
                throw ProviderError(
                    .invalidRequest,
                    "a tool message carries tool_result parts; found text without the tool_call_id it answers",
                    provider: provider
                )
            }
        }
        return wire
    }

    /// An image's URL as `image_url` takes it: the URL itself, or a `data:` URL of the inline bytes.
    private static func url(of source: ImageSource) -> String {
        switch source {
        case .url(let url): url
        case .base64(let data, let mediaType): "data:\(mediaType);base64,\(data)"
        }
    }

    private func toolChoice(_ choice: SwitchboardKit.ToolChoice) -> OpenAIWire.ToolChoice {
        switch choice {
        case .auto: .mode("auto")
        case .none: .mode("none")
        case .required: .mode("required")
        case .tool(let name): .function(name)
        }
    }

    private func responseFormat(_ format: SwitchboardKit.ResponseFormat) -> OpenAIWire.ResponseFormat? {
        switch format {
        case .text:
            nil
        case .jsonObject:
            .jsonObject
        case .jsonSchema(let name, let schema, let strict):
            .jsonSchema(name: name, schema: schema, strict: strict)
        }
    }

    /// The effort as given; a bare token budget becomes the nearest effort level.
    private func reasoningEffort(_ thinking: ThinkingOptions) -> String? {
        if let effort = thinking.effort { return effort }
        guard let budget = thinking.budgetTokens else { return nil }
        switch budget {
        case ..<4_096: return "low"
        case ..<16_384: return "medium"
        default: return "high"
        }
    }
}
