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
    struct Chunk: Decodable {
        var id: String?
        var model: String?
        var choices: [Choice]?
        var usage: UsageReport?
        /// Groq reports usage here instead of in `usage`.
        var xGroq: GroqExtension?
        /// An error reported inside the stream: `{"message":…,"type":…,"code":…}` (or a plain string).
        var error: JSONValue?

        private enum CodingKeys: String, CodingKey { case id, model, choices, usage, xGroq = "x_groq", error }
    }

    /// `{"index":0,"delta":{…},"finish_reason":null}`.
    struct Choice: Decodable {
        var index: Int?
        var delta: Delta?
        var finishReason: String?

        private enum CodingKeys: String, CodingKey { case index, delta, finishReason = "finish_reason" }
    }

    /// What one chunk adds to the answer.
    struct Delta: Decodable {
        /// A string, or (Mistral's reasoning models) an array of `text` and `thinking` parts.
        var content: JSONValue?
        /// Reasoning text as DeepSeek and older vLLM name it.
        var reasoningContent: String?
        /// Reasoning text as OpenRouter and newer vLLM name it.
        var reasoning: String?
        var toolCalls: [ToolCallDelta]?

        private enum CodingKeys: String, CodingKey {
            case content, reasoningContent = "reasoning_content", reasoning, toolCalls = "tool_calls"
        }
    }

    /// A fragment of a tool call: the first one for an index carries `id` and `function.name`.
    struct ToolCallDelta: Decodable {
        var index: Int?
        var id: String?
        var function: FunctionDelta?
    }

    /// A fragment of a called function.
    struct FunctionDelta: Decodable {
        var name: String?
        var arguments: String?
    }

    /// `{"prompt_tokens":…,"completion_tokens":…,"prompt_tokens_details":{"cached_tokens":…},
    /// "completion_tokens_details":{"reasoning_tokens":…}}`.
    struct UsageReport: Decodable {
        var promptTokens: Int?
        var completionTokens: Int?
        var promptTokensDetails: PromptTokensDetails?
        var completionTokensDetails: CompletionTokensDetails?

        private enum CodingKeys: String, CodingKey {
            case promptTokens = "prompt_tokens", completionTokens = "completion_tokens"
            case promptTokensDetails = "prompt_tokens_details", completionTokensDetails = "completion_tokens_details"
        }
    }

    /// `{"cached_tokens":…}`.
    struct PromptTokensDetails: Decodable {
        var cachedTokens: Int?

        private enum CodingKeys: String, CodingKey { case cachedTokens = "cached_tokens" }
    }

    /// `{"reasoning_tokens":…}`.
    struct CompletionTokensDetails: Decodable {
        var reasoningTokens: Int?

        private enum CodingKeys: String, CodingKey { case reasoningTokens = "reasoning_tokens" }
    }

    /// `{"usage":{…}}` under `x_groq`.
    struct GroqExtension: Decodable {
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
