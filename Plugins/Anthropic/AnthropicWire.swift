import Foundation
import SwitchboardKit

/// The JSON shapes of Anthropic's Messages API, as this plugin sends and reads them.
enum AnthropicWire {
    /// The prefix that marks a ``SwitchboardKit/Thinking`` part as an Anthropic `redacted_thinking` block: the data
    /// model has no redacted-thinking part, so the block's opaque `data` travels as the signature of an empty thinking
    /// part. Real signatures are base64 and never contain `_` or `:`, so the two cannot be confused.
    static let redactedThinkingPrefix = "redacted_thinking:"

    // MARK: Request

    /// The body of `POST /v1/messages`.
    struct MessagesRequest: Encodable {
        var model: String
        var maxTokens: Int
        var system: String?
        var messages: [Message]
        var tools: [Tool]?
        var toolChoice: ToolChoice?
        var temperature: Double?
        var topP: Double?
        var stopSequences: [String]?
        var thinking: ThinkingConfig?
        var metadata: Metadata?
        var stream = true

        private enum CodingKeys: String, CodingKey {
            case model, maxTokens = "max_tokens", system, messages, tools, toolChoice = "tool_choice", temperature
            case topP = "top_p", stopSequences = "stop_sequences", thinking, metadata, stream
        }
    }

    /// One turn: `{"role":"user"|"assistant","content":[blocks]}`.
    struct Message: Encodable {
        var role: String
        var content: [ContentBlock]
    }

    /// One content block of a turn.
    enum ContentBlock: Encodable {
        /// `{"type":"text","text":…}`.
        case text(String)
        /// `{"type":"image","source":{…}}`.
        case image(ImageSource)
        /// `{"type":"tool_use","id":…,"name":…,"input":{…}}`.
        case toolUse(id: String, name: String, input: JSONValue)
        /// `{"type":"tool_result","tool_use_id":…,"content":…,"is_error":true}` (`is_error` only when true).
        case toolResult(toolUseID: String, content: String, isError: Bool)
        /// `{"type":"thinking","thinking":…,"signature":…}`.
        case thinking(text: String, signature: String)
        /// `{"type":"redacted_thinking","data":…}`.
        case redactedThinking(data: String)

        private enum CodingKeys: String, CodingKey {
            case type, text, source, id, name, input, toolUseID = "tool_use_id", content, isError = "is_error"
            case thinking, signature, data
        }

        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            switch self {
            case .text(let text):
                try container.encode("text", forKey: .type)
                try container.encode(text, forKey: .text)
            case .image(let source):
                try container.encode("image", forKey: .type)
                try container.encode(source, forKey: .source)
            case .toolUse(let id, let name, let input):
                try container.encode("tool_use", forKey: .type)
                try container.encode(id, forKey: .id)
                try container.encode(name, forKey: .name)
                try container.encode(input, forKey: .input)
            case .toolResult(let toolUseID, let content, let isError):
                try container.encode("tool_result", forKey: .type)
                try container.encode(toolUseID, forKey: .toolUseID)
                try container.encode(content, forKey: .content)
                if isError { try container.encode(true, forKey: .isError) }
            case .thinking(let text, let signature):
                try container.encode("thinking", forKey: .type)
                try container.encode(text, forKey: .thinking)
                try container.encode(signature, forKey: .signature)
            case .redactedThinking(let data):
                try container.encode("redacted_thinking", forKey: .type)
                try container.encode(data, forKey: .data)
            }
        }
    }

    /// `{"type":"base64","media_type":…,"data":…}` or `{"type":"url","url":…}`.
    enum ImageSource: Encodable {
        case base64(mediaType: String, data: String)
        case url(String)

        private enum CodingKeys: String, CodingKey { case type, mediaType = "media_type", data, url }

        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            switch self {
            case .base64(let mediaType, let data):
                try container.encode("base64", forKey: .type)
                try container.encode(mediaType, forKey: .mediaType)
                try container.encode(data, forKey: .data)
            case .url(let url):
                try container.encode("url", forKey: .type)
                try container.encode(url, forKey: .url)
            }
        }
    }

    /// `{"name":…,"description":…,"input_schema":{…}}`.
    struct Tool: Encodable {
        var name: String
        var description: String?
        var inputSchema: JSONValue

        private enum CodingKeys: String, CodingKey { case name, description, inputSchema = "input_schema" }
    }

    /// `{"type":"auto"|"any"|"none"}` or `{"type":"tool","name":…}`.
    struct ToolChoice: Encodable {
        var type: String
        var name: String?
    }

    /// `{"type":"enabled","budget_tokens":…}`.
    struct ThinkingConfig: Encodable {
        var type = "enabled"
        var budgetTokens: Int

        private enum CodingKeys: String, CodingKey { case type, budgetTokens = "budget_tokens" }
    }

    /// `{"user_id":…}`.
    struct Metadata: Encodable {
        var userID: String

        private enum CodingKeys: String, CodingKey { case userID = "user_id" }
    }

    // MARK: Stream

    /// The `data:` of one server-sent event; which members are present depends on `type`.
    struct StreamPayload: Decodable {
        var type: String
        /// `message_start`'s message.
        var message: MessageStart?
        /// The content block an event is about.
        var index: Int?
        /// `content_block_start`'s block.
        var contentBlock: ContentBlockStart?
        /// `content_block_delta`'s or `message_delta`'s change.
        var delta: Delta?
        /// `message_delta`'s cumulative usage.
        var usage: UsageReport?
        /// An `error` event's error.
        var error: ErrorDetail?

        private enum CodingKeys: String, CodingKey {
            case type, message, index, contentBlock = "content_block", delta, usage, error
        }
    }

    /// `{"id":…,"model":…,"usage":{…}}` of `message_start`.
    struct MessageStart: Decodable {
        var id: String?
        var model: String?
        var usage: UsageReport?
    }

    /// A block as `content_block_start` opens it.
    struct ContentBlockStart: Decodable {
        var type: String
        var text: String?
        var thinking: String?
        var signature: String?
        var data: String?
        var id: String?
        var name: String?
        var input: JSONValue?
    }

    /// A `content_block_delta`'s delta (`text_delta`, `thinking_delta`, `signature_delta`, `input_json_delta`) or a
    /// `message_delta`'s delta (`stop_reason`).
    struct Delta: Decodable {
        var type: String?
        var text: String?
        var thinking: String?
        var signature: String?
        var partialJSON: String?
        var stopReason: String?

        private enum CodingKeys: String, CodingKey {
            case type, text, thinking, signature, partialJSON = "partial_json", stopReason = "stop_reason"
        }
    }

    /// `{"input_tokens":…,"output_tokens":…,"cache_creation_input_tokens":…,"cache_read_input_tokens":…}`.
    struct UsageReport: Decodable {
        var inputTokens: Int?
        var outputTokens: Int?
        var cacheCreationInputTokens: Int?
        var cacheReadInputTokens: Int?

        private enum CodingKeys: String, CodingKey {
            case inputTokens = "input_tokens", outputTokens = "output_tokens"
            case cacheCreationInputTokens = "cache_creation_input_tokens", cacheReadInputTokens =
                "cache_read_input_tokens"
        }
    }

    /// `{"type":"overloaded_error","message":"Overloaded"}`.
    struct ErrorDetail: Decodable {
        var type: String?
        var message: String?
    }

    /// A whole, non-streamed Messages response: `{"id":…,"type":"message","role":"assistant","model":…,
    /// "content":[blocks],"stop_reason":…,"usage":{…}}`, or an error document `{"type":"error","error":{…}}`.
    struct MessageResponse: Decodable {
        var type: String?
        var id: String?
        var model: String?
        /// The blocks, complete: `text`, `thinking` (with `signature`), `redacted_thinking`, `tool_use` (with `input`).
        var content: [ContentBlockStart]?
        var stopReason: String?
        var usage: UsageReport?
        var error: ErrorDetail?

        private enum CodingKeys: String, CodingKey {
            case type, id, model, content, stopReason = "stop_reason", usage, error
        }

        /// The events a stream of this message would have sent; a tool call's whole input as one `input_json_delta`.
        func streamPayloads() -> [StreamPayload] {
            if type == "error" { return [StreamPayload(type: "error", error: error)] }
            var payloads = [
                StreamPayload(type: "message_start", message: MessageStart(id: id, model: model, usage: usage))
            ]
            for (index, block) in (content ?? []).enumerated() {
                var opened = block
                var fill: Delta?
                if block.type == "tool_use" {
                    opened.input = nil
                    fill = Delta(type: "input_json_delta", partialJSON: AnthropicWire.jsonText(block.input ?? [:]))
                }
                payloads.append(StreamPayload(type: "content_block_start", index: index, contentBlock: opened))
                if let fill { payloads.append(StreamPayload(type: "content_block_delta", index: index, delta: fill)) }
                payloads.append(StreamPayload(type: "content_block_stop", index: index))
            }
            payloads.append(StreamPayload(type: "message_delta", delta: Delta(stopReason: stopReason)))
            payloads.append(StreamPayload(type: "message_stop"))
            return payloads
        }
    }

    /// The JSON text of a tool's input, keys sorted, slashes unescaped.
    static func jsonText(_ value: JSONValue) -> String? {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return (try? encoder.encode(value)).map { String(decoding: $0, as: UTF8.self) }
    }

    // MARK: Errors

    /// `{"type":"error","error":{"type":…,"message":…},"request_id":…}`.
    struct ErrorBody: Decodable {
        var error: ErrorDetail?
    }

    // MARK: Models

    /// The body of `GET /v1/models`: one page of the list.
    struct ModelList: Decodable {
        var data: [ModelEntry]
        var hasMore: Bool?
        var lastID: String?

        private enum CodingKeys: String, CodingKey { case data, hasMore = "has_more", lastID = "last_id" }
    }

    /// `{"type":"model","id":…,"display_name":…,"created_at":…}`.
    struct ModelEntry: Decodable {
        var id: String
        var displayName: String?

        private enum CodingKeys: String, CodingKey { case id, displayName = "display_name" }
    }
}
