/// The JSON shapes of OpenAI's Chat Completions API, as SwitchboardKit sends and reads them.
enum OpenAIWire {
    // MARK: Request

    /// The body of `POST /chat/completions` (written by `write(to:)` in `OpenAIWire+RequestJSON.swift`).
    struct ChatCompletionRequest {
        var model: String
        var messages: [Message]
        var stream = true
        /// Asks for a final chunk with usage: `"stream_options":{"include_usage":true}`.
        var includeUsage = false
        var tools: [Tool]?
        var toolChoice: ToolChoice?
        var temperature: Double?
        var topP: Double?
        var maxCompletionTokens: Int?
        var maxTokens: Int?
        var stop: [String]?
        var responseFormat: ResponseFormat?
        var reasoningEffort: String?
    }

    /// One message: `content` is a string, an array of parts, or null (an assistant turn of only tool calls).
    struct Message {
        var role: String
        var content: Content?
        var toolCalls: [ToolCall]?
        var toolCallID: String?
    }

    /// A message's content: plain text, or parts when it carries images.
    enum Content {
        case text(String)
        case parts([ContentPart])
    }

    /// `{"type":"text","text":…}` or `{"type":"image_url","image_url":{"url":…}}`.
    enum ContentPart {
        case text(String)
        /// An https URL or a `data:` URL.
        case image(String)
    }

    /// An assistant's tool call: `{"id":…,"type":"function","function":{"name":…,"arguments":"{…}"}}`.
    struct ToolCall {
        var id: String
        var name: String
        var arguments: String
    }

    /// `{"type":"function","function":{"name":…,"description":…,"parameters":{…}}}`.
    struct Tool {
        var name: String
        var description: String?
        var parameters: JSONValue
    }

    /// `"auto"`, `"none"`, `"required"` or `{"type":"function","function":{"name":…}}`.
    enum ToolChoice {
        case mode(String)
        case function(String)
    }

    /// `{"type":"json_object"}` or `{"type":"json_schema","json_schema":{"name":…,"schema":{…},"strict":…}}`.
    enum ResponseFormat {
        case jsonObject
        case jsonSchema(name: String, schema: JSONValue, strict: Bool)
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
        /// The tier that served the request (`"default"`, `"flex"`, `"priority"`), on every chunk.
        var serviceTier: String?
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
    /// "completion_tokens_details":{"reasoning_tokens":…}}`, and DeepSeek's `"prompt_cache_hit_tokens":…`.
    struct UsageReport {
        var promptTokens: Int?
        var completionTokens: Int?
        var promptTokensDetails: PromptTokensDetails?
        /// DeepSeek's count of prompt tokens read from its context cache (it sends no `prompt_tokens_details`).
        var promptCacheHitTokens: Int?
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
