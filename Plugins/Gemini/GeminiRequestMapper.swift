import Foundation
import SwitchboardKit

/// Turns a ``ChatRequest`` into the body of `generateContent` / `streamGenerateContent`.
struct GeminiRequestMapper {
    /// The image types Gemini reads, by file extension, for images given by URL.
    private static let imageTypes = [
        "png": "image/png", "jpg": "image/jpeg", "jpeg": "image/jpeg", "webp": "image/webp", "heic": "image/heic",
        "heif": "image/heif", "gif": "image/gif",
    ]

    /// The provider instance, named in errors.
    let provider: String
    /// The `safety_settings` array sent with every request, as configured.
    let safetySettings: JSONValue?

    /// The JSON body for `request`.
    ///
    /// System messages become `systemInstruction`; user and tool messages `user` turns, assistant messages `model`
    /// turns, adjacent turns of one role merged. Metadata and tags stay with the host.
    /// - Throws: `unsupported` for an image Gemini cannot take, `invalid_request` for a message this API cannot
    ///   express (a tool result answering an unknown call, tool-call arguments that are not a JSON object, …).
    func body(for request: ChatRequest) throws -> [UInt8] {
        var writer = JSONWriter(capacity: 512)
        try wireRequest(for: request).write(to: &writer)
        return writer.bytes
    }

    private func wireRequest(for request: ChatRequest) throws -> GeminiWire.GenerateContentRequest {
        var toolNames: [String: String] = [:]
        for case .toolCall(let call) in request.messages.flatMap(\.content) { toolNames[call.id] = call.name }

        var system: [GeminiWire.Part] = []
        var contents: [GeminiWire.Content] = []
        for message in request.messages {
            if message.role == .system {
                system += try systemParts(of: message)
                continue
            }
            let role = message.role == .assistant ? "model" : "user"
            let parts = try parts(of: message, toolNames: toolNames)
            guard !parts.isEmpty else { continue }
            if let last = contents.last, last.role == role {
                contents[contents.count - 1].parts = (last.parts ?? []) + parts
            } else {
                contents.append(GeminiWire.Content(role: role, parts: parts))
            }
        }
        guard !contents.isEmpty else {
            throw ProviderError(
                .invalidRequest,
                "Gemini needs at least one user or assistant message; the request has none with content",
                provider: provider
            )
        }

        var generation = GeminiWire.GenerationConfig(
            temperature: request.temperature,
            topP: request.topP,
            maxOutputTokens: request.maxOutputTokens,
            stopSequences: request.stop.isEmpty ? nil : request.stop,
            thinkingConfig: request.thinking.map(Self.thinkingConfig)
        )
        switch request.responseFormat {
        case .jsonObject?:
            generation.responseMimeType = "application/json"
        case .jsonSchema(_, let schema, _)?:
            generation.responseMimeType = "application/json"
            generation.responseSchema = GeminiSchemaSanitizer.sanitize(schema)
        case .text?, nil:
            break
        }

        return GeminiWire.GenerateContentRequest(
            systemInstruction: system.isEmpty ? nil : GeminiWire.Content(parts: system),
            contents: contents,
            tools: request.tools.isEmpty
                ? nil
                : [
                    GeminiWire.Tool(
                        functionDeclarations: request.tools.map {
                            GeminiWire.FunctionDeclaration(
                                name: $0.name,
                                description: $0.description,
                                parameters: Self.parameters($0.parameters)
                            )
                        }
                    )
                ],
            toolConfig: request.tools.isEmpty ? nil : request.toolChoice.map(Self.toolConfig),
            generationConfig: generation.isEmpty ? nil : generation,
            safetySettings: safetySettings
        )
    }

    private func systemParts(of message: Message) throws -> [GeminiWire.Part] {
        try message.content.map { part in
            guard case .text(let text) = part else {
                throw ProviderError(
                    .invalidRequest,
                    "a system message may hold only text for Gemini's systemInstruction; found \(Self.kind(of: part))",
                    provider: provider
                )
            }
            return GeminiWire.Part(text: text)
        }
    }

    /// A message's parts. Thinking goes back only in model turns: its text as a thought part, its signature on the
    /// part that follows it (where Gemini put it), or on a part of its own when nothing follows.
    private func parts(of message: Message, toolNames: [String: String]) throws -> [GeminiWire.Part] {
        var parts: [GeminiWire.Part] = []
        var pendingSignature: String?
        func append(_ part: GeminiWire.Part) {
            var part = part
            if part.thought != true, let signature = pendingSignature {
                part.thoughtSignature = signature
                pendingSignature = nil
            }
            parts.append(part)
        }
        let isModel = message.role == .assistant
        for part in message.content {
            switch part {
            case .text(let text):
                append(GeminiWire.Part(text: text))
            case .image(let source):
                append(try image(source))
            case .thinking(let thinking):
                guard isModel else { continue }
                if !thinking.text.isEmpty { append(GeminiWire.Part(text: thinking.text, thought: true)) }
                if let signature = thinking.signature, !signature.isEmpty {
                    if let stale = pendingSignature { parts.append(GeminiWire.Part(text: "", thoughtSignature: stale)) }
                    pendingSignature = signature
                }
            case .toolCall(let call):
                guard isModel else {
                    throw ProviderError(
                        .invalidRequest,
                        "tool calls belong in assistant messages; found one in a message with role \(message.role.rawValue)",
                        provider: provider
                    )
                }
                append(
                    GeminiWire.Part(
                        functionCall: GeminiWire.FunctionCall(
                            name: call.name, args: try call.argumentsObject(for: "Gemini", provider: provider))))
            case .toolResult(let result):
                guard !isModel else {
                    throw ProviderError(
                        .invalidRequest,
                        "tool results belong in tool or user messages; found one in an assistant message",
                        provider: provider
                    )
                }
                append(GeminiWire.Part(functionResponse: try functionResponse(result, toolNames: toolNames)))
            }
        }
        if let signature = pendingSignature { parts.append(GeminiWire.Part(text: "", thoughtSignature: signature)) }
        return parts
    }

    /// Inline bytes as `inlineData`; a base64 `data:` URL likewise; a `gs://` or `https` URL as `fileData` when its
    /// extension says which image type it is.
    private func image(_ source: ImageSource) throws -> GeminiWire.Part {
        switch source {
        case .base64(let data, let mediaType):
            return GeminiWire.Part(inlineData: GeminiWire.Blob(mimeType: mediaType, data: data))
        case .url(let url):
            if url.hasPrefix("data:"), let comma = url.firstIndex(of: ","), url[..<comma].hasSuffix(";base64") {
                let mediaType = String(url[url.index(url.startIndex, offsetBy: 5)..<comma].dropLast(7))
                return GeminiWire.Part(
                    inlineData: GeminiWire.Blob(
                        mimeType: mediaType.isEmpty ? "application/octet-stream" : mediaType,
                        data: String(url[url.index(after: comma)...])
                    )
                )
            }
            let lowered = url.lowercased()
            guard lowered.hasPrefix("gs://") || lowered.hasPrefix("https://") else {
                throw ProviderError(
                    .unsupported,
                    "Gemini takes images as inline bytes, or by gs:// or https URL; send the image as base64 data",
                    provider: provider
                )
            }
            let path = lowered.split(whereSeparator: { $0 == "?" || $0 == "#" }).first.map(String.init) ?? lowered
            let fileExtension = path.split(separator: "/").last?.split(separator: ".").last.map(String.init) ?? ""
            guard path.split(separator: "/").last?.contains(".") == true, let mimeType = Self.imageTypes[fileExtension]
            else {
                throw ProviderError(
                    .unsupported,
                    "Gemini needs the type of an image given by URL, and this URL's file name does not say it "
                        + "(expected .png, .jpg, .jpeg, .webp, .heic, .heif or .gif); send the image as base64 data",
                    provider: provider
                )
            }
            return GeminiWire.Part(fileData: GeminiWire.FileData(mimeType: mimeType, fileUri: url))
        }
    }

    /// A tool result as `functionResponse`: named after the call it answers; a JSON-object result as it is, any
    /// other result wrapped as `{"content": …}` (`{"error": …}` when the tool failed).
    private func functionResponse(_ result: ToolResult, toolNames: [String: String]) throws
        -> GeminiWire.FunctionResponse
    {
        guard let name = toolNames[result.toolCallId] else {
            throw ProviderError(
                .invalidRequest,
                "the tool result for \"\(result.toolCallId)\" answers no tool call of an earlier assistant message; "
                    + "Gemini needs the called function's name",
                provider: provider
            )
        }
        if let object = try? JSONParser.parse(result.content),
            object.objectValue != nil
        {
            return GeminiWire.FunctionResponse(name: name, response: object)
        }
        return GeminiWire.FunctionResponse(
            name: name, response: [result.isError ? "error" : "content": .string(result.content)])
    }

    private static func parameters(_ schema: JSONValue) -> JSONValue? {
        let sanitized = GeminiSchemaSanitizer.sanitize(schema)
        // Gemini refuses an object schema without properties; a function without parameters declares none.
        if sanitized["type"]?.stringValue == "object", sanitized["properties"]?.objectValue?.isEmpty ?? true {
            return nil
        }
        return sanitized
    }

    private static func toolConfig(_ choice: SwitchboardKit.ToolChoice) -> GeminiWire.ToolConfig {
        let config: GeminiWire.FunctionCallingConfig
        switch choice {
        case .auto: config = GeminiWire.FunctionCallingConfig(mode: "AUTO")
        case .none: config = GeminiWire.FunctionCallingConfig(mode: "NONE")
        case .required: config = GeminiWire.FunctionCallingConfig(mode: "ANY")
        case .tool(let name): config = GeminiWire.FunctionCallingConfig(mode: "ANY", allowedFunctionNames: [name])
        }
        return GeminiWire.ToolConfig(functionCallingConfig: config)
    }

    /// The budget as given; an effort level becomes 1,024 (low), 8,192 (medium) or 24,576 (high) tokens; neither
    /// lets the model decide (-1). Thought summaries are always asked for.
    private static func thinkingConfig(_ thinking: ThinkingOptions) -> GeminiWire.ThinkingConfig {
        let budget: Int
        if let tokens = thinking.budgetTokens {
            budget = tokens
        } else {
            switch thinking.effort?.lowercased() {
            case "low"?, "minimal"?: budget = 1_024
            case "medium"?: budget = 8_192
            case "high"?: budget = 24_576
            default: budget = -1
            }
        }
        return GeminiWire.ThinkingConfig(thinkingBudget: budget, includeThoughts: true)
    }

    private static func kind(of part: ContentPart) -> String {
        switch part {
        case .text: "text"
        case .image: "an image"
        case .thinking: "thinking"
        case .toolCall: "a tool call"
        case .toolResult: "a tool result"
        }
    }
}
