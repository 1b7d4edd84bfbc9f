/// One piece of a message: text, an image, a model's thinking, a tool call or a tool result.
///
/// JSON, by `type`:
/// - `{"type":"text","text":"…"}`
/// - `{"type":"image","url":"https://…"}` or `{"type":"image","data":"<base64>","media_type":"image/png"}`
/// - `{"type":"thinking","text":"…","signature":"…"}` (signature optional, kept verbatim across turns)
/// - `{"type":"tool_call","id":"…","name":"…","arguments":"{…}"}` (arguments: a JSON text)
/// - `{"type":"tool_result","tool_call_id":"…","content":"…","is_error":false}`
public enum ContentPart: Sendable, Hashable {
    case text(String)
    case image(ImageSource)
    case thinking(Thinking)
    case toolCall(ToolCall)
    case toolResult(ToolResult)
}

/// Where an image's bytes come from.
public enum ImageSource: Sendable, Hashable {
    /// An image the provider fetches itself (or a `data:` URL).
    case url(String)
    /// Inline bytes, base64-encoded, with their media type (`image/png`, `image/jpeg`, …).
    case base64(data: String, mediaType: String)
}

/// A model's visible reasoning, with the provider's signature when it gives one.
public struct Thinking: Codable, Sendable, Hashable {
    /// The reasoning text.
    public var text: String
    /// An opaque signature some providers require back verbatim on the next turn.
    public var signature: String?

    /// Creates a thinking part.
    public init(text: String, signature: String? = nil) {
        self.text = text
        self.signature = signature
    }
}

/// A model's request to call a tool.
public struct ToolCall: Codable, Sendable, Hashable {
    /// The provider's id for this call, echoed back by the matching tool result.
    public var id: String
    /// The tool's name.
    public var name: String
    /// The arguments as a JSON text (kept as text: models do emit invalid JSON, and it must survive a round trip).
    public var arguments: String

    /// Creates a tool call.
    public init(id: String, name: String, arguments: String) {
        self.id = id
        self.name = name
        self.arguments = arguments
    }
}

/// The answer to a tool call.
public struct ToolResult: Codable, Sendable, Hashable {
    /// The id of the tool call this answers.
    public var toolCallId: String
    /// The result, as text (often JSON).
    public var content: String
    /// Whether the tool failed.
    public var isError: Bool

    /// Creates a tool result.
    public init(toolCallId: String, content: String, isError: Bool = false) {
        self.toolCallId = toolCallId
        self.content = content
        self.isError = isError
    }

    private enum CodingKeys: String, CodingKey {
        case toolCallId = "tool_call_id"
        case content
        case isError = "is_error"
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        toolCallId = try container.decode(String.self, forKey: .toolCallId)
        content = try container.decode(String.self, forKey: .content)
        isError = try container.decodeIfPresent(Bool.self, forKey: .isError) ?? false
    }
}

extension ContentPart: Codable {
    private enum CodingKeys: String, CodingKey {
        case type, text, url, data, mediaType = "media_type", signature, id, name, arguments
        case toolCallId = "tool_call_id", content, isError = "is_error"
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let type = try container.decode(String.self, forKey: .type)
        switch type {
        case "text":
            self = .text(try container.decode(String.self, forKey: .text))
        case "image":
            if let url = try container.decodeIfPresent(String.self, forKey: .url) {
                self = .image(.url(url))
            } else {
                self = .image(
                    .base64(
                        data: try container.decode(String.self, forKey: .data),
                        mediaType: try container.decode(String.self, forKey: .mediaType)
                    )
                )
            }
        case "thinking":
            self = .thinking(try Thinking(from: decoder))
        case "tool_call":
            self = .toolCall(try ToolCall(from: decoder))
        case "tool_result":
            self = .toolResult(try ToolResult(from: decoder))
        default:
            throw DecodingError.dataCorruptedError(
                forKey: .type,
                in: container,
                debugDescription:
                    "unknown content part type \"\(type)\"; expected text, image, thinking, tool_call or tool_result"
            )
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        switch self {
        case .text(let text):
            try container.encode("text", forKey: .type)
            try container.encode(text, forKey: .text)
        case .image(.url(let url)):
            try container.encode("image", forKey: .type)
            try container.encode(url, forKey: .url)
        case .image(.base64(let data, let mediaType)):
            try container.encode("image", forKey: .type)
            try container.encode(data, forKey: .data)
            try container.encode(mediaType, forKey: .mediaType)
        case .thinking(let thinking):
            try container.encode("thinking", forKey: .type)
            try container.encode(thinking.text, forKey: .text)
            try container.encodeIfPresent(thinking.signature, forKey: .signature)
        case .toolCall(let call):
            try container.encode("tool_call", forKey: .type)
            try container.encode(call.id, forKey: .id)
            try container.encode(call.name, forKey: .name)
            try container.encode(call.arguments, forKey: .arguments)
        case .toolResult(let result):
            try container.encode("tool_result", forKey: .type)
            try container.encode(result.toolCallId, forKey: .toolCallId)
            try container.encode(result.content, forKey: .content)
            try container.encode(result.isError, forKey: .isError)
        }
    }
}
