import SwitchboardKit

/// The JSON shapes of Anthropic's Messages API, as this plugin sends and reads them.
enum AnthropicWire {
    /// The prefix that marks a ``SwitchboardKit/Thinking`` part as an Anthropic `redacted_thinking` block: the data
    /// model has no redacted-thinking part, so the block's opaque `data` travels as the signature of an empty thinking
    /// part. Real signatures are base64 and never contain `_` or `:`, so the two cannot be confused.
    static let redactedThinkingPrefix = "redacted_thinking:"

    // MARK: Request

    /// The body of `POST /v1/messages` (written by `write(to:)` in `AnthropicWire+RequestJSON.swift`).
    struct MessagesRequest {
        var model: String
        var maxTokens: Int
        var system: String?
        var messages: [Message]
        var tools: [Tool]?
        var toolChoice: ToolChoice?
        var temperature: Double?
        var topP: Double?
        var stopSequences: [String]?
        /// Extended thinking's `budget_tokens`: `"thinking":{"type":"enabled","budget_tokens":…}`.
        var thinkingBudget: Int?
        /// `"metadata":{"user_id":…}`.
        var userID: String?
        var stream = true
    }

    /// One turn: `{"role":"user"|"assistant","content":[blocks]}`.
    struct Message {
        var role: String
        var content: [ContentBlock]
    }

    /// One content block of a turn.
    enum ContentBlock {
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
    }

    /// `{"type":"base64","media_type":…,"data":…}` or `{"type":"url","url":…}`.
    enum ImageSource {
        case base64(mediaType: String, data: String)
        case url(String)
    }

    /// `{"name":…,"description":…,"input_schema":{…}}`.
    struct Tool {
        var name: String
        var description: String?
        var inputSchema: JSONValue
    }

    /// `{"type":"auto"|"any"|"none"}` or `{"type":"tool","name":…}`.
    struct ToolChoice {
        var type: String
        var name: String?
    }

    // MARK: Stream

    /// The `data:` of one server-sent event; which members are present depends on `type` (read by
    /// `AnthropicWire+StreamJSON.swift`).
    struct StreamPayload {
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
    }

    /// `{"id":…,"model":…,"usage":{…}}` of `message_start`.
    struct MessageStart {
        var id: String?
        var model: String?
        var usage: UsageReport?
    }

    /// A block as `content_block_start` opens it.
    struct ContentBlockStart {
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
    struct Delta {
        var type: String?
        var text: String?
        var thinking: String?
        var signature: String?
        var partialJSON: String?
        var stopReason: String?
    }

    /// `{"input_tokens":…,"output_tokens":…,"cache_creation_input_tokens":…,"cache_read_input_tokens":…,
    /// "cache_creation":{"ephemeral_5m_input_tokens":…,"ephemeral_1h_input_tokens":…},"service_tier":"standard"}`:
    /// `cache_creation_input_tokens` counts both cache lifetimes; `cache_creation` splits it.
    struct UsageReport {
        var inputTokens: Int?
        var outputTokens: Int?
        var cacheCreationInputTokens: Int?
        var cacheReadInputTokens: Int?
        var oneHourCacheWriteTokens: Int?
        var serviceTier: String?
    }

    /// `{"type":"overloaded_error","message":"Overloaded"}`.
    struct ErrorDetail {
        var type: String?
        var message: String?
    }

    /// A whole, non-streamed Messages response: `{"id":…,"type":"message","role":"assistant","model":…,
    /// "content":[blocks],"stop_reason":…,"usage":{…}}`, or an error document `{"type":"error","error":{…}}`.
    struct MessageResponse {
        var type: String?
        var id: String?
        var model: String?
        /// The blocks, complete: `text`, `thinking` (with `signature`), `redacted_thinking`, `tool_use` (with `input`).
        var content: [ContentBlockStart]?
        var stopReason: String?
        var usage: UsageReport?
        var error: ErrorDetail?

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
    static func jsonText(_ value: JSONValue) -> String {
        var writer = JSONWriter()
        writer.value(value)
        return String(decoding: writer.bytes, as: UTF8.self)
    }

    // MARK: Errors

    /// `{"type":"error","error":{"type":…,"message":…},"request_id":…}`.
    struct ErrorBody {
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
