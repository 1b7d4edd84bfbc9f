import SwitchboardKit

/// The JSON lines `claude -p --output-format stream-json --verbose` prints, as this plugin reads them.
enum ClaudeCodeWire {
    /// Any line: its `type` (`system`, `assistant`, `user`, `result`, …) says which other fields it has.
    struct Line: Decodable {
        var type: String
        var subtype: String?
        var sessionId: String?
        /// `system`/`init`: the model the session runs.
        var model: String?
        /// `assistant` and `user`: the message.
        var message: Message?
        /// `result`: whether the run failed.
        var isError: Bool?
        /// `result`: the final answer, or the error's text.
        var result: String?
        /// `result` with an error subtype: what went wrong (newer CLIs).
        var errors: [String]?
        var durationMs: Double?
        var numTurns: Int?
        var totalCostUsd: Double?
        var usage: Usage?

        private enum CodingKeys: String, CodingKey {
            case type, subtype, sessionId = "session_id", model, message, isError = "is_error", result, errors
            case durationMs = "duration_ms", numTurns = "num_turns", totalCostUsd = "total_cost_usd", usage
        }
    }

    /// An Anthropic Messages API message, as the CLI relays it.
    struct Message: Decodable {
        var id: String?
        var model: String?
        var content: [Block]?
    }

    /// One content block: `text` (`text`), `thinking` (`thinking`, `signature`), `tool_use` (`id`, `name`,
    /// `input`), `tool_result`, or a kind this plugin does not know.
    struct Block: Decodable {
        var type: String
        var text: String?
        var thinking: String?
        var signature: String?
        var id: String?
        var name: String?
        var input: JSONValue?
    }

    /// The run's token usage, Anthropic-style: `input_tokens` excludes both cache figures.
    struct Usage: Decodable {
        var inputTokens: Int?
        var cacheCreationInputTokens: Int?
        var cacheReadInputTokens: Int?
        var outputTokens: Int?

        private enum CodingKeys: String, CodingKey {
            case inputTokens = "input_tokens", cacheCreationInputTokens = "cache_creation_input_tokens"
            case cacheReadInputTokens = "cache_read_input_tokens", outputTokens = "output_tokens"
        }
    }
}
