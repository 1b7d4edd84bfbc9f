import SwitchboardKit

/// The JSON shapes of OpenAI's Chat Completions API, as this plugin sends and reads them.
enum OpenAIWire {
    // MARK: Request

    /// The body of `POST /chat/completions`.
    struct ChatCompletionRequest: Encodable {
        var model: String
        var messages: [Message]
        var stream = true
        var streamOptions: StreamOptions?
        var tools: [Tool]?
        var toolChoice: ToolChoice?
        var temperature: Double?
        var topP: Double?
        var maxCompletionTokens: Int?
        var maxTokens: Int?
        var stop: [String]?
        var responseFormat: ResponseFormat?
        var reasoningEffort: String?

        private enum CodingKeys: String, CodingKey {
            case model, messages, stream, streamOptions = "stream_options", tools, toolChoice = "tool_choice"
            case temperature, topP = "top_p", maxCompletionTokens = "max_completion_tokens", maxTokens = "max_tokens"
            case stop, responseFormat = "response_format", reasoningEffort = "reasoning_effort"
        }
    }

    /// `{"include_usage":true}`.
    struct StreamOptions: Encodable {
        var includeUsage: Bool

        private enum CodingKeys: String, CodingKey { case includeUsage = "include_usage" }
    }

    /// One message: `content` is a string, an array of parts, or null (an assistant turn of only tool calls).
    struct Message: Encodable {
        var role: String
        var content: Content?
        var toolCalls: [ToolCall]?
        var toolCallID: String?

        private enum CodingKeys: String, CodingKey {
            case role, content, toolCalls = "tool_calls", toolCallID = "tool_call_id"
        }

        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(role, forKey: .role)
            try container.encode(content, forKey: .content)
            try container.encodeIfPresent(toolCalls, forKey: .toolCalls)
            try container.encodeIfPresent(toolCallID, forKey: .toolCallID)
        }
    }

    /// A message's content: plain text, or parts when it carries images.
    enum Content: Encodable {
        case text(String)
        case parts([ContentPart])

        func encode(to encoder: any Encoder) throws {
            var container = encoder.singleValueContainer()
            switch self {
            case .text(let text): try container.encode(text)
            case .parts(let parts): try container.encode(parts)
            }
        }
    }

    /// `{"type":"text","text":…}` or `{"type":"image_url","image_url":{"url":…}}`.
    struct ContentPart: Encodable {
        var type: String
        var text: String?
        var imageURL: ImageURL?

        static func text(_ text: String) -> ContentPart { ContentPart(type: "text", text: text) }
        static func image(_ url: String) -> ContentPart { ContentPart(type: "image_url", imageURL: ImageURL(url: url)) }

        private enum CodingKeys: String, CodingKey { case type, text, imageURL = "image_url" }
    }

    /// `{"url":…}`: an https URL or a `data:` URL.
    struct ImageURL: Encodable {
        var url: String
    }

    /// An assistant's tool call: `{"id":…,"type":"function","function":{"name":…,"arguments":"{…}"}}`.
    struct ToolCall: Encodable {
        var id: String
        var type = "function"
        var function: FunctionCall
    }

    /// A called function's name and JSON-text arguments.
    struct FunctionCall: Encodable {
        var name: String
        var arguments: String
    }

    /// `{"type":"function","function":{"name":…,"description":…,"parameters":{…}}}`.
    struct Tool: Encodable {
        var type = "function"
        var function: FunctionDefinition
    }

    /// A function the model may call.
    struct FunctionDefinition: Encodable {
        var name: String
        var description: String?
        var parameters: JSONValue
    }

    /// `"auto"`, `"none"`, `"required"` or `{"type":"function","function":{"name":…}}`.
    enum ToolChoice: Encodable {
        case mode(String)
        case function(String)

        func encode(to encoder: any Encoder) throws {
            var container = encoder.singleValueContainer()
            switch self {
            case .mode(let mode): try container.encode(mode)
            case .function(let name): try container.encode(NamedFunction(function: FunctionName(name: name)))
            }
        }

        private struct NamedFunction: Encodable {
            var type = "function"
            var function: FunctionName
        }

        private struct FunctionName: Encodable {
            var name: String
        }
    }

    /// `{"type":"json_object"}` or `{"type":"json_schema","json_schema":{"name":…,"schema":{…},"strict":…}}`.
    struct ResponseFormat: Encodable {
        var type: String
        var jsonSchema: JSONSchema?

        private enum CodingKeys: String, CodingKey { case type, jsonSchema = "json_schema" }
    }

    /// A named JSON Schema for structured output.
    struct JSONSchema: Encodable {
        var name: String
        var schema: JSONValue
        var strict: Bool
    }

    // MARK: Stream

    /// One `data:` payload of the stream: a `chat.completion.chunk`, or an error.
    struct Chunk {
        var id: String?
        var model: String?
        var choices: [Choice]?
        var usage: UsageReport?
        /// Groq reports usage here instead of in `usage`.
        var xGroq: GroqExtension?
        /// An error reported inside the stream: `{"message":…,"type":…,"code":…}` (or a plain string).
        var error: JSONValue?
    }

    /// `{"index":0,"delta":{…},"finish_reason":null}`.
    struct Choice {
        var index: Int?
        var delta: Delta?
        var finishReason: String?
    }

    /// What one chunk adds to the answer.
    struct Delta {
        /// A string, or (Mistral's reasoning models) an array of `text` and `thinking` parts.
        var content: JSONValue?
        /// Reasoning text as DeepSeek and older vLLM name it.
        var reasoningContent: String?
        /// Reasoning text as OpenRouter and newer vLLM name it.
        var reasoning: String?
        var toolCalls: [ToolCallDelta]?
    }

    /// A fragment of a tool call: the first one for an index carries `id` and `function.name`.
    struct ToolCallDelta {
        var index: Int?
        var id: String?
        var function: FunctionDelta?
    }

    /// A fragment of a called function.
    struct FunctionDelta {
        var name: String?
        var arguments: String?
    }

    /// `{"prompt_tokens":…,"completion_tokens":…,"prompt_tokens_details":{"cached_tokens":…},
    /// "completion_tokens_details":{"reasoning_tokens":…}}`.
    struct UsageReport {
        var promptTokens: Int?
        var completionTokens: Int?
        var promptTokensDetails: PromptTokensDetails?
        var completionTokensDetails: CompletionTokensDetails?
    }

    /// `{"cached_tokens":…}`.
    struct PromptTokensDetails {
        var cachedTokens: Int?
    }

    /// `{"reasoning_tokens":…}`.
    struct CompletionTokensDetails {
        var reasoningTokens: Int?
    }

    /// `{"usage":{…}}` under `x_groq`.
    struct GroqExtension {
        var usage: UsageReport?
    }

    // MARK: Models

    /// The body of `GET /models`: `{"data":[{"id":…},…]}`.
    struct ModelList: Decodable {
        var data: [ModelEntry]
    }

    /// One listed model.
    struct ModelEntry: Decodable {
        var id: String
    }
}
