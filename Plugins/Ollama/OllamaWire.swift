import SwitchboardKit

/// The JSON shapes of Ollama's native API, as this plugin sends and reads them.
enum OllamaWire {
    // MARK: Chat request

    /// The body of `POST /api/chat` (written by `write(to:)` in `OllamaWire+RequestJSON.swift`).
    struct ChatRequest {
        var model: String
        var messages: [Message]
        var tools: [Tool]?
        var stream = true
        var options: Options?
        /// `"json"`, or a JSON Schema the answer must match.
        var format: JSONValue?
        var think: Bool?
        var keepAlive: JSONValue?
    }

    /// One message: text `content`, base64 `images`, the assistant's `thinking` and `tool_calls`, and for a tool
    /// result the `tool_name` it answers.
    struct Message {
        var role: String
        var content: String
        var thinking: String?
        var images: [String]?
        var toolCalls: [ToolCall]?
        var toolName: String?
    }

    /// A tool call, sent or received: `{"function":{"name":…,"arguments":{…}}}` (newer servers add an `id`).
    struct ToolCall: Decodable {
        var id: String?
        var function: FunctionCall
    }

    /// A called function with its arguments as a JSON object.
    struct FunctionCall: Decodable {
        var name: String
        var arguments: JSONValue?
    }

    /// `{"type":"function","function":{"name":…,"description":…,"parameters":{…}}}`.
    struct Tool {
        var name: String
        var description: String?
        var parameters: JSONValue
    }

    /// Sampling options: `{"temperature":…,"top_p":…,"num_predict":…,"stop":[…]}`.
    struct Options {
        var temperature: Double?
        var topP: Double?
        var numPredict: Int?
        var stop: [String]?

        var isEmpty: Bool { temperature == nil && topP == nil && numPredict == nil && stop == nil }
    }

    // MARK: Chat stream

    /// One NDJSON line of the answer, the final `done` line, or `{"error":…}`.
    struct ChatChunk: Decodable {
        var model: String?
        var message: ChunkMessage?
        var done: Bool?
        var doneReason: String?
        /// Prompt tokens, cached ones included; older Ollama versions omit it when the whole prompt was cached.
        var promptEvalCount: Int?
        /// Prompt tokens read from the KV cache (newer Ollama versions).
        var promptEvalCachedCount: Int?
        var evalCount: Int?
        var error: String?

        private enum CodingKeys: String, CodingKey {
            case model, message, done, doneReason = "done_reason", promptEvalCount = "prompt_eval_count"
            case promptEvalCachedCount = "prompt_eval_cached_count", evalCount = "eval_count", error
        }
    }

    /// `{"role":"assistant","content":…,"thinking":…,"tool_calls":[…]}`.
    struct ChunkMessage: Decodable {
        var content: String?
        var thinking: String?
        var toolCalls: [ToolCall]?

        private enum CodingKeys: String, CodingKey { case content, thinking, toolCalls = "tool_calls" }
    }

    // MARK: Models

    /// The body of `GET /api/tags`.
    struct TagList: Decodable {
        var models: [Tag]
    }

    /// One installed model.
    struct Tag: Decodable {
        var name: String
        var details: TagDetails?
    }

    /// `{"parameter_size":"3.2B","quantization_level":"Q4_K_M",…}`.
    struct TagDetails: Decodable {
        var parameterSize: String?
        var quantizationLevel: String?

        private enum CodingKeys: String, CodingKey {
            case parameterSize = "parameter_size", quantizationLevel = "quantization_level"
        }
    }

    /// The body of `POST /api/show`.
    struct ShowRequest: Encodable {
        var model: String
    }

    /// The parts of `/api/show`'s answer this plugin reads: `model_info` (GGUF metadata such as
    /// `llama.context_length`) and `capabilities` (`completion`, `tools`, `vision`, `thinking`, …).
    struct ShowResponse: Decodable {
        var modelInfo: [String: JSONValue]?
        var capabilities: [String]?

        private enum CodingKeys: String, CodingKey { case modelInfo = "model_info", capabilities }
    }

    /// The body of `GET /api/version`.
    struct Version: Decodable {
        var version: String
    }
}
