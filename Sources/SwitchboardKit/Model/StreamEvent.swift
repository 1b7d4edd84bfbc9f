/// One event of a streamed answer.
///
/// A well-formed stream is `start`, then deltas and tool-call events in any order, then `usage`
/// (at most once, possibly before the last delta) and `finish`. A stream that ends without `finish` is an error.
///
/// JSON, by `type`: `start` (`id`, `model`), `text_delta` (`text`), `thinking_delta` (`text`, `signature`),
/// `tool_call_start` (`index`, `id`, `name`), `tool_call_delta` (`index`, `arguments`), `tool_call_end` (`index`),
/// `usage` (`usage`), `finish` (`reason`), `error` (`error`).
public enum StreamEvent: Sendable, Hashable {
    /// The provider accepted the request.
    case start(id: String?, model: String)
    /// More answer text.
    case textDelta(String)
    /// More thinking text, or (with empty text) the thinking block's signature.
    case thinkingDelta(text: String, signature: String?)
    /// A tool call begins; `index` identifies it within the answer.
    case toolCallStart(index: Int, id: String, name: String)
    /// More of a tool call's JSON arguments.
    case toolCallDelta(index: Int, arguments: String)
    /// A tool call's arguments are complete.
    case toolCallEnd(index: Int)
    /// Token usage for the whole answer.
    case usage(Usage)
    /// Generation ended.
    case finish(FinishReason)
    /// The provider reported an error inside the stream.
    case error(ProviderError)
}

extension StreamEvent: Codable {
    private enum CodingKeys: String, CodingKey {
        case type, id, model, text, signature, index, name, arguments, usage, reason, error
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let type = try container.decode(String.self, forKey: .type)
        switch type {
        case "start":
            self = .start(
                id: try container.decodeIfPresent(String.self, forKey: .id),
                model: try container.decode(String.self, forKey: .model)
            )
        case "text_delta":
            self = .textDelta(try container.decode(String.self, forKey: .text))
        case "thinking_delta":
            self = .thinkingDelta(
                text: try container.decodeIfPresent(String.self, forKey: .text) ?? "",
                signature: try container.decodeIfPresent(String.self, forKey: .signature)
            )
        case "tool_call_start":
            self = .toolCallStart(
                index: try container.decode(Int.self, forKey: .index),
                id: try container.decode(String.self, forKey: .id),
                name: try container.decode(String.self, forKey: .name)
            )
        case "tool_call_delta":
            self = .toolCallDelta(
                index: try container.decode(Int.self, forKey: .index),
                arguments: try container.decode(String.self, forKey: .arguments)
            )
        case "tool_call_end":
            self = .toolCallEnd(index: try container.decode(Int.self, forKey: .index))
        case "usage":
            self = .usage(try container.decode(Usage.self, forKey: .usage))
        case "finish":
            self = .finish(try container.decode(FinishReason.self, forKey: .reason))
        case "error":
            self = .error(try container.decode(ProviderError.self, forKey: .error))
        default:
            throw DecodingError.dataCorruptedError(
                forKey: .type,
                in: container,
                debugDescription: "unknown stream event type \"\(type)\""
            )
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        switch self {
        case .start(let id, let model):
            try container.encode("start", forKey: .type)
            try container.encodeIfPresent(id, forKey: .id)
            try container.encode(model, forKey: .model)
        case .textDelta(let text):
            try container.encode("text_delta", forKey: .type)
            try container.encode(text, forKey: .text)
        case .thinkingDelta(let text, let signature):
            try container.encode("thinking_delta", forKey: .type)
            try container.encode(text, forKey: .text)
            try container.encodeIfPresent(signature, forKey: .signature)
        case .toolCallStart(let index, let id, let name):
            try container.encode("tool_call_start", forKey: .type)
            try container.encode(index, forKey: .index)
            try container.encode(id, forKey: .id)
            try container.encode(name, forKey: .name)
        case .toolCallDelta(let index, let arguments):
            try container.encode("tool_call_delta", forKey: .type)
            try container.encode(index, forKey: .index)
            try container.encode(arguments, forKey: .arguments)
        case .toolCallEnd(let index):
            try container.encode("tool_call_end", forKey: .type)
            try container.encode(index, forKey: .index)
        case .usage(let usage):
            try container.encode("usage", forKey: .type)
            try container.encode(usage, forKey: .usage)
        case .finish(let reason):
            try container.encode("finish", forKey: .type)
            try container.encode(reason, forKey: .reason)
        case .error(let error):
            try container.encode("error", forKey: .type)
            try container.encode(error, forKey: .error)
        }
    }
}

extension StreamEvent {
    /// Whether the event carries part of the answer (text, thinking or a tool call), after which a stream no longer
    /// fails over.
    package var isContent: Bool {
        switch self {
        case .textDelta, .thinkingDelta, .toolCallStart, .toolCallDelta, .toolCallEnd: true
        case .start, .usage, .finish, .error: false
        }
    }
}
